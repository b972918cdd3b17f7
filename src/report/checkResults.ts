/**
 * What a test tells the reporters beyond pass/fail, shared by the fixtures that write it and the summary
 * reporter that reads it (in the main process, which must not load the fixtures and their contracts).
 *
 *   - a test that sent its request attaches `check-results`: a TestReport (JSON);
 *   - a skipped test says why as Playwright's `skip` annotation, and what kind of reason that is as a
 *     `skip kind` annotation pushed right before `test.skip(...)` (the coverage counts skips by kind);
 *   - a resource its clean-up could not delete is a `left behind` annotation; a broken promise the
 *     baseline knows is a `known deviation` annotation.
 */
import type { CheckName } from '../core/checkNames';
import { isObject } from '../core/json';
import { VERDICTS, type Verdict, type Violation } from '../core/violations';

/** Whose promise broke (src/core/violations.ts); absent when no metadata was used. */
export { VERDICTS, type Verdict } from '../core/violations';
export const isVerdict = (value: unknown): value is Verdict => (VERDICTS as readonly unknown[]).includes(value);

/** What a check made of a test: kept, broken, could not apply, or threw (a bug of the suite, not the target's fault). */
export type CheckOutcome = 'kept' | 'broken' | 'not-applicable' | 'crashed';

/**
 * A broken promise as the attachment carries it. `known`: found in the baseline (BASELINE_FILE), so it does
 * not fail the test. `type`: the documented type that holds the property at `path` (Violation carries it
 * once the checks say it; the summary groups by it).
 */
export type ReportedViolation = Violation & { known: boolean; verdict?: Verdict; type?: string };

/** What one check said about a test. */
export interface CheckResult {
  /** A check name (CHECK_NAMES; `metadata` joins them with issue 17). */
  check: CheckName;
  outcome: CheckOutcome;
  /** When `outcome` is `broken`. */
  violations?: ReportedViolation[];
  /** `not-applicable`: why; `crashed`: the exception in one line. */
  reason?: string;
}

/** The `check-results` attachment's JSON: what a test that sent its request found. */
export interface TestReport {
  /** The replayed request: method, the status it got (none when nothing answered), and whether it writes. */
  sent: { method: string; status?: number; write: boolean };
  checks: CheckResult[];
  /** e.g. "deprecated since 2024-04-10, removal 2026-04-10", "matched the 2nd documented response" */
  notes?: string[];
}

export const CHECK_RESULTS_ATTACHMENT = 'check-results';
/** A broken promise found in the baseline: shown with the team's reason instead of failing the test. */
export const KNOWN_DEVIATION_ANNOTATION = 'known deviation';
/** A resource the test created and could not delete (added by the clean-up); description: its URL. */
export const LEFT_BEHIND_ANNOTATION = 'left behind';
/** Pushed right before `test.skip(...)`; description: one of SKIP_KINDS. Playwright's `skip` annotation keeps the words. */
export const SKIP_KIND_ANNOTATION = 'skip kind';

/**
 * Why an example was not sent, as the coverage counts it: a `{placeholder}` without a value, a token the
 * page's permissions rule out, a read-only run (READ_ONLY=1), an example that cannot be sent as documented,
 * a prerequisite create that failed, the negative project switched off, a page that cannot be read.
 */
export const SKIP_KINDS = [
  'placeholder',
  'permissions',
  'read-only',
  'not-sendable',
  'blocked',
  'negative-off',
  'unreadable-page',
] as const;
/** `other`: a skip without a kind annotation (or with one this version does not know). */
export type SkipKind = (typeof SKIP_KINDS)[number] | 'other';
export const skipKindOf = (description: string | undefined): SkipKind =>
  (SKIP_KINDS as readonly (string | undefined)[]).includes(description?.trim()) ? (description!.trim() as SkipKind) : 'other';

/** How the summary names each kind. */
export const SKIP_KIND_LABELS: Record<SkipKind, string> = {
  placeholder: 'placeholder without a value',
  permissions: 'permissions',
  'read-only': 'read-only run',
  'not-sendable': 'not sendable as documented',
  blocked: 'blocked by a failed prerequisite',
  'negative-off': 'negative tests off',
  'unreadable-page': 'unreadable page',
  other: 'other reasons',
};

const OUTCOMES: readonly unknown[] = ['kept', 'broken', 'not-applicable', 'crashed'];

function readCheck(value: unknown): CheckResult | undefined {
  if (!isObject(value) || typeof value.check !== 'string') return undefined;
  // Before TestReport, the attachment was an array of results whose `verdict` is today's `outcome`.
  const outcome = value.outcome ?? value.verdict;
  if (!OUTCOMES.includes(outcome)) return undefined;
  const violations = Array.isArray(value.violations)
    ? value.violations.filter((v): v is ReportedViolation => isObject(v) && typeof v.actual === 'string')
    : undefined;
  return {
    check: value.check as CheckName,
    outcome: outcome as CheckOutcome,
    ...(violations ? { violations } : {}),
    ...(typeof value.reason === 'string' ? { reason: value.reason } : {}),
  };
}

/** A TestReport as read; `sentKnown` is false for the earlier format, which says nothing of the request. */
export type ReadTestReport = TestReport & { sentKnown: boolean };

/**
 * Reads a `check-results` attachment. Also reads the earlier format (a bare array of results, `verdict`
 * for `outcome`; `sent` then unknown: method `?`, no status, no write). Undefined for what is neither, so
 * that one odd attachment never stops the summary.
 */
export function readTestReport(json: unknown): ReadTestReport | undefined {
  if (Array.isArray(json)) {
    const checks = json.map(readCheck);
    return checks.every(Boolean) ? { sent: { method: '?', write: false }, checks: checks as CheckResult[], sentKnown: false } : undefined;
  }
  if (!isObject(json) || !isObject(json.sent) || !Array.isArray(json.checks) || typeof json.sent.method !== 'string') return undefined;
  const checks = json.checks.map(readCheck);
  if (!checks.every(Boolean)) return undefined;
  const { method, status, write } = json.sent;
  if (typeof write !== 'boolean') return undefined;
  return {
    sent: { method, ...(typeof status === 'number' ? { status } : {}), write },
    checks: checks as CheckResult[],
    ...(Array.isArray(json.notes) ? { notes: json.notes.filter((note): note is string => typeof note === 'string') } : {}),
    sentKnown: true,
  };
}
