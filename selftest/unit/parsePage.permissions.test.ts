/**
 * parsePage reads the permissions table of real pages, copied verbatim from the v1.0 reference (2021) into
 * fixtures/pages/permissions/ (CC BY 4.0, Microsoft Graph documentation): a plain table, "Not supported",
 * an Intune page with the table under "Prerequisites", and the odd forms the corpus survey found (a delimiter
 * row GFM rejects, a column per permission type, lead-ins and sub-headings, "from most to least privileged"
 * with names separated by spaces, combinations, "None.", a row label that is no permission type, no table).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parsePage } from '../../src/docs/parsePage';
import type { Page, PermissionRow } from '../../src/docs/model';
import { cellText, permissionKind } from '../../src/docs/permissions';

const PAGES = path.join(__dirname, '..', '..', 'fixtures', 'pages', 'permissions');
const read = (file: string): Page => parsePage(fs.readFileSync(path.join(PAGES, file), 'utf8'), file);
/** `kind@line: names` (or `not-supported`), with the scope where there is one. */
const rows = (page: Page) =>
  page.permissions!.rows.map(
    (row: PermissionRow) =>
      `${row.scope ? `[${row.scope}] ` : ''}${row.kind}@${row.line}: ${Array.isArray(row.permissions) ? row.permissions.join(', ') || '(none)' : row.permissions}${row.qualified ? ' (qualified)' : ''}`,
  );

test('a plain table: a row per permission type, names least privileged first, the page line of each row', () => {
  const page = read('user-get.md');
  expect(page.permissions!.line).toBe(21);
  expect(rows(page)).toEqual([
    'delegated-work@23: User.Read, User.ReadWrite, User.ReadBasic.All, User.Read.All, User.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All, Directory.AccessAsUser.All',
    'delegated-personal@24: User.Read, User.ReadWrite',
    'application@25: User.Read.All, User.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All',
  ]);
  expect(page.permissions!.unread).toBeUndefined();
  // The table is not mistaken for a property or enum table.
  expect(page.propertyTables.filter((table) => /permission/.test(table.section))).toEqual([]);
  expect(page.enumTables).toEqual([]);
});

test('"Not supported" and "Not supported." are not-supported, keeping the text as written', () => {
  expect(read('todotasklist-delete.md').permissions!.rows[2]).toEqual({
    kind: 'application',
    line: 22,
    text: 'Not supported',
    permissions: 'not-supported',
  });
  expect(read('alert-update.md').permissions!.rows[1]).toEqual({
    kind: 'delegated-personal',
    line: 23,
    text: 'Not supported.',
    permissions: 'not-supported',
  });
});

test('an Intune page: the table under "Prerequisites"', () => {
  const page = read('intune-mam-user-delete.md');
  expect(page.permissions!.line).toBe(21);
  expect(rows(page)).toEqual([
    'delegated-work@23: DeviceManagementApps.ReadWrite.All',
    'delegated-personal@24: not-supported',
    'application@25: DeviceManagementApps.ReadWrite.All',
  ]);
});

test('"from most to least privileged", names separated by a space: reordered least privileged first', () => {
  const page = read('intune-cirrus-officeclientconfiguration-get.md');
  expect(rows(page)).toEqual([
    'delegated-work@25: DeviceManagementConfiguration.Read.All, DeviceManagementConfiguration.ReadWrite.All',
    'delegated-personal@26: not-supported',
    'application@27: DeviceManagementConfiguration.Read.All, DeviceManagementConfiguration.ReadWrite.All',
  ]);
  // The text stays as the page writes it.
  expect(page.permissions!.rows[0].text).toBe('DeviceManagementConfiguration.ReadWrite.All DeviceManagementConfiguration.Read.All');
});

test('a second table whose delimiter row has a column too many (no GFM table) is read, each under its sub-heading', () => {
  // Read as a paragraph by markdown-it; without it, Application would seem not supported at all.
  expect(rows(read('authentication-list-methods.md'))).toEqual([
    '[Permissions acting on self] delegated-work@26: UserAuthenticationMethod.Read, UserAuthenticationMethod.ReadWrite',
    '[Permissions acting on self] delegated-personal@27: not-supported',
    '[Permissions acting on self] application@28: not-supported',
    '[Permissions acting on other users] delegated-work@34: UserAuthenticationMethod.Read.All, UserAuthenticationMethod.ReadWrite.All',
    '[Permissions acting on other users] delegated-personal@35: not-supported',
    '[Permissions acting on other users] application@36: UserAuthenticationMethod.Read.All, UserAuthenticationMethod.ReadWrite.All',
  ]);
});

test('a column per permission type and a row per resource: one row per cell, scoped by the resource', () => {
  const page = read('calendar-get.md');
  expect(page.permissions!.line).toBe(25);
  expect(rows(page)).toEqual([
    '[user calendar] delegated-work@27: Calendars.Read, Calendars.ReadWrite',
    '[user calendar] delegated-personal@27: Calendars.Read, Calendars.ReadWrite',
    '[user calendar] application@27: Calendars.Read, Calendars.ReadWrite',
    '[group calendar] delegated-work@28: Group.Read.All, Group.ReadWrite.All',
    '[group calendar] delegated-personal@28: not-supported',
    '[group calendar] application@28: not-supported',
  ]);
});

test('several tables, each after a lead-in ("For users:"): scoped by it', () => {
  const scopes = read('directory-deleteditems-delete.md').permissions!.rows.map((row) => `${row.scope}@${row.line}`);
  expect(scopes).toEqual([
    'For applications@25',
    'For applications@26',
    'For applications@27',
    'For users@35',
    'For users@36',
    'For users@37',
    'For groups@45',
    'For groups@46',
    'For groups@47',
  ]);
});

test('combinations ("A and B"): every name listed, the row marked qualified so that its text is quoted', () => {
  const page = read('application-post-owners.md');
  expect(rows(page)).toEqual([
    'delegated-work@21: Application.ReadWrite.All, Directory.Read.All, Directory.AccessAsUser.All (qualified)',
    'delegated-personal@22: not-supported',
    'application@23: Application.ReadWrite.OwnedBy, Directory.Read.All, Application.ReadWrite.All (qualified)',
  ]);
  expect(page.permissions!.rows[2].text).toBe(
    'Application.ReadWrite.OwnedBy and Directory.Read.All, Application.ReadWrite.All and Directory.Read.All',
  );
});

test('"None." is an empty list: nothing needed, not "not supported"', () => {
  expect(rows(read('application-addkey.md'))).toEqual([
    'delegated-work@28: (none)',
    'delegated-personal@29: (none)',
    'application@30: (none)',
  ]);
});

test('a row whose label is no permission type is kept as unread, with its line', () => {
  const { permissions } = read('oauth2permissiongrant-delta.md');
  expect(permissions!.rows.map((row) => row.kind)).toEqual(['delegated-work', 'delegated-personal']);
  expect(permissions!.unread).toEqual([{ line: 25, text: 'oauth2permissiongrant' }]);
});

test('a permissions section without a table: the section line and no rows; a page without either: nothing', () => {
  expect(read('print-list-services.md').permissions).toEqual({ line: 17, rows: [] });
  expect(parsePage('# Get widget\n\n## HTTP request\n\n```http\nGET /widgets/{id}\n```\n', 'widget-get.md').permissions).toBeUndefined();
});

const page = (table: string) =>
  parsePage(`# Get widget\n\n## Permissions\n\nOne of the following.\n\n${table}\n\n## HTTP request\n`, 'widget-get.md');

test('cell variants: links, emphasis, code, <br>, footnote marks, trailing periods, repeats, empty and n/a cells', () => {
  const read = page(
    [
      '| Permission Type | Permissions (from least to most privileged) |',
      '|:--|:--|',
      '| [Delegated permission](/graph/auth-v2-user) (work or school account) | `Widget.Read`, **Widget.Read.All**,<br/>Widget.ReadWrite.Group*, WIDGET.READ. |',
      '| Delegated (personal Microsoft account) | n/a |',
      '| [Application permission](/graph/auth-v2-service) |  |',
    ].join('\n'),
  ).permissions!;
  expect(read.rows).toEqual([
    {
      kind: 'delegated-work',
      line: 9,
      text: 'Widget.Read, Widget.Read.All, Widget.ReadWrite.Group*, WIDGET.READ.',
      // The footnote mark left out; the repeat in another case once; a plain list (not qualified).
      permissions: ['Widget.Read', 'Widget.Read.All', 'Widget.ReadWrite.Group'],
    },
    { kind: 'delegated-personal', line: 10, text: 'n/a', permissions: 'not-supported' },
    { kind: 'application', line: 11, text: '', permissions: 'not-supported' },
  ]);
});

test('a plain list is not qualified; "Not applicable" is not supported; a TODO cell is unread with its kind', () => {
  const read = page(
    [
      '|Permission type|Permissions (from least to most privileged)|',
      '|:---|:---|',
      '|Delegated (work or school account)|Widget.Read, Widget.ReadWrite or Widget.ReadWrite.All.|',
      '|Delegated (personal Microsoft account)|Not applicable|',
      '|Application|**TODO: Determine AppOnly scopes **|',
    ].join('\n'),
  ).permissions!;
  expect(read.rows.map((row) => [row.permissions, row.qualified])).toEqual([
    [['Widget.Read', 'Widget.ReadWrite', 'Widget.ReadWrite.All'], undefined],
    ['not-supported', undefined],
  ]);
  expect(read.unread).toEqual([{ line: 11, kind: 'application', text: 'TODO: Determine AppOnly scopes' }]);
});

test('a request-body table whose first header says "Permission Type" is no permissions table', () => {
  const read = parsePage(
    [
      '# Update permission',
      '',
      '## Request body',
      '',
      '| Permission Type | Property | Type | Description |',
      '|:--|:--|:--|:--|',
      '| User | roles | String collection | An array of permission types. |',
    ].join('\n'),
    'permission-update.md',
  );
  expect(read.permissions).toBeUndefined();
});

test('permission types as the pages name them', () => {
  expect(
    [
      'Delegated (work or school account)',
      'Delegated (personal Microsoft account)',
      'Application',
      '[Application permission](/graph/auth-v2-service)',
      'delegated (Work or School account)',
      'Delegated',
      'oauth2permissiongrant',
      'Supported resource',
    ].map(permissionKind),
  ).toEqual(['delegated-work', 'delegated-personal', 'application', 'application', 'delegated-work', undefined, undefined, undefined]);
  expect(cellText('For **user** resource:<br/>User.Read, [Contacts.Read](x.md)&nbsp;`x`')).toBe(
    'For user resource: User.Read, Contacts.Read x',
  );
});
