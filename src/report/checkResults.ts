/**
 * What a test tells the reporters beyond pass/fail, shared by the fixtures that write it and the summary
 * reporter that reads it (in the main process, which must not load the fixtures and their contracts).
 */
import type { CheckName } from '../core/checkNames';
import type { Violation } from '../core/violations';

/**
 * Whose promise broke: the page drifted from the service (`docs`), the service breaks its own $metadata
 * (`metadata`), it breaks both (`service`), or the operation is past its metadata RemovalDate (`retired`:
 * not a contract failure). Absent when no metadata was used.
 */
export type Verdict = 'docs' | 'metadata' | 'service' | 'retired';

/** What each check said about a test: the data behind the report's words. */
export interface CheckResult {
  check: CheckName;
  outcome: 'kept' | 'broken' | 'not-applicable' | 'crashed';
  /** When broken. `known`: found in the baseline (BASELINE_FILE), so it does not fail the test. */
  violations?: (Violation & { known: boolean; verdict?: Verdict })[];
  /** Not applicable: why; crashed: the exception in one line. */
  reason?: string;
}

/** The `check-results` attachment of a test that sent its request. */
export interface TestReport {
  /** The replayed request: its method, the status it got, and whether it writes (anything but a read). */
  sent: { method: string; status?: number; write: boolean };
  checks: CheckResult[];
  /** What the report should say beside the checks: a deprecation, which documented response matched. */
  notes?: string[];
}

export const CHECK_RESULTS_ATTACHMENT = 'check-results';
/** A broken promise found in the baseline: shown with the team's reason instead of failing the test. */
export const KNOWN_DEVIATION_ANNOTATION = 'known deviation';
/** A resource the test created and could not delete (added by the clean-up); description: its URL. */
export const LEFT_BEHIND_ANNOTATION = 'left behind';

/** Why a test was skipped, as a kind the summary counts (the skip annotation says it in words). */
export const SKIP_KIND_ANNOTATION = 'skip kind';
export const SKIP_KINDS = [
  /** A `{placeholder}` with no value (PARAMS_FILE) and no create example to make one. */
  'placeholder',
  /** The page's permissions table rules out the run's token kind or granted permissions. */
  'permissions',
  /** READ_ONLY=1: the request writes. */
  'read-only',
  /** The example cannot be sent as documented (a broken body, no response, an opaque URL, ...). */
  'not-sendable',
  /** A prerequisite create failed: the create example's own test reports it. */
  'blocked',
  /** NEGATIVE_TESTS=off. */
  'negative-off',
  /** The page file cannot be read or parsed. */
  'unreadable-page',
] as const;
export type SkipKind = (typeof SKIP_KINDS)[number];

/** Reads a `check-results` attachment. */
export const readTestReport = (text: string): TestReport => JSON.parse(text) as TestReport;
