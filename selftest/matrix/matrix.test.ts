/**
 * The suite proven against the reference server, one test per switch: with each fault on, the contract
 * suite must fail and the expected checks must be among the failures; with each tolerance on (and with
 * none) it must pass. Re-run one with `--grep "fault int32-as-string"`. Each test records its row for
 * matrixReporter.ts, which prints the matrix and the summary line and writes reports/selftest/matrix.md.
 */
import { expect, test as base } from '@playwright/test';
import { FAULTS } from '../../server/faults';
import { TOLERANCES } from '../../server/tolerances';
import { COMBINED_TOLERANCES, FAULT_EXPECTATIONS } from './expectations';
import { MATRIX_ROW, MATRIX_SWITCH, type MatrixRow, type MatrixSwitch } from './matrixReporter';
import { SuiteRunner, type SuiteOptions, type SuiteRun } from './runSuite';

const BOTH_PROJECTS = ['contracts', 'negative'];

/** Suite runs that stop with the test: at its end, on timeout and on interrupt (no server left running). */
const test = base.extend<{ runSuite: (options: Omit<SuiteOptions, 'reportsDir'>) => Promise<SuiteRun> }>({
  runSuite: async ({}, use, testInfo) => {
    const runner = new SuiteRunner();
    await use((options) => runner.run({ ...options, reportsDir: testInfo.outputPath('suite') }));
    await runner.stopAll();
  },
});

/** A matrix test's details: its switch, so that the reporter has a row even if the test never finishes. */
const declares = (which: MatrixSwitch) => ({ annotation: { type: MATRIX_SWITCH, description: JSON.stringify(which) } });

/** Records the row, then fails the test with the reason when the run did not go as it must. */
function record(row: MatrixRow, detail: string): void {
  // Timed out or interrupted: the fixture stopped the run, so what it left says nothing about the switch.
  if (test.info().status !== 'passed') return;
  test.info().annotations.push({ type: MATRIX_ROW, description: JSON.stringify(row) });
  if (!row.ok) throw new Error(`${row.kind} ${row.name} ${row.outcome}: ${detail}`);
}

/** A run that left no test result (crash, configuration error) says nothing about its switch. */
const NO_RUN = 'DID NOT RUN';
const ran = (run: SuiteRun) => run.passed + run.failed > 0;
const counts = (run: SuiteRun) => `${run.failed} failed, ${run.passed} passed (exit code ${run.exitCode})`;
const sorted = (checks: Iterable<string>) => [...checks].sort();

/** Runs that must pass: the baseline and the tolerances. */
function mustPass(which: MatrixSwitch, run: SuiteRun): void {
  const ok = run.exitCode === 0 && run.failed === 0 && run.passed > 0;
  const outcome = ok ? 'passed' : !ran(run) ? NO_RUN : which.kind === 'baseline' ? 'FAILED' : 'FALSE ALARM';
  const checks = sorted(run.failingChecks);
  record({ ...which, ok, outcome, checks }, `${counts(run)}; failing checks: ${checks.join(', ') || 'none'}\n${run.failureText}`);
}

test.describe.configure({ mode: 'parallel' });

test('every fault has an expected check, and every expectation a fault', () => {
  expect(Object.keys(FAULT_EXPECTATIONS).sort()).toEqual(FAULTS.map((fault) => fault.name).sort());
});

const baseline: MatrixSwitch = { name: '(none)', kind: 'baseline' };
test('baseline (no switch)', declares(baseline), async ({ runSuite }) => {
  mustPass(baseline, await runSuite({ projects: BOTH_PROJECTS, env: {} }));
});

for (const fault of FAULTS) {
  const which: MatrixSwitch = { name: fault.name, kind: 'fault' };
  test(`fault ${fault.name}`, declares(which), async ({ runSuite }) => {
    const expected = FAULT_EXPECTATIONS[fault.name];
    expect(expected, `no expectation for fault ${fault.name} in selftest/matrix/expectations.ts`).toBeDefined();
    // A negative-project fault fails nearly every negative test; the first few failures tell enough.
    const args = expected.project === 'negative' ? ['--max-failures=6'] : [];
    const run = await runSuite({ projects: [expected.project], env: { REFERENCE_FAULTS: fault.name }, args });
    const checks = sorted(run.failingChecks);
    const missing = expected.checks.filter((check) => !run.failingChecks.has(check));
    const ok = run.exitCode !== 0 && run.failed > 0 && missing.length === 0;
    const outcome = !ran(run)
      ? NO_RUN
      : run.failed === 0
        ? 'SURVIVED'
        : ok
          ? 'killed'
          : `killed by other checks (expected ${missing.join(', ')}; got ${checks.join(', ') || 'none'})`;
    record({ ...which, ok, outcome, checks }, `${counts(run)}` + (run.failed && run.failingChecks.size ? '' : `\n${run.failureText}`));
  });
}

for (const tolerance of TOLERANCES) {
  const which: MatrixSwitch = { name: tolerance.name, kind: 'tolerance' };
  test(`tolerance ${tolerance.name}`, declares(which), async ({ runSuite }) => {
    mustPass(which, await runSuite({ projects: BOTH_PROJECTS, env: { REFERENCE_TOLERANCES: tolerance.name } }));
  });
}

// One server that takes many liberties at once, on top of the reference server's own (UTC dates,
// `@odata.context`, nulls for properties not sent).
const combined: MatrixSwitch = { name: `combined (${COMBINED_TOLERANCES.length} tolerances)`, kind: 'tolerance' };
test('tolerance combined', declares(combined), async ({ runSuite }) => {
  mustPass(combined, await runSuite({ projects: BOTH_PROJECTS, env: { REFERENCE_TOLERANCES: COMBINED_TOLERANCES.join(',') } }));
});
