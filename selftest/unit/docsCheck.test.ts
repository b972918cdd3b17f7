/**
 * docs:check: each page's examples held to its own tables, no server. On the seed pages it reports
 * their real defects; on the quirk pages, one finding of each kind the issue lists.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { checkDocs } from '../../src/docscheck/docsFindings';
import { loadContracts } from '../../src/contracts/loadContracts';
import { formatReport, main, parseArgs } from '../../src/cli/docsCheck';
import { PROJECT_ROOT } from '../../src/core/projectRoot';
import { captureCommand } from '../support/cliCapture';

const PAGES = path.join(PROJECT_ROOT, 'fixtures', 'pages');
// The seed pages live once, in contracts/ (where a user's run reads them).
const SEEDS = path.join(PAGES, '..', '..', 'contracts');
const QUIRKS = path.join(PAGES, 'quirks', 'api');

const line = (f: { page: string; example?: string; pointer?: string; kind: string; message: string }) =>
  `${f.page}${f.example ? `#${f.example}` : ''}${f.pointer ? ` ${f.pointer}` : ''} [${f.kind}] ${f.message}`;

test('the seed pages: their real defects, and nothing else', () => {
  const { pages, examples, findings } = checkDocs(loadContracts(SEEDS));
  expect([pages, examples]).toEqual([5, 5]);
  expect(findings.map(line)).toEqual([
    'create-domainsecurityprofile.md#create_domainsecurityprofile_from_ [url] URL\'s version segment "localtest" is not a Graph API version (v1.0 or beta): https://graph.microsoft.com/localtest/Security/domainSecurityProfiles',
    'create-hostsecurityprofiles.md#create_hostsecurityprofile_from_ [http] response: no blank line between the headers and the body',
    'create-hostsecurityprofiles.md#create_hostsecurityprofile_from_ /logonUsers/0/accountType [placeholder] request body: "String" is a type placeholder, not a value',
    'create-hostsecurityprofiles.md#create_hostsecurityprofile_from_ /logonUsers/0/logonTypes/0 [placeholder] request body: "String" is a type placeholder, not a value',
    'create-hostsecurityprofiles.md#create_hostsecurityprofile_from_ /logonUsers/0/accountType [placeholder] response body: "String" is a type placeholder, not a value',
    'create-hostsecurityprofiles.md#create_hostsecurityprofile_from_ /logonUsers/0/logonTypes/0 [placeholder] response body: "String" is a type placeholder, not a value',
    'create-ipsecurityprofile.md#create_ipsecurityprofile_from_ [url] URL\'s version segment "localtest" is not a Graph API version (v1.0 or beta): https://graph.microsoft.com/localtest/Security/ipSecurityProfiles',
    'create-usersecurityprofile.md#create_usersecurityprofile_from_ [url] URL\'s version segment "localtest" is not a Graph API version (v1.0 or beta): https://graph.microsoft.com/localtest/Security/userSecurityProfiles',
    'create-usersecurityprofile.md#create_usersecurityprofile_from_ /accounts/0/status [placeholder] request body: "String" is a type placeholder, not a value',
    'create-usersecurityprofile.md#create_usersecurityprofile_from_ /accounts/0/status [placeholder] response body: "String" is a type placeholder, not a value',
    'update-ipsecurityprofile.md#update_ipsecurityprofile [url] URL contains a backslash: https://graph.microsoft.com/docs\\api/Security/ipSecurityProfiles/{ipSecurityProfileId}',
    'update-ipsecurityprofile.md#update_ipsecurityprofile [url] URL\'s version segment "docs/api" is not a Graph API version (v1.0 or beta): https://graph.microsoft.com/docs\\api/Security/ipSecurityProfiles/{ipSecurityProfileId}',
    // Permissions tables the generator left as TODO: who may call these operations is not documented.
    'create-domainsecurityprofile.md [permissions] Delegated (work or school account) "TODO: Determine scopes" names no permission (nor says "Not supported" or "None")',
    'create-domainsecurityprofile.md [permissions] Application "TODO: Determine AppOnly scopes" names no permission (nor says "Not supported" or "None")',
    'create-hostsecurityprofiles.md [permissions] Delegated (work or school account) "TODO: Provide applicable permissions." names no permission (nor says "Not supported" or "None")',
    'create-hostsecurityprofiles.md [permissions] Delegated (personal Microsoft account) "TODO: Provide applicable permissions." names no permission (nor says "Not supported" or "None")',
    'create-hostsecurityprofiles.md [permissions] Application "TODO: Provide applicable permissions." names no permission (nor says "Not supported" or "None")',
    'create-ipsecurityprofile.md [permissions] Delegated (work or school account) "TODO: Determine scopes" names no permission (nor says "Not supported" or "None")',
    'create-ipsecurityprofile.md [permissions] Application "TODO: Determine AppOnly scopes" names no permission (nor says "Not supported" or "None")',
    'create-usersecurityprofile.md [permissions] Delegated (work or school account) "TODO: Determine scopes" names no permission (nor says "Not supported" or "None")',
    'create-usersecurityprofile.md [permissions] Application "TODO: Determine AppOnly scopes" names no permission (nor says "Not supported" or "None")',
    'update-ipsecurityprofile.md [permissions] Delegated (work or school account) "TODO: Determine scopes" names no permission (nor says "Not supported" or "None")',
    'update-ipsecurityprofile.md [permissions] Application "TODO: Determine AppOnly scopes" names no permission (nor says "Not supported" or "None")',
  ]);
  // Every finding says where: the page line of the block it is about.
  expect(findings.every((finding) => typeof finding.line === 'number')).toBe(true);
});

test('the quirk pages: one finding of each kind the documents get wrong', () => {
  const { findings } = checkDocs(loadContracts(QUIRKS));
  const all = findings.map(line);
  const expected = [
    // Status prose against the status line.
    'widget-update.md#update_widget [status] the prose documents 204 but the example response says 200',
    // Values that break the declared type, enum values that are not members, placeholders, enum placeholders.
    'widget-update.md#update_widget /weight [type] request body: weight: expected Int64, got string "heavy"',
    'widget-create.md#create_widget /status [enum] response body: status: expected a widgetStatus member (active, retired, unknownFutureValue), got string "Retired"',
    'widget-create.md#create_widget /size [placeholder] response body: "Integer" is a type placeholder, not a value (size: expected Int32, got string "Integer")',
    'widget-create.md#create_widget /color [enum-placeholder] response body: "String" is a type placeholder, not a value (color: expected a widgetColor member (red, green, blue, unknownFutureValue), got string "String")',
    // Malformed DateTimeOffset values.
    'widget-create.md#create_widget /createdDateTime [format] request body: createdDateTime: expected DateTimeOffset (like 2016-12-31T20:57:18.6460025Z), got string "2016-13-01T00:00:00Z"',
    'widget-update.md#update_widget /createdDateTime [format] response body: createdDateTime: expected DateTimeOffset (like 2016-12-31T20:57:18.6460025Z), got string "2016-12-31 23:57:18Z"',
    // URLs that do not match the template; placeholders nothing resolves.
    'widget-update.md#update_widget [url] URL https://graph.microsoft.com/beta/gadgets/{widget-id} matches no HTTP request template (/widgets/{widget-id})',
    'widget-actions.md#widget_report [url-placeholder] URL placeholder <period> in "report(period=<period>)" cannot be resolved',
    'widget-actions.md#widget_report [url-placeholder] URL placeholder {owner} in the query string cannot be resolved',
    // Bodies that are not JSON, or only after a repair.
    'widget-actions.md#widget_report [body] response body: not JSON: Expected double-quoted property name in JSON at position 18',
    'widget-create.md#create_widget [body] request body: trailing comma removed',
    'widget-update.md#update_widget_elided [body] request body: a value is elided with "..."; the body cannot be completed without guessing',
    // Shapes, message syntax, stale lengths, annotations, pairing.
    'intune-widget-create.md#example-1 [shape] response body: one widget is wrapped in "value"',
    'widget-create.md#create_widget [http] response: status line "HTTP 201 Created" is not HTTP syntax (HTTP/1.1 201 …)',
    'widget-create.md#create_widget [content-length] request: Content-Length says 9999 but the body as written is 213 bytes',
    'widget-create.md [annotation] annotation is not strict JSON (read leniently)',
  ];
  for (const finding of expected) expect(all).toContain(finding);
  // Flags enum values, null for a nullable property, missing properties of truncated examples: no finding.
  expect(all.filter((finding) => /features|mainPart|missing/.test(finding))).toEqual([]);
  // A request answered by two responses is reported once.
  expect(all.filter((finding) => finding.includes('{owner-id}'))).toEqual([
    'widget-list.md#list_user_widgets-response-1 [url-placeholder] URL placeholder {owner-id} in the query string cannot be resolved',
  ]);
});

test('the report: a table of kinds, then one table per page with example, line, pointer, kind, finding', () => {
  const result = checkDocs(loadContracts(SEEDS));
  const report = formatReport(SEEDS, result);
  expect(report).toContain('# Documentation findings');
  expect(report).toContain(`Folder \`${SEEDS}\`: 5 pages, 5 examples, 23 findings on 5 pages.`);
  expect(report).toContain('| placeholder | 6 |');
  expect(report).toContain('## update-ipsecurityprofile.md');
  expect(report).toContain(
    '| update_ipsecurityprofile | 73 |  | url | URL contains a backslash: https://graph.microsoft.com/docs\\\\api/Security/ipSecurityProfiles/{ipSecurityProfileId} |',
  );
  expect(report).toContain('| create_hostsecurityprofile_from_ | 80 | `/logonUsers/0/accountType` | placeholder |');
});

test.describe('the command line', () => {
  const captured = captureCommand('docs-check-', 'docs-findings.md');

  test('exit 0 with findings; the report is written and the summary printed', () => {
    expect(main([SEEDS, '--out', captured.out])).toBe(0);
    expect(fs.readFileSync(captured.out, 'utf8')).toContain('# Documentation findings');
    const summary = captured.logged.join('\n');
    expect(summary).toContain('5 pages, 5 examples, 23 findings on 5 pages');
    expect(summary).toMatch(/6 {2}placeholder/);
    expect(summary).toContain('update-ipsecurityprofile.md#update_ipsecurityprofile:73 [url] URL contains a backslash');
  });

  test('--strict: exit 1 when there are findings', () => {
    expect(main([SEEDS, '--strict', `--out=${captured.out}`])).toBe(1);
  });

  test('usage errors: exit 2 with a sentence, no stack trace', () => {
    expect(main([path.join(PAGES, 'no-such-folder'), '--out', captured.out])).toBe(2);
    expect(captured.logged.join('\n')).toMatch(/^docs:check: folder .*no-such-folder does not exist/);
    expect(captured.logged.join('\n')).not.toMatch(/\n\s+at /);
    captured.logged.length = 0;
    expect(main(['--frobnicate'])).toBe(2);
    expect(captured.logged.join('\n')).toMatch(/^docs:check: unknown option --frobnicate/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'docs-check-empty-'));
    try {
      expect(main([empty, '--out', captured.out])).toBe(2);
      expect(captured.logged.join('\n')).toContain('holds no *.md pages');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  test('arguments: folder default, CONTRACTS_DIR, REPORTS_DIR', () => {
    expect(parseArgs([], {}, '/work').dir).toMatch(/contracts$/);
    expect(parseArgs([], { CONTRACTS_DIR: 'pages' }, '/work').dir).toBe(path.resolve('/work', 'pages'));
    expect(parseArgs(['docs'], { REPORTS_DIR: 'out' }, '/work')).toMatchObject({
      dir: path.resolve('/work', 'docs'),
      out: path.resolve('/work', 'out', 'docs-findings.md'),
      strict: false,
    });
  });
});
