/**
 * The `default-property-set` tolerance, where it matters: on truncated examples. The seed pages show
 * every property (so the matrix's run of this tolerance changes nothing there); here the seed pages
 * are rewritten as real pages often are, with a truncated response example that shows a few
 * properties and no promise that all are returned, and the suite must pass against a server that
 * answers with just those (a real service's default property set).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { TOLERANCES } from '../../server/tolerances';
import { loadContracts } from '../../src/contracts/loadContracts';
import { PROJECT_ROOT, suiteTest as test } from '../support/runSuite';

const SHOWN = ['@odata.type', 'id', 'address', 'countHits', 'firstSeenDateTime', 'vendorInformation'];
const SEEDS = ['create-ipsecurityprofile.md', 'update-ipsecurityprofile.md'];

/** The seed page with its response example truncated to SHOWN and no "all properties are returned" promise. */
export function truncatedCopy(source: string): string {
  const annotation = source.indexOf('"blockType": "response"');
  const start = source.indexOf('\n{', annotation) + 1;
  const end = source.indexOf('\n}\n```', start) + 2;
  const body = JSON.parse(source.slice(start, end)) as Record<string, unknown>;
  const shown = Object.fromEntries(Object.entries(body).filter(([key]) => SHOWN.includes(key)));
  return (source.slice(0, start) + JSON.stringify(shown, null, 2) + source.slice(end))
    .replace(/ All of the properties will be returned from an actual call\./g, '')
    .replace(/("blockType": "response",)(?!\s*"truncated")/, '$1\n  "truncated": true,');
}

function writePages(folder: string): void {
  fs.mkdirSync(folder, { recursive: true });
  for (const file of SEEDS)
    fs.writeFileSync(path.join(folder, file), truncatedCopy(fs.readFileSync(path.join(PROJECT_ROOT, 'contracts', file), 'utf8')));
}

test('the rewritten pages promise only what their truncated examples show', () => {
  const folder = test.info().outputPath('pages');
  writePages(folder);
  const suite = loadContracts(folder);
  const examples = suite.examples.filter((e) => e.expected.body === 'resource');
  expect(examples.map((e) => e.method).sort()).toEqual(['PATCH', 'POST']);
  for (const example of examples) {
    expect(example.expected).toMatchObject({ truncated: true, shownProperties: SHOWN.slice(1) });
    expect(example.expected.returnsAllProperties).toBeUndefined();
  }
});

test('the tolerance keeps only @odata.*, id and what the documented example shows', () => {
  const folder = test.info().outputPath('pages');
  writePages(folder);
  const suite = loadContracts(folder);
  const type = suite.registry.get('ipSecurityProfile')!;
  const tolerance = TOLERANCES.find((entry) => entry.name === 'default-property-set')!;
  const body = { '@odata.context': 'x', id: '1', address: 'a', countHits: 1, riskScore: 'r', tags: [], azureTenantId: 't' };
  const response = { status: 201, headers: {}, body };
  tolerance.respond!(response, { action: 'create', type, registry: suite.registry, servedTypes: [type], suite });
  expect(response.body).toEqual({ '@odata.context': 'x', id: '1', address: 'a', countHits: 1 });
});

test('a server answering with the default property set passes the suite on truncated examples', async ({ runner }) => {
  const folder = test.info().outputPath('pages');
  writePages(folder);
  const run = await runner.run({
    reportsDir: test.info().outputPath('default-property-set-truncated'),
    projects: ['contracts'],
    env: { CONTRACTS_DIR: folder, REFERENCE_TOLERANCES: 'default-property-set' },
  });
  expect({ exitCode: run.exitCode, failed: run.failed, checks: [...run.failingChecks] }, run.output).toEqual({
    exitCode: 0,
    failed: 0,
    checks: [],
  });
  expect(run.passed).toBeGreaterThanOrEqual(2);
});

test('on the same truncated pages a shown property that goes missing is still caught', async ({ runner }) => {
  const folder = test.info().outputPath('pages');
  writePages(folder);
  const run = await runner.run({
    reportsDir: test.info().outputPath('default-property-set-id-missing'),
    projects: ['contracts'],
    env: { CONTRACTS_DIR: folder, REFERENCE_TOLERANCES: 'default-property-set', REFERENCE_FAULTS: 'id-missing' },
  });
  expect(run.failed, run.output).toBeGreaterThan(0);
  expect([...run.failingChecks]).toContain('schema');
});
