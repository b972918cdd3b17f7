/**
 * Synthetic tests for the summary's self-tests: what the summary reporter reads from a run, built by hand
 * (no child run), so each rule is proven on a few lines.
 */
import type { CheckResult, ReportedViolation, SkipKind, TestReport } from '../../src/report/checkResults';
import type { TestEntry } from '../../src/report/coverage';
import type { RunFacts } from '../../src/report/summary';

export const violation = (
  path: string | undefined,
  expected: string | undefined,
  actual: string,
  extra: Partial<ReportedViolation> = {},
): ReportedViolation => ({
  ...(path !== undefined ? { path } : {}),
  ...(expected !== undefined ? { expected } : {}),
  actual,
  known: false,
  ...extra,
});

export function sent(
  title: string,
  checks: CheckResult[],
  {
    status = 200,
    method = 'GET',
    write = false,
    outcome,
    project = 'contracts',
  }: Partial<TestReport['sent']> & { outcome?: TestEntry['outcome']; project?: string } = {},
): TestEntry {
  const broken = checks.some((c) => c.outcome === 'broken' && c.violations?.some((v) => !v.known));
  return {
    title,
    project,
    outcome: outcome ?? (broken ? 'failed' : 'passed'),
    report: { sent: { method, status, write }, checks },
  };
}

export const kept = (...names: CheckResult['check'][]): CheckResult[] => names.map((check) => ({ check, outcome: 'kept' }));
export const broken = (check: CheckResult['check'], ...violations: ReportedViolation[]): CheckResult => ({
  check,
  outcome: 'broken',
  violations,
});

export const skipped = (title: string, kind: SkipKind, reason: string, project = 'contracts'): TestEntry => ({
  title,
  project,
  outcome: 'skipped',
  skip: { kind, reason },
});

export const facts = (tests: TestEntry[], changes: Partial<RunFacts> = {}): RunFacts => ({
  status: tests.some((t) => t.outcome === 'failed') ? 'failed' : 'passed',
  tests,
  stale: [],
  ...changes,
});
