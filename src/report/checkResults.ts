/**
 * What a test tells the reporters beyond pass/fail, shared by the fixtures that write it and the summary
 * reporter that reads it (in the main process, which must not load the fixtures and their contracts).
 */
import type { CheckName } from '../core/checkNames';
import type { Violation } from '../core/violations';

/** What each check said about a test, attached as JSON: the data behind the report's words. */
export interface CheckResult {
  check: CheckName;
  verdict: 'kept' | 'broken' | 'not-applicable';
  /** `known`: found in the baseline (BASELINE_FILE), so it does not fail the test. */
  violations?: (Violation & { known: boolean })[];
  reason?: string;
}

export const CHECK_RESULTS_ATTACHMENT = 'check-results';
/** A broken promise found in the baseline: shown with the team's reason instead of failing the test. */
export const KNOWN_DEVIATION_ANNOTATION = 'known deviation';
/** A resource the test created and could not delete (added by the clean-up); description: its URL. */
export const LEFT_BEHIND_ANNOTATION = 'left behind';
