/**
 * The suite proven against the reference server, one test per switch: with each fault on, the contract
 * suite must fail and the expected checks must be among the failures; with each tolerance on (and with
 * none) it must pass. The runs themselves are one child run (matrixRun.setup.ts, a dependency of this
 * project); each test reads its switch's part. Re-run one with `--grep "fault int32-as-string"` (the child
 * run then holds that switch only). Each test records its row for matrixReporter.ts, which prints the
 * matrix and the summary line and writes reports/selftest/matrix.md.
 */
import { expect, test } from '@playwright/test';
import { FAULTS } from '../../server/faults';
import { readSwitchRuns, switchErrors, type SuiteRun } from '../support/runSuite';
import { FAULT_EXPECTATIONS } from './expectations';
import { MATRIX_ROW, MATRIX_SWITCH, type MatrixRow, type SwitchId } from './matrixReporter';
import { MATRIX_RUN_DIR } from './matrixRun';
import { MATRIX_SWITCHES, type MatrixSwitch } from './switches';
import type { SkipKind } from '../../src/report/checkResults';

/** The child run's results, by switch: read once per worker. */
let runs: Map<string, SuiteRun> | undefined;
const runOf = (title: string) => (runs ??= readSwitchRuns(MATRIX_RUN_DIR)).get(title);

/** A matrix test's details: its switch, so that the reporter has a row even if the test never finishes. */
const declares = (which: SwitchId) => ({ annotation: { type: MATRIX_SWITCH, description: JSON.stringify(which) } });

/** Records the row, then fails the test with the reason when the run did not go as it must. */
function record(row: MatrixRow, detail: string): void {
  test.info().annotations.push({ type: MATRIX_ROW, description: JSON.stringify(row) });
  if (!row.ok) throw new Error(`${row.kind} ${row.name} ${row.outcome}: ${detail}`);
}

/** A switch of which no test ran (a crash, a configuration error) says nothing about it. */
const NO_RUN = 'DID NOT RUN';
const ran = (run: SuiteRun | undefined): run is SuiteRun => run !== undefined && run.passed + run.failed > 0;
const counts = (run: SuiteRun) => `${run.failed} failed, ${run.passed} passed`;
const sorted = (checks: Iterable<string>) => [...checks].sort();

/** Runs that must pass (the baseline and the tolerances), some also skipping tests for a reason of their own. */
function mustPass(which: SwitchId, run: SuiteRun | undefined, skippedFor?: SkipKind): void {
  if (!ran(run)) return record({ ...which, ok: false, outcome: NO_RUN, checks: [] }, 'no test of this switch ran in the child run');
  const skips = skippedFor ? (run.skipKinds.get(skippedFor) ?? 0) : 1;
  const ok = run.failed === 0 && skips > 0;
  const outcome = !skips
    ? `NOTHING SKIPPED FOR ${skippedFor!.toUpperCase()}`
    : ok
      ? 'passed'
      : which.kind === 'baseline'
        ? 'FAILED'
        : 'FALSE ALARM';
  const checks = sorted(run.failingChecks);
  record({ ...which, ok, outcome, checks }, `${counts(run)}; failing checks: ${checks.join(', ') || 'none'}\n${run.failureText}`);
}

/** A fault must fail tests; the checks expected for it must be among the failures, and its verdicts among theirs. */
function mustKill(which: SwitchId, run: SuiteRun | undefined, expected: MatrixSwitch['expect']): void {
  if (!ran(run)) return record({ ...which, ok: false, outcome: NO_RUN, checks: [] }, 'no test of this switch ran in the child run');
  const checks = sorted(run.failingChecks);
  const missing = (expected?.checks ?? []).filter((check) => !run.failingChecks.has(check));
  const missingVerdicts = (expected?.verdicts ?? []).filter((verdict) => !run.verdicts.has(verdict));
  const ok = run.failed > 0 && missing.length === 0 && missingVerdicts.length === 0;
  const got = `got ${checks.join(', ') || 'none'}${run.verdicts.size ? ` [${sorted(run.verdicts).join(', ')}]` : ''}`;
  const outcome =
    run.failed === 0
      ? 'SURVIVED'
      : ok
        ? 'killed'
        : missing.length
          ? `killed by other checks (expected ${missing.join(', ')}; ${got})`
          : `killed with other verdicts (expected ${missingVerdicts.join(', ')}; ${got})`;
  record(
    { ...which, ok, outcome, checks, verdicts: sorted(run.verdicts) },
    `${counts(run)}` + (run.failed && run.failingChecks.size ? '' : `\n${run.failureText}`),
  );
}

test.describe.configure({ mode: 'parallel' });

test('every fault has an expected check, and every expectation a fault', () => {
  expect(Object.keys(FAULT_EXPECTATIONS).sort()).toEqual(FAULTS.map((fault) => fault.name).sort());
});

test('fault forbidden: each refused request is one line naming what the page requires of the token, not a cascade', () => {
  const errors = switchErrors(MATRIX_RUN_DIR, 'fault forbidden');
  test.skip(errors === undefined, 'the run did not hold this switch (--grep)');
  expect(errors!.length).toBeGreaterThan(0);
  for (const error of errors!) {
    const lines = error.split('\n').filter((line) => line.startsWith('  - '));
    expect(lines, error).toHaveLength(1);
    expect(lines[0]).toMatch(/^ {2}- expected \d+ \(documented\), got 403 Forbidden: the page.*\.md:\d+.*; token kind /);
  }
});

for (const { name, kind, title, skippedFor, expect: expected } of MATRIX_SWITCHES) {
  const which: SwitchId = { name, kind };
  test(title, declares(which), () => {
    if (kind === 'fault') mustKill(which, runOf(title), expected ?? FAULT_EXPECTATIONS[name]);
    else mustPass(which, runOf(title), skippedFor);
  });
}
