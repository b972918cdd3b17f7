/**
 * Issue 10's "done when", each proven by running the contract suite as a user does (a child process)
 * against the reference server with a fault: one root cause per failure, blocked tests, SKIP_CHECKS,
 * the baseline (record, known, new, stale, prune) and the summary files.
 */
import fs from 'node:fs';
import { expect } from '@playwright/test';
import { parseBaseline } from '../../src/report/baseline';
import { reportedTests, stripAnsi, suiteTest as test, type ReportedTest } from '../support/runSuite';

const CREATE = 'create-ipsecurityprofile.md#create_ipsecurityprofile_from_';
const ONLY_CREATE = ['--grep', 'create-ipsecurityprofile'];
const named = (tests: ReportedTest[], title: string) =>
  tests.find((t) => t.title === title) ?? expect(tests.map((t) => t.title)).toContain(title)!;

test('an endpoint answering 404: one violation line quoting the error; the test it blocks is skipped, naming the create example', async ({
  runner,
}, testInfo) => {
  const run = await runner.run({
    projects: ['contracts'],
    env: { REFERENCE_FAULTS: 'collection-404' },
    reportsDir: testInfo.outputPath('reports'),
  });
  expect(run.exitCode, run.output).toBe(1);
  expect([...run.failingChecks]).toEqual(['status']);
  const tests = reportedTests(run.reportsDir);

  const create = named(tests, CREATE);
  const message = stripAnsi(create.errors.join('\n'));
  const lines = message.split('\n').filter((line) => line.startsWith('  - '));
  expect(lines.length, message).toBeGreaterThanOrEqual(1);
  expect(lines.length, message).toBeLessThanOrEqual(2);
  expect(message).toContain('expected 201 (documented), got 404 Not Found: ResourceNotFound: "The resource could not be found."');
  expect(message).not.toMatch(/missing|got nothing/);

  const update = named(tests, 'update-ipsecurityprofile.md#update_ipsecurityprofile');
  expect(update.status).toBe('skipped');
  expect(update.annotations.find((a) => a.type === 'skip')?.description).toBe(
    `blocked: cannot obtain {ipSecurityProfileId}: the documented create example ${CREATE} answered 404 ResourceNotFound: "The resource could not be found."`,
  );

  const summary = fs.readFileSync(`${run.reportsDir}/summary.md`, 'utf8');
  expect(summary).toMatch(
    /^# Contract test summary\n\n\*\*FAILED\*\*: 0 passed, 4 failed, 0 flaky, 1 skipped; broken promises: 4 new, 0 known;/,
  );
  expect(summary).toContain(`- blocked: cannot obtain {ipSecurityProfileId}: the documented create example ${CREATE} answered 404`);
});

test('SKIP_CHECKS=echo lets a target that changes echoed values pass (without it, value-changed fails in the matrix)', async ({
  runner,
}, testInfo) => {
  const run = await runner.run({
    projects: ['contracts'],
    env: { REFERENCE_FAULTS: 'value-changed', SKIP_CHECKS: 'echo' },
    reportsDir: testInfo.outputPath('reports'),
  });
  expect(run.exitCode, run.output).toBe(0);
  expect(run.failed).toBe(0);
  expect(run.passed).toBeGreaterThan(0);
});

test('a misspelt check name in SKIP_CHECKS exits with code 2 and lists the valid names', async ({ runner }, testInfo) => {
  const run = await runner.run({
    projects: ['contracts'],
    env: { SKIP_CHECKS: 'ech' },
    args: ['--list'],
    reportsDir: testInfo.outputPath('reports'),
  });
  expect(run.exitCode).toBe(2);
  expect(run.output).toContain(
    'configuration error: SKIP_CHECKS: unknown check "ech"; valid: status, content-type, schema, echo, odata-type',
  );
  expect(run.output).not.toMatch(/^ {4}at /m);
});

test('baseline: record a fault, rerun passes; another fault fails; a conforming target passes and lists the stale entry; prune drops it', async ({
  runner,
}, testInfo) => {
  const file = testInfo.outputPath('baseline.json');
  const stepSummary = testInfo.outputPath('github-step-summary.md');
  const suite = (name: string, env: Record<string, string>) =>
    runner.run({ projects: ['contracts'], env: { BASELINE_FILE: file, ...env }, args: ONLY_CREATE, reportsDir: testInfo.outputPath(name) });

  const record = await suite('record', { REFERENCE_FAULTS: 'value-changed', UPDATE_BASELINE: '1' });
  expect(record.exitCode, 'the recording run still shows what broke').toBe(1);
  const recorded = parseBaseline(fs.readFileSync(file, 'utf8')).deviations;
  expect(recorded).toEqual([
    {
      test: CREATE,
      check: 'echo',
      pointer: expect.stringMatching(/^\//),
      reason: '',
      firstSeen: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    },
  ]);

  const known = await suite('known', { REFERENCE_FAULTS: 'value-changed' });
  expect(known.exitCode, known.output).toBe(0);
  expect(named(reportedTests(known.reportsDir), CREATE)?.annotations).toContainEqual(
    expect.objectContaining({ type: 'known deviation', description: `echo ${recorded[0].pointer}: no reason given` }),
  );

  const other = await suite('other', { REFERENCE_FAULTS: 'int32-as-string' });
  expect(other.exitCode).toBe(1);
  expect(other.failingChecks).toContain('schema');

  const conforming = await suite('conforming', { GITHUB_STEP_SUMMARY: stepSummary });
  expect(conforming.exitCode, conforming.output).toBe(0);
  const summary = fs.readFileSync(`${conforming.reportsDir}/summary.md`, 'utf8');
  expect(summary).toContain('stale known deviations: 1');
  expect(summary).toContain(`- ${CREATE}: \`echo ${recorded[0].pointer}\` (no reason given; first seen ${recorded[0].firstSeen})`);
  expect(fs.readFileSync(stepSummary, 'utf8')).toContain(summary);

  const prune = await suite('prune', { UPDATE_BASELINE: 'prune' });
  expect(prune.exitCode, prune.output).toBe(0);
  expect(parseBaseline(fs.readFileSync(file, 'utf8')).deviations).toEqual([]);
});
