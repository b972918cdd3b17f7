/**
 * The embedded reference server is a working target for pages it was not written for: real pages
 * (fixtures/pages/operations, copied from the Graph reference) documenting a function
 * (`filterByCurrentUser(on='reviewer')`), an action (`POST …/cancel`), `$ref` links, a singleton (`/me`),
 * `$value`, `delta`, and creates the other examples' `{placeholders}` come from. Every example is sent and
 * passes; and the same answers go through the faults, so a broken server still fails them.
 */
import path from 'node:path';
import { expect } from '@playwright/test';
import { PROJECT_ROOT, reportedTests, suiteTest as test } from '../support/runSuite';

const OPERATIONS = path.join(PROJECT_ROOT, 'fixtures', 'pages', 'operations', 'api');
const DOCUMENTED = path.join(PROJECT_ROOT, 'fixtures', 'pages', 'documented', 'api');

/** Each kind of documented operation, by an example that performs it. */
const KINDS: Record<string, RegExp> = {
  function: /filterbycurrentuser\.md#/,
  action: /event-cancel\.md#event_cancel$/,
  $ref: /group-post-members\.md#add_member_to_group$/,
  singleton: /user-get\.md#get_user$/,
  $value: /userflowlanguagepage-get\.md#/,
  delta: /user-delta\.md#user_delta$/,
  'item of a created resource': /user-get\.md#get_user_1$/,
};

test('the embedded server answers every documented operation with its documented response', async ({ runner }) => {
  const run = await runner.run({
    reportsDir: test.info().outputPath('operations'),
    projects: ['contracts'],
    env: { CONTRACTS_DIR: OPERATIONS },
  });
  const tests = reportedTests(run.reportsDir);
  expect(run.failureText, run.output).toBe('');
  expect({ failed: run.failed, skipped: run.skipped }).toEqual({ failed: 0, skipped: 0 });
  for (const [kind, title] of Object.entries(KINDS)) {
    expect(
      tests.filter((t) => title.test(t.title)).map((t) => t.status),
      kind,
    ).toContain('expected');
  }
});

test('real pages with truncated examples of default property sets pass against the embedded server', async ({ runner }) => {
  const run = await runner.run({
    reportsDir: test.info().outputPath('documented'),
    projects: ['contracts'],
    env: { CONTRACTS_DIR: DOCUMENTED },
  });
  expect(run.failureText, run.output).toBe('');
  expect(run.failed).toBe(0);
  expect(run.passed).toBeGreaterThanOrEqual(45);
});

test('documented answers go through the faults: a server labelling them text/plain fails them', async ({ runner }) => {
  const run = await runner.run({
    reportsDir: test.info().outputPath('operations-faulty'),
    projects: ['contracts'],
    env: { CONTRACTS_DIR: OPERATIONS, REFERENCE_FAULTS: 'content-type-text-plain' },
    // Three examples are enough, and each failure costs a worker restart.
    args: ['--grep', 'filterbycurrentuser|user-get\\.md#get_user$|user-delta\\.md#user_delta$'],
  });
  const failed = reportedTests(run.reportsDir)
    .filter((t) => t.status === 'unexpected')
    .map((t) => t.title);
  expect(run.failingChecks.has('content-type'), run.output).toBe(true);
  for (const kind of ['function', 'singleton', 'delta'] as const)
    expect(
      failed.some((title) => KINDS[kind].test(title)),
      kind,
    ).toBe(true);
});
