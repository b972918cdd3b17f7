/**
 * The summary reporter (src/report/summaryReporter.ts) fed synthetic runs night after night with a
 * HISTORY_FILE, as Playwright feeds it (TestCase, TestResult with the `check-results` attachment and the
 * annotations): summary.md marks each broken promise new / still failing / flaky and lists the fixed ones,
 * the file gets one record per test per run, a shard reads the history but does not write it, and the
 * coverage reaches the reporters that end after it (the HTML title, the run's metadata). No child run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { FullConfig, TestCase, TestResult } from '@playwright/test/reporter';
import { CHECK_RESULTS_ATTACHMENT, LEFT_BEHIND_ANNOTATION, SKIP_KIND_ANNOTATION, type TestReport } from '../../src/report/checkResults';
import { parseHistory } from '../../src/report/history';
import SummaryReporter, { testEntry } from '../../src/report/summaryReporter';

type Outcome = ReturnType<TestCase['outcome']>;

function playwrightTest(title: string, outcome: Outcome, report?: TestReport, annotations: TestResult['annotations'] = []) {
  const testCase = { id: title, title, outcome: () => outcome, parent: { project: () => ({ name: 'contracts' }) }, annotations: [] };
  const attachments = report
    ? [{ name: CHECK_RESULTS_ATTACHMENT, contentType: 'application/json', body: Buffer.from(JSON.stringify(report)) }]
    : [];
  return { test: testCase as unknown as TestCase, result: { attachments, annotations } as unknown as TestResult };
}

const kept = (status = 200): TestReport => ({
  sent: { method: 'GET', status, write: false },
  checks: [
    { check: 'status', outcome: 'kept' },
    { check: 'schema', outcome: 'kept' },
  ],
});
const brokenSchema = (pointer: string, actual: string): TestReport => ({
  sent: { method: 'POST', status: 201, write: true },
  checks: [
    { check: 'status', outcome: 'kept' },
    { check: 'schema', outcome: 'broken', violations: [{ path: pointer, expected: 'Int32', actual, known: false, verdict: 'docs' }] },
  ],
});
const notFound: TestReport = {
  sent: { method: 'GET', status: 404, write: false },
  checks: [
    { check: 'status', outcome: 'broken', violations: [{ expected: '200', actual: '404 Not Found', known: false }] },
    { check: 'schema', outcome: 'not-applicable', reason: 'the target answered 404' },
  ],
};

/** Runs the reporter over one night's tests, as Playwright would; returns what it wrote. */
function night(dir: string, startTime: string, tests: ReturnType<typeof playwrightTest>[], shard: FullConfig['shard'] = null) {
  const reportsDir = path.join(dir, 'reports');
  const historyFile = path.join(dir, 'history.jsonl');
  const config = { metadata: { target: 'https://graph.example/beta' }, shard } as unknown as FullConfig;
  const reporter = new SummaryReporter({
    reportsDir,
    historyFile,
    documented: { operations: 4, withoutExample: 1, examples: tests.length, pages: [] },
    fullReports: ['reports/results.json'],
  });
  reporter.onBegin(config);
  for (const { test: testCase, result } of tests) reporter.onTestEnd(testCase, result);
  reporter.onEnd({ status: 'failed', startTime: new Date(startTime), duration: 1 });
  return { summary: fs.readFileSync(path.join(reportsDir, 'summary.md'), 'utf8'), history: fs.readFileSync(historyFile, 'utf8'), config };
}

// The reporter appends to a GitHub step summary and sets the HTML title: not those of the run testing it.
const OWN = ['GITHUB_STEP_SUMMARY', 'PLAYWRIGHT_HTML_TITLE'] as const;
let saved: Record<string, string | undefined> = {};
const log = console.log;
test.beforeEach(() => {
  saved = Object.fromEntries(OWN.map((name) => [name, process.env[name]]));
  for (const name of OWN) delete process.env[name];
  // Its console lines are proven in summary.test.ts; here they would only fill the self-test's output.
  console.log = () => {};
});
test.afterEach(() => {
  console.log = log;
  for (const name of OWN) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

test('three nights with HISTORY_FILE: new, still failing since, fixed, flaky; one record per test per run', ({}, testInfo) => {
  const dir = testInfo.outputPath('nights');
  const first = night(dir, '2026-07-01T02:17:00.000Z', [
    playwrightTest('a.md#create', 'unexpected', brokenSchema('/countHits', 'string "9"')),
    playwrightTest('b.md#get', 'expected', kept()),
    playwrightTest('c.md#get', 'unexpected', notFound),
    playwrightTest('d.md#update', 'skipped', undefined, [
      { type: SKIP_KIND_ANNOTATION, description: 'placeholder' },
      { type: 'skip', description: 'no value for {dId}' },
    ]),
  ]);
  // The first night has no history to compare with: no marks, said once.
  expect(first.summary).toContain('History: no earlier run in');
  expect(first.summary).not.toContain('still failing');
  expect(first.summary).toContain('### placeholder without a value (1)');

  const second = night(dir, '2026-07-02T02:17:00.000Z', [
    playwrightTest('a.md#create', 'unexpected', brokenSchema('/countHits', 'string "9"')),
    playwrightTest('b.md#get', 'unexpected', brokenSchema('/size', 'string "big"')),
    playwrightTest('c.md#get', 'expected', kept()),
    playwrightTest('d.md#update', 'skipped', undefined, [{ type: 'skip', description: 'no value for {dId}' }]),
  ]);
  expect(second.summary).toContain('### Since the last run (history of 1 earlier run)');
  expect(second.summary).toContain('Broken promises: 1 new, 1 still failing, 0 flaky, 1 fixed.');
  expect(second.summary).toContain(
    '| a.md#create | schema | docs | countHits: expected Int32, got string "9" | still failing since 2026-07-01 |',
  );
  expect(second.summary).toContain('| b.md#get | schema | docs | size: expected Int32, got string "big" | new |');
  expect(second.summary).toContain('- c.md#get: `status` (failing since 2026-07-01)');
  // The overview's rows carry the marks too.
  expect(second.summary).toMatch(
    /\| 1 \| schema \| \[docs\] \| countHits: expected Int32, got string "9" \| still failing since 2026-07-01 \|/,
  );

  const third = night(dir, '2026-07-03T02:17:00.000Z', [
    playwrightTest('a.md#create', 'expected', kept(201)),
    playwrightTest('b.md#get', 'unexpected', brokenSchema('/size', 'string "big"')),
    playwrightTest('c.md#get', 'unexpected', notFound),
    playwrightTest('d.md#update', 'skipped'),
  ]);
  expect(third.summary).toContain('Broken promises: 0 new, 1 still failing, 1 flaky, 1 fixed.');
  expect(third.summary).toContain('| c.md#get | status |  | expected 200, got 404 Not Found | flaky (failed in 2 of the last 3 runs) |');
  expect(third.summary).toContain('still failing since 2026-07-02 |');
  expect(third.summary).toContain('- a.md#create: `schema /countHits` (failing since 2026-07-01)');

  const { records, unreadable } = parseHistory(third.history);
  expect(unreadable).toBe(0);
  expect(records).toHaveLength(12);
  expect(
    records.filter((r) => r.run === '2026-07-03T02:17:00.000Z').map((r) => [r.test, r.outcome, r.broken ?? [], r.unchecked ?? []]),
  ).toEqual([
    ['a.md#create', 'passed', [], []],
    ['b.md#get', 'failed', ['schema /size'], []],
    ['c.md#get', 'failed', ['status'], ['schema']],
    ['d.md#update', 'skipped', [], []],
  ]);
});

test('a shard reads the history for its marks but does not write it: the merge of the shards records the run', ({}, testInfo) => {
  const dir = testInfo.outputPath('sharded');
  night(dir, '2026-07-01T02:17:00.000Z', [playwrightTest('a.md#create', 'unexpected', brokenSchema('/countHits', '"9"'))]);
  const before = fs.readFileSync(path.join(dir, 'history.jsonl'), 'utf8');
  const shard = night(dir, '2026-07-02T02:17:00.000Z', [playwrightTest('a.md#create', 'unexpected', brokenSchema('/countHits', '"9"'))], {
    current: 1,
    total: 2,
  });
  expect(shard.history).toBe(before);
  expect(shard.summary).toContain('still failing since 2026-07-01');
  expect(shard.summary).toContain('a shard does not write the history');
  expect(shard.summary).toContain("Shard 1/2: this summary covers this shard's tests only");
});

test('the coverage reaches the reports that end after the summary: the HTML title and the run metadata', ({}, testInfo) => {
  const { config } = night(testInfo.outputPath('title'), '2026-07-01T02:17:00.000Z', [
    playwrightTest('a.md#get', 'expected', kept()),
    playwrightTest('b.md#get', 'skipped', undefined, [{ type: SKIP_KIND_ANNOTATION, description: 'permissions' }]),
  ]);
  expect(process.env.PLAYWRIGHT_HTML_TITLE).toBe(
    'Coverage: contracts 1 of 2 examples sent · 1 of 4 documented requests without an example · ⚠ 50 % of the examples were not sent (permissions 50 %)',
  );
  expect(config.metadata).toMatchObject({
    target: 'https://graph.example/beta',
    coverage: expect.stringContaining('contracts: 1 of 2 examples sent (50 %)'),
    warnings: '50 % of the examples were not sent (permissions 50 %) | no write was exercised (every request sent was a read)',
  });
});

test('what the reporter reads of a test: outcome, project, skip kind and reason, check results, resources left behind', () => {
  const { test: testCase, result } = playwrightTest('a.md#create', 'unexpected', brokenSchema('/n', '"x"'), [
    { type: LEFT_BEHIND_ANNOTATION, description: 'https://h/beta/x/1 (delete answered 500)' },
  ]);
  expect(testEntry(testCase, result)).toMatchObject({
    title: 'a.md#create',
    project: 'contracts',
    outcome: 'failed',
    report: { sent: { method: 'POST', status: 201, write: true }, sentKnown: true },
    leftBehind: ['https://h/beta/x/1 (delete answered 500)'],
  });
  const skippedTest = playwrightTest('b.md#x', 'skipped', undefined, [
    { type: SKIP_KIND_ANNOTATION, description: 'read-only' },
    { type: 'skip', description: 'READ_ONLY=1: PATCH is not sent' },
  ]);
  expect(testEntry(skippedTest.test, skippedTest.result).skip).toEqual({ kind: 'read-only', reason: 'READ_ONLY=1: PATCH is not sent' });
  const unknown = playwrightTest('c.md#x', 'skipped', undefined, [{ type: 'skip', description: 'something else' }]);
  expect(testEntry(unknown.test, unknown.result).skip).toEqual({ kind: 'other', reason: 'something else' });
});
