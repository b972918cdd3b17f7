/**
 * What a page's permissions table means for a run (src/contracts/permissions.ts): the skip reason for a token
 * kind the page does not support or for permissions it does not list, the one root cause of a 401/403, and
 * docs:check's `permissions` findings (src/docscheck/permissionsFindings.ts). On the real pages of
 * fixtures/pages/permissions/ (see parsePage.permissions.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parsePage } from '../../src/docs/parsePage';
import type { Page } from '../../src/docs/model';
import { permissionKindOf, permissionsRootCause, permissionsSkipReason, type PermissionsRun } from '../../src/contracts/permissions';
import { pagePermissionsFindings } from '../../src/docscheck/permissionsFindings';
import { checkDocs } from '../../src/docscheck/docsFindings';
import { buildSuite, loadContracts } from '../../src/contracts/loadContracts';

const PAGES = path.join(__dirname, '..', '..', 'fixtures', 'pages', 'permissions');
const read = (file: string): Page => parsePage(fs.readFileSync(path.join(PAGES, file), 'utf8'), file);
const FORBIDDEN = {
  status: 403,
  statusText: 'Forbidden',
  json: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } },
};
const SERVICE_SAID = 'the service said Authorization_RequestDenied: "Insufficient privileges to complete the operation."';

test('token kinds name table rows: delegated is the work or school account row', () => {
  expect((['application', 'delegated', 'delegated-personal'] as const).map(permissionKindOf)).toEqual([
    'application',
    'delegated-work',
    'delegated-personal',
  ]);
});

test.describe('skipped for permissions', () => {
  test('a token kind the page does not support: the row, its text and its page line', () => {
    expect(permissionsSkipReason(read('todotasklist-delete.md'), { tokenKind: 'application', grantedPermissions: undefined })).toBe(
      "Application: Not supported (todotasklist-delete.md:22); the run's token is an application token (TOKEN_KIND)",
    );
    expect(permissionsSkipReason(read('alert-update.md'), { tokenKind: 'delegated-personal', grantedPermissions: undefined })).toBe(
      "Delegated (personal Microsoft account): Not supported (alert-update.md:23); the run's token is a delegated-personal token (TOKEN_KIND)",
    );
  });

  test('a token kind the page supports, an unknown kind, no usable table: nothing is skipped', () => {
    for (const tokenKind of ['delegated', 'delegated-personal'] as const)
      expect(permissionsSkipReason(read('todotasklist-delete.md'), { tokenKind, grantedPermissions: undefined })).toBeUndefined();
    expect(permissionsSkipReason(read('todotasklist-delete.md'), { tokenKind: undefined, grantedPermissions: undefined })).toBeUndefined();
    for (const tokenKind of ['application', 'delegated', 'delegated-personal'] as const) {
      const run = { tokenKind, grantedPermissions: ['Nothing.Useful'] };
      expect(permissionsSkipReason(read('print-list-services.md'), run)).toBeUndefined();
      expect(permissionsSkipReason({ file: 'widget-get.md' }, run)).toBeUndefined();
    }
  });

  test('several tables: skipped only when every one rules the kind out', () => {
    // Application is not supported acting on self, but is acting on other users.
    const page = read('authentication-list-methods.md');
    expect(permissionsSkipReason(page, { tokenKind: 'application', grantedPermissions: undefined })).toBeUndefined();
    expect(permissionsSkipReason(page, { tokenKind: 'delegated-personal', grantedPermissions: undefined })).toBe(
      'Delegated (personal Microsoft account): Not supported (Permissions acting on self, Permissions acting on other users; ' +
        "authentication-list-methods.md:27, 35); the run's token is a delegated-personal token (TOKEN_KIND)",
    );
    // A column per permission type: Application reads user calendars, not group calendars.
    expect(permissionsSkipReason(read('calendar-get.md'), { tokenKind: 'application', grantedPermissions: undefined })).toBeUndefined();
  });

  test('a row that cannot be read for the kind (TODO, an unknown label) never skips', () => {
    const todo = parsePage(
      '# Create widget\n\n## Permissions\n\n|Permission type|Permissions (from most to least privileged)|\n|:---|:---|\n' +
        '|Delegated (work or school account)|**TODO: Determine scopes **|\n|Delegated (personal Microsoft account)|Not supported.|\n' +
        '|Application|**TODO: Determine AppOnly scopes **|\n',
      'create-widget.md',
    );
    expect(permissionsSkipReason(todo, { tokenKind: 'application', grantedPermissions: ['Widget.Read'] })).toBeUndefined();
    expect(permissionsSkipReason(todo, { tokenKind: 'delegated-personal', grantedPermissions: undefined })).toBe(
      "Delegated (personal Microsoft account): Not supported (create-widget.md:8); the run's token is a delegated-personal token (TOKEN_KIND)",
    );
    // The row labelled "oauth2permissiongrant" may be the Application row: nothing is skipped on its page.
    for (const tokenKind of ['application', 'delegated-personal'] as const)
      expect(permissionsSkipReason(read('oauth2permissiongrant-delta.md'), { tokenKind, grantedPermissions: ['X.Y'] })).toBeUndefined();
  });

  test('GRANTED_PERMISSIONS: none of what the page lists for the kind was granted', () => {
    const page = read('user-get.md');
    expect(permissionsSkipReason(page, { tokenKind: 'application', grantedPermissions: ['Mail.Read', 'User.Read'] })).toBe(
      'Application: needs one of User.Read.All, User.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All (user-get.md:25); ' +
        'granted: Mail.Read, User.Read (GRANTED_PERMISSIONS)',
    );
    // One of them granted, in any case: not skipped.
    expect(
      permissionsSkipReason(page, { tokenKind: 'application', grantedPermissions: ['Mail.Read', 'directory.read.all'] }),
    ).toBeUndefined();
    // The delegated row lists User.Read.
    expect(permissionsSkipReason(page, { tokenKind: 'delegated', grantedPermissions: ['Mail.Read', 'User.Read'] })).toBeUndefined();
  });

  test('GRANTED_PERMISSIONS with an unknown kind: none of what any row lists', () => {
    const page = read('alert-update.md');
    expect(permissionsSkipReason(page, { tokenKind: undefined, grantedPermissions: ['Mail.Read'] })).toBe(
      'needs one of Delegated (work or school account) SecurityEvents.ReadWrite.All; Application SecurityEvents.ReadWrite.All ' +
        '(alert-update.md:22, 24); granted: Mail.Read (GRANTED_PERMISSIONS)',
    );
    expect(permissionsSkipReason(page, { tokenKind: undefined, grantedPermissions: ['SecurityEvents.ReadWrite.All'] })).toBeUndefined();
  });

  test('GRANTED_PERMISSIONS never skips on a cell that says more than a list, or needs nothing', () => {
    // "Application.ReadWrite.OwnedBy and Directory.Read.All, …": the suite does not guess the cell's logic.
    expect(
      permissionsSkipReason(read('application-post-owners.md'), { tokenKind: 'application', grantedPermissions: ['Mail.Read'] }),
    ).toBeUndefined();
    // "None.": nothing to grant.
    expect(
      permissionsSkipReason(read('application-addkey.md'), { tokenKind: 'application', grantedPermissions: ['Mail.Read'] }),
    ).toBeUndefined();
  });
});

test.describe('the one root cause of a 401 or 403', () => {
  const run = (tokenKind: PermissionsRun['tokenKind'], grantedPermissions?: string[]): PermissionsRun => ({
    tokenKind,
    grantedPermissions,
  });

  test('403: what the page allows the run’s token kind, least privileged first, with the page line and what the service said', () => {
    expect(permissionsRootCause(read('alert-update.md'), run('application'), FORBIDDEN)).toBe(
      '403 Forbidden: the page allows Application SecurityEvents.ReadWrite.All (least privileged first; alert-update.md:24); ' +
        `token kind application; ${SERVICE_SAID}`,
    );
    expect(permissionsRootCause(read('user-get.md'), run('delegated'), { status: 403, statusText: '', json: undefined })).toBe(
      '403 Forbidden: the page allows Delegated (work or school account) User.Read, User.ReadWrite, User.ReadBasic.All, User.Read.All, ' +
        'User.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All, Directory.AccessAsUser.All (least privileged first; user-get.md:23); ' +
        'token kind delegated',
    );
  });

  test('403 with an unknown token kind: every row', () => {
    expect(permissionsRootCause(read('alert-update.md'), run(undefined), FORBIDDEN)).toBe(
      '403 Forbidden: the page allows Delegated (work or school account) SecurityEvents.ReadWrite.All; Delegated (personal Microsoft account) ' +
        'not supported; Application SecurityEvents.ReadWrite.All (least privileged first; alert-update.md:22-24); ' +
        `token kind unknown (TOKEN_KIND names it); ${SERVICE_SAID}`,
    );
  });

  test('403 on a kind the page does not support, or that needs no permission; a qualified cell quoted', () => {
    expect(permissionsRootCause(read('alert-update.md'), run('delegated-personal'), FORBIDDEN)).toBe(
      '403 Forbidden: the page does not support Delegated (personal Microsoft account) tokens: Not supported (alert-update.md:23); ' +
        `token kind delegated-personal; ${SERVICE_SAID}`,
    );
    expect(permissionsRootCause(read('application-addkey.md'), run('application'), FORBIDDEN)).toBe(
      `403 Forbidden: the page says Application tokens need no permission: None (application-addkey.md:30); token kind application; ${SERVICE_SAID}`,
    );
    expect(permissionsRootCause(read('application-post-owners.md'), run('application'), FORBIDDEN)).toBe(
      '403 Forbidden: the page allows Application "Application.ReadWrite.OwnedBy and Directory.Read.All, Application.ReadWrite.All and ' +
        `Directory.Read.All" (application-post-owners.md:23); token kind application; ${SERVICE_SAID}`,
    );
  });

  test('403 with GRANTED_PERMISSIONS: what was granted, and whether the page allows any of it', () => {
    expect(permissionsRootCause(read('alert-update.md'), run('application', ['SecurityEvents.Read.All']), FORBIDDEN)).toBe(
      '403 Forbidden: the page allows Application SecurityEvents.ReadWrite.All (least privileged first; alert-update.md:24); ' +
        `token kind application; granted SecurityEvents.Read.All; ${SERVICE_SAID}`,
    );
    expect(permissionsRootCause(read('alert-update.md'), run('application', ['securityevents.readwrite.all']), FORBIDDEN)).toBe(
      '403 Forbidden: the page allows Application SecurityEvents.ReadWrite.All (least privileged first; alert-update.md:24); ' +
        'token kind application; granted securityevents.readwrite.all, of which the page allows SecurityEvents.ReadWrite.All: ' +
        `the refusal is about something else (a role, a licence, or access to this very resource); ${SERVICE_SAID}`,
    );
  });

  test('403 on a page without a usable table, or without a row for the kind', () => {
    expect(
      permissionsRootCause({ file: 'widget-get.md' }, run('application'), { status: 403, statusText: 'Forbidden', json: undefined }),
    ).toBe('403 Forbidden: the page has no permissions table to say which permission this operation needs; token kind application');
    expect(permissionsRootCause(read('print-list-services.md'), run('delegated'), FORBIDDEN)).toBe(
      "403 Forbidden: the page's permissions section has no table to say which permission this operation needs (print-list-services.md:17); " +
        `token kind delegated; ${SERVICE_SAID}`,
    );
    expect(permissionsRootCause(read('oauth2permissiongrant-delta.md'), run('application'), FORBIDDEN)).toBe(
      '403 Forbidden: the page says nothing of Application tokens; it allows Delegated (work or school account) Directory.Read.All, ' +
        'Directory.ReadWrite.All, Directory.AccessAsUser.All; Delegated (personal Microsoft account) not supported ' +
        `(oauth2permissiongrant-delta.md:23-24); token kind application; ${SERVICE_SAID}`,
    );
  });

  test('401: the token itself, or a missing permission; any other status: no permissions cause', () => {
    expect(
      permissionsRootCause(read('alert-update.md'), run('application'), { status: 401, statusText: 'Unauthorized', json: undefined }),
    ).toBe(
      '401 Unauthorized: the token was not accepted (expired, or for another audience or tenant), or the operation answers 401 for a ' +
        'missing permission; the page allows Application SecurityEvents.ReadWrite.All (least privileged first; alert-update.md:24); ' +
        'token kind application',
    );
    for (const status of [200, 400, 404, 429, 500])
      expect(permissionsRootCause(read('alert-update.md'), run('application'), { ...FORBIDDEN, status })).toBeUndefined();
  });
});

test.describe('docs:check: operation pages without a usable permissions table', () => {
  const line = (f: { line?: number; kind: string; message: string }) => `${f.line ?? '-'} [${f.kind}] ${f.message}`;

  test('a section without a table, a row that is no permission type, a cell naming none; a page with neither section nor table', () => {
    expect(pagePermissionsFindings(read('print-list-services.md')).map(line)).toEqual([
      '17 [permissions] the permissions section has no table (|Permission type|Permissions (from least to most privileged)|): who may call it is not documented',
    ]);
    expect(pagePermissionsFindings(read('oauth2permissiongrant-delta.md')).map(line)).toEqual([
      '25 [permissions] row "oauth2permissiongrant" names no permission type (Delegated (work or school account), Delegated (personal Microsoft account) or Application)',
    ]);
    const todo = parsePage('# X\n\n## Permissions\n\n|Permission type|Permissions|\n|:--|:--|\n|Application|TODO|\n', 'x.md');
    expect(pagePermissionsFindings(todo).map(line)).toEqual([
      '7 [permissions] Application "TODO" names no permission (nor says "Not supported" or "None")',
    ]);
    expect(pagePermissionsFindings(parsePage('# X\n\n## HTTP request\n\n`GET /x`\n', 'x.md')).map(line)).toEqual([
      '- [permissions] the page has no permissions table: who may call it is not documented',
    ]);
  });

  test('usable tables, however written, give no finding', () => {
    for (const file of [
      'user-get.md',
      'todotasklist-delete.md',
      'intune-mam-user-delete.md',
      'authentication-list-methods.md',
      'calendar-get.md',
      'application-addkey.md',
    ])
      expect(pagePermissionsFindings(read(file)), file).toEqual([]);
  });

  test('checkDocs reports them, for operation pages only', () => {
    const { findings } = checkDocs(loadContracts(PAGES));
    expect(findings.filter((finding) => finding.kind === 'permissions').map((finding) => `${finding.page}:${finding.line}`)).toEqual([
      'oauth2permissiongrant-delta.md:25',
      'print-list-services.md:17',
    ]);
    // A resource page (and an unreadable page, which has its own finding) says nothing of permissions.
    const resource = parsePage(
      '# widget resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Id.|\n',
      'widget.md',
    );
    const unreadable = { ...parsePage('', 'bin.md'), unreadable: 'not a text page: binary content (NUL bytes)' };
    const suite = buildSuite(PAGES, [resource, unreadable, read('print-list-services.md')]);
    expect(
      checkDocs(suite)
        .findings.filter((finding) => finding.kind === 'permissions')
        .map((finding) => finding.page),
    ).toEqual(['print-list-services.md']);
  });
});
