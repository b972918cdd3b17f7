/**
 * docs:check with metadata: the pages of fixtures/pages/metadata drift from their service's CSDL (in the
 * folder's metadata/, read by default) once per kind of finding, and agree with it everywhere else (an
 * action's parameters, a property inherited from a base type, an alias spelling, a deprecation the page
 * mentions); the seed pages with Microsoft's own metadata list their enum drift and the deprecation of
 * ipSecurityProfile. The command line: where the metadata comes from, and one line for bad metadata.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { folderMetadata, main, parseArgs } from '../../src/cli/docsCheck';
import { loadContracts } from '../../src/contracts/loadContracts';
import type { MetadataFinding } from '../../src/core/findingKinds';
import { checkAgainstMetadata, listedValues, resourceAnnotation } from '../../src/docscheck/metadataFindings';
import { readMetadata } from '../../src/metadata/readMetadata';
import { captureCommand } from '../support/cliCapture';

const ROOT = path.join(__dirname, '..', '..');
const DRIFT = path.join(ROOT, 'fixtures', 'pages', 'metadata');
const SEEDS = path.join(ROOT, 'contracts');
const modelOf = (dir: string) =>
  readMetadata(folderMetadata(dir).map((file) => ({ name: path.basename(file), text: fs.readFileSync(file, 'utf8') })));
const line = (f: MetadataFinding) => `${f.page}:${f.line} [${f.kind}] ${f.element}${f.pointer ? ` ${f.pointer}` : ''} ${f.message}`;

test('each kind of drift between pages and metadata is found, with its page line and metadata element', () => {
  const findings = checkAgainstMetadata(loadContracts(DRIFT), modelOf(DRIFT)).map(line);
  expect(findings).toEqual([
    'api/gadget-create.md:17 [method-ruled-out] microsoft.graph.GraphService/gadgets POST /gadgets: InsertRestrictions/Insertable is false for microsoft.graph.GraphService/gadgets',
    'api/gadget-create.md:17 [undocumented-deprecation] microsoft.graph.gadget microsoft.graph.gadget is deprecated since 2024-01-01, removal date 2026-01-01 ("Gadgets are going away."); the page does not say so',
    'api/widget-frobnicate.md:16 [unresolved-path] microsoft.graph.widget POST /widgets/{widget-id}/frobnicate: "frobnicate" does not resolve: widget has no property, navigation property or bound operation "frobnicate"',
    'api/widget-update.md:16 [method-ruled-out] microsoft.graph.GraphService/widgets PATCH /widgets/{widget-id}: UpdateRestrictions/UpdateMethod is PUT for microsoft.graph.GraphService/widgets',
    'api/widget-update.md:38 [example-value] microsoft.graph.widget/status /status request body: status: expected a widgetStatus member (active, retired, unknownFutureValue), got string "String"',
    'resources/sprocket.md:14 [unknown-type] sprocket sprocket: the metadata declares no type of that name',
    'resources/widget.md:17 [unknown-property] microsoft.graph.widget/displayName displayname: the metadata spells it displayName',
    'resources/widget.md:18 [property-type] microsoft.graph.widget/weight weight: the page says Int32, the metadata declares Int64',
    'resources/widget.md:19 [property-type] microsoft.graph.widget/status status: the page says String, the metadata declares the enum widgetStatus',
    'resources/widget.md:20 [enum-members] microsoft.graph.widgetColor color (widgetColor): only on the page: mauve',
    'resources/widget.md:21 [unknown-property] microsoft.graph.widget colour: widget has no such property in the metadata',
    'resources/widget.md:27 [enum-members] microsoft.graph.widgetColor widgetColor: spelled in another case: Red (metadata: red); only on the page: purple; only in the metadata: blue',
    'resources/widget.md:14 [undocumented-property] microsoft.graph.widget/secret secret (String): a widget property the page does not list',
  ]);
  // What agrees says nothing: the action and its parameter table, the inherited id, `[widgetColor]` for
  // `graph.widgetColor`, a deprecation the page mentions, a path through a navigation property.
  expect(findings.filter((finding) => /widget-retire|gadget-get|\/id |tags|createdDateTime/.test(finding))).toEqual([]);
});

test('without the metadata’s word on a thing, nothing is said of it', () => {
  const bare = readMetadata([{ name: 'service.xml', text: fs.readFileSync(path.join(DRIFT, 'metadata', 'service.xml'), 'utf8') }]);
  const kinds = new Set(checkAgainstMetadata(loadContracts(DRIFT), bare).map((finding) => finding.kind));
  expect(kinds.has('method-ruled-out')).toBe(false);
  expect(kinds.has('undocumented-deprecation')).toBe(false);
  expect(kinds.has('property-type')).toBe(true);
});

test('the seed pages with Microsoft’s metadata: the enum drift of their examples and the ipSecurityProfile deprecation', () => {
  const findings = checkAgainstMetadata(loadContracts(SEEDS), modelOf(SEEDS));
  expect(findings.filter((f) => f.kind === 'example-value').map((f) => `${f.page} ${f.element} ${f.pointer}`)).toEqual([
    'create-hostsecurityprofiles.md microsoft.graph.logonUser/accountType /logonUsers/0/accountType',
    'create-hostsecurityprofiles.md microsoft.graph.logonUser/logonTypes /logonUsers/0/logonTypes/0',
    'create-usersecurityprofile.md microsoft.graph.userAccount/status /accounts/0/status',
  ]);
  expect(findings.find((f) => f.element === 'microsoft.graph.logonUser/accountType')?.message).toBe(
    'request body: logonUsers[0].accountType: expected a userAccountSecurityType member (unknown, standard, power, administrator, unknownFutureValue), got string "String"',
  );
  const deprecations = findings.filter((f) => f.kind === 'undocumented-deprecation');
  expect(deprecations.map((f) => `${f.page}:${f.line} ${f.element}`)).toEqual([
    'create-ipsecurityprofile.md:31 microsoft.graph.ipSecurityProfile',
    'update-ipsecurityprofile.md:29 microsoft.graph.ipSecurityProfile',
  ]);
  expect(deprecations[0].message).toContain('deprecated since 2024-04-10, removal date 2026-04-10');
  expect(findings).toHaveLength(5);
});

test('the helpers: a description’s listed values, a resource annotation', () => {
  expect(listedValues('Status. Possible values are: `a`, `b`. Supports `$filter` (`eq`).')).toEqual(['a', 'b']);
  expect(listedValues('No list here: `x`.')).toEqual([]);
  expect(
    resourceAnnotation(
      '<!-- { "blockType": "resource", "baseType": "microsoft.graph.entity", "@odata.type": "microsoft.graph.workbookChartAxisTitle" } -->',
    ),
  ).toEqual({
    type: 'microsoft.graph.workbookChartAxisTitle',
    baseType: 'microsoft.graph.entity',
  });
  expect(resourceAnnotation('<!-- { "blockType": "request" } -->')).toEqual({});
});

test.describe('the command line', () => {
  const captured = captureCommand('docs-check-metadata-', 'docs-findings.md');

  test('the folder’s metadata/ by default: counts per kind on the console, a section per kind and per page in the report', () => {
    expect(main([DRIFT, '--out', captured.out])).toBe(0);
    const summary = captured.logged.join('\n');
    expect(summary).toMatch(/metadata .*annotations\.xml \([\d,]+ bytes, sha256 [0-9a-f]{12}\), .*service\.xml .*: 13 findings on 5 pages/);
    expect(summary).toMatch(/ 2 {2}enum-members\n/);
    const report = fs.readFileSync(captured.out, 'utf8');
    expect(report).toContain('# Pages against the metadata');
    expect(report).toContain('| enum-members | 2 | enum members that differ between the page and the metadata |');
    expect(report).toContain('## resources/widget.md (metadata)');
    expect(report).toContain(
      '| 18 | property-type | `microsoft.graph.widget/weight` | weight: the page says Int32, the metadata declares Int64 |',
    );
    expect(main([DRIFT, '--out', captured.out, '--strict'])).toBe(1);
  });

  test('--metadata names the files (or off); METADATA likewise; auto and off say what they mean offline', () => {
    const service = path.join(DRIFT, 'metadata', 'service.xml');
    expect(parseArgs([DRIFT, '--metadata', service], {}).metadata).toEqual([service]);
    expect(parseArgs([DRIFT, `--metadata=${service},https://example.com/$metadata`], {}).metadata).toEqual([
      service,
      'https://example.com/$metadata',
    ]);
    expect(parseArgs([DRIFT, '--metadata', 'off'], {}).metadata).toEqual([]);
    expect(parseArgs([DRIFT], { METADATA: service }).metadata).toEqual([service]);
    expect(parseArgs([DRIFT], {}).metadata).toEqual(folderMetadata(DRIFT));
    expect(parseArgs([DRIFT], { METADATA: 'off' })).toMatchObject({
      metadata: [],
      metadataNote: 'METADATA=off: the pages are not compared with metadata',
    });
    expect(parseArgs([DRIFT], { METADATA: 'auto' }).metadataNote).toMatch(
      /^METADATA=auto names the target's \$metadata, which docs:check does not fetch .*: comparing with metadata\/metadata\/ instead$/,
    );
    expect(main([DRIFT, '--out', captured.out, '--metadata', 'off'])).toBe(0);
    expect(captured.logged.join('\n')).not.toContain('metadata ');
  });

  test('metadata that cannot be read or parsed: one line, exit 2', () => {
    expect(main([DRIFT, '--out', captured.out, '--metadata', path.join(DRIFT, 'no-such.xml')])).toBe(2);
    expect(captured.logged).toEqual([`docs:check: cannot read metadata file ${path.join(DRIFT, 'no-such.xml')}: ENOENT`]);
    captured.logged.length = 0;
    const broken = path.join(path.dirname(captured.out), 'broken.xml');
    fs.writeFileSync(broken, '<edmx:Edmx>\n<Schema>\n</edmx:Edmx>\n');
    expect(main([DRIFT, '--out', captured.out, '--metadata', broken])).toBe(2);
    expect(captured.logged).toHaveLength(1);
    expect(captured.logged[0]).toMatch(/^docs:check: .*broken\.xml: not well-formed XML at line 3, column \d+: /);
    expect(fs.existsSync(captured.out)).toBe(false);
  });
});
