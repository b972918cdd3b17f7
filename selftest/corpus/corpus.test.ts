/**
 * The real-world corpus (../shared/corpus, not shipped to users): the whole v1.0 reference read
 * without an exception, every request/response pair an independent line scan finds discovered as
 * an example (≥ 99%), every skip with a reason; docs:check finds the placeholders of the
 * security-profile pages. Prints the numbers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { checkDocs } from '../../src/docscheck/docsFindings';
import { buildSuite, listPages, loadContracts, readPage } from '../../src/contracts/loadContracts';
import { countPairs } from './pairCounter';
import { deriveBadRequests } from '../../src/negative/badRequests';
import { PROJECT_ROOT } from '../../src/core/projectRoot';

const CORPUS = path.resolve(PROJECT_ROOT, '..', 'shared', 'corpus');
const V1 = path.join(CORPUS, 'graph-docs-v1.0');
const SECURITY = path.join(CORPUS, 'security-profile-pages');

test.skip(!fs.existsSync(V1), `the real-world corpus is not in this checkout (${V1}): nothing to measure`);

function histogram(values: readonly string[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** Reasons without their specifics, so that they group: `(not JSON: …)` → `(…)`. */
const reasonKind = (reason: string) => reason.replace(/\(.*\)/, '(…)').replace(/: .*$/, ': …');

test('the v1.0 reference loads without an exception and every documented pair becomes an example', async ({}, testInfo) => {
  const files = listPages(V1);
  const started = performance.now();
  const pages = files.map((file) => readPage(V1, file));
  const parsed = performance.now();
  const suite = buildSuite(V1, pages);
  const built = performance.now();

  // Exceptions: readPage turns a parser exception into a page with a `parser-error` finding.
  const crashed = pages.filter((page) => page.findings.some((finding) => finding.kind === 'parser-error'));
  expect(crashed.map((page) => `${page.file}: ${page.findings[0].message}`)).toEqual([]);

  // The independent count, page by page: examples with a response against pairs the line scan finds.
  let pairs = 0;
  let annotatedPairs = 0;
  let ignoredPairs = 0;
  let discovered = 0;
  const missed: string[] = [];
  for (const page of pages) {
    const count = countPairs(fs.readFileSync(path.join(V1, page.file), 'utf8'));
    const found = page.examples.filter((example) => example.response).length;
    pairs += count.pairs;
    annotatedPairs += count.annotatedPairs;
    ignoredPairs += count.ignoredPairs;
    discovered += Math.min(found, count.pairs);
    if (found < count.pairs) missed.push(`${page.file}: ${found} of ${count.pairs}`);
  }
  const ratio = discovered / pairs;

  const unusable = suite.examples.filter((example) => example.unusable !== undefined);
  const numbers = [
    `pages: ${pages.length} (${files.filter((file) => file.startsWith('api/')).length} in api/)`,
    `request/response pairs (line scan): ${pairs} (${annotatedPairs} annotated, ${pairs - annotatedPairs} read from unannotated fences; ${ignoredPairs} with a request marked ignored)`,
    `pairs discovered as examples: ${discovered} (${(ratio * 100).toFixed(2)}%)`,
    `examples: ${suite.examples.length} (${suite.examples.filter((e) => e.pair.response).length} with a response), ${unusable.length} unusable (skipped with a reason)`,
    ...histogram(unusable.map((example) => reasonKind(example.unusable!))).map(
      ([reason, count]) => `    ${String(count).padStart(4)}  ${reason}`,
    ),
    `empty operation pages (skipped with a reason): ${suite.emptyPages.length}`,
    ...histogram(suite.emptyPages.map((entry) => entry.reason)).map(([reason, count]) => `    ${String(count).padStart(4)}  ${reason}`),
    `exceptions: ${crashed.length}`,
    `time: parse ${((parsed - started) / 1000).toFixed(2)} s, suite ${((built - parsed) / 1000).toFixed(2)} s`,
    ...(missed.length ? ['pages with fewer examples than pairs:', ...missed.map((line) => `    ${line}`)] : []),
  ].join('\n');
  console.log(numbers);
  await testInfo.attach('corpus numbers', { body: numbers, contentType: 'text/plain' });

  expect(ratio, `examples discovered / pairs counted\n${missed.join('\n')}`).toBeGreaterThanOrEqual(0.99);
  // Every skip carries a reason.
  // One expect for all (each expect is a step of its own, with a stack captured).
  const unsaid = [
    ...unusable.filter((example) => !example.unusable!.trim()).map((example) => example.title),
    ...suite.emptyPages.filter((entry) => !entry.reason.trim()).map((entry) => entry.page.file),
  ];
  expect(unsaid, 'skipped without a reason').toEqual([]);
  // Playwright needs unique titles: one test per example, one per empty page.
  const titles = [...suite.examples.map((example) => example.title), ...suite.emptyPages.map((entry) => entry.page.file)];
  expect(titles.length - new Set(titles).size).toBe(0);
});

test('the api/ folder alone uses the resources/ folder beside it for types', () => {
  const api = loadContracts(path.join(V1, 'api'));
  expect(api.typePages?.length ?? 0).toBeGreaterThan(1000);
  expect(api.typePages!.every((page) => page.file.startsWith('../resources/'))).toBe(true);
  // A complex type documented on its resource page only, and an enum documented in resources/enums.md.
  expect(api.registry.get('identitySet')?.tableProperties).toEqual(expect.arrayContaining(['application', 'device', 'user']));
  expect(api.registry.get('bodyType')?.members).toEqual(expect.arrayContaining(['text', 'html']));
});

test('docs:check reports the placeholder values and enum placeholders of the security-profile pages', async ({}, testInfo) => {
  test.skip(!fs.existsSync(SECURITY), `the security-profile pages are not in this checkout (${SECURITY})`);
  const { findings, examples } = checkDocs(loadContracts(SECURITY));
  const placeholders = findings.filter((finding) => finding.kind === 'placeholder');
  const enumPlaceholders = findings.filter((finding) => finding.kind === 'enum-placeholder');
  const summary = [
    `examples: ${examples}, findings: ${findings.length}`,
    ...histogram(findings.map((finding) => finding.kind)).map(([kind, count]) => `    ${String(count).padStart(4)}  ${kind}`),
  ].join('\n');
  console.log(summary);
  await testInfo.attach('security-profile findings', { body: summary, contentType: 'text/plain' });

  expect(
    histogram(findings.map((finding) => finding.kind))
      .map(([kind]) => kind)
      .sort(),
  ).toEqual(['enum-placeholder', 'permissions', 'placeholder', 'shape']);
  // The get pages wrap the one resource they return in "value"; what it holds is still checked.
  expect(findings).toContainEqual(
    expect.objectContaining({
      page: 'api/ipsecurityprofile-get.md',
      kind: 'shape',
      message: 'response body: one ipSecurityProfile is wrapped in "value"',
    }),
  );
  expect(placeholders).toContainEqual(expect.objectContaining({ page: 'api/ipsecurityprofile-get.md', pointer: '/value/countHits' }));
  // `"countHits": "Integer"` on an Int32, `"firstSeenDateTime": "String (timestamp)"` on a DateTimeOffset.
  expect(placeholders).toContainEqual(
    expect.objectContaining({
      page: 'api/ipsecurityprofile-create.md',
      pointer: '/countHits',
      message: expect.stringMatching(/"Integer".*expected Int32/),
    }),
  );
  expect(placeholders).toContainEqual(
    expect.objectContaining({
      page: 'api/ipsecurityprofile-create.md',
      pointer: '/firstSeenDateTime',
      message: expect.stringContaining('"String (timestamp)"'),
    }),
  );
  // `"permissionsRequired": "String"` where the resource page lists the enum's values.
  expect(enumPlaceholders).toContainEqual(
    expect.objectContaining({
      page: 'api/cloudappsecurityprofile-create.md',
      pointer: '/permissionsRequired',
      message: expect.stringMatching(/"String".*applicationPermissionsRequired member \(unknown, anonymous/),
    }),
  );
  // Every create page of the family shows placeholders.
  const createPages = new Set(placeholders.filter((finding) => /-create\.md$/.test(finding.page)).map((finding) => finding.page));
  expect(createPages.size).toBe(6);
});

test('every test the two projects would declare for the v1.0 reference has a title of its own', () => {
  // Playwright refuses a spec file that declares a title twice: the whole project would list nothing.
  const suite = loadContracts(V1);
  const titles = [
    ...suite.examples.map((example) => example.title),
    ...suite.emptyPages.map(({ page }) => page.file),
    ...suite.examples.flatMap((example) => deriveBadRequests(example, suite.registry).map((bad) => bad.title)),
  ];
  const seen = new Set<string>();
  const twice = titles.filter((title) => seen.size === seen.add(title).size);
  console.log(
    `titles: ${titles.length} (contracts ${suite.examples.length + suite.emptyPages.length}, negative ${titles.length - suite.examples.length - suite.emptyPages.length})`,
  );
  expect(twice).toEqual([]);
});
