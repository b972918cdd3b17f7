/**
 * Running one check and saying what it found, in the report's words. A check that throws is that
 * test's failure (`check \`schema\` crashed: RangeError: …`), never the run's: the other checks go on.
 */
import { formatViolation, type Violation } from '../core/violations';
import { bodyNotRead, type Check, type CheckContext, type Outcome } from './types';

const CRASHED = 'crashed: ';

/** A check's own exception in one line: its kind and message, never a stack of the suite's internals. */
function describeCrash(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/** How a step reads when SKIP_CHECKS names its check. */
export const SWITCHED_OFF = 'switched off by SKIP_CHECKS';

export interface RunOptions {
  /** SKIP_CHECKS names this check. */
  switchedOff?: boolean;
  /** Why the body has nothing to check (the status check broke on an error response), when so. */
  rootCause?: string;
}

/**
 * Why a check is not run: switched off, cannot apply to this contract, or (for the checks that read
 * the body) one root cause already explains it, or the body was too long to read.
 */
function whyNotRun(check: Check, context: CheckContext, options: RunOptions): string | undefined {
  if (options.switchedOff) return SWITCHED_OFF;
  return (
    check.appliesTo?.(context.contract) ?? (check.readsBody ? (options.rootCause ?? bodyNotRead(context.exchange.response)) : undefined)
  );
}

export async function runCheck(check: Check, context: CheckContext, options: RunOptions = {}): Promise<Outcome> {
  const reason = whyNotRun(check, context, options);
  if (reason !== undefined) return { verdict: 'not-applicable', reason };
  try {
    return await check.verify(context);
  } catch (error) {
    return { verdict: 'broken', violations: [{ actual: `${CRASHED}${describeCrash(error)}` }] };
  }
}

/** `check \`schema\` failed:` and one line per violation, or `check \`schema\` crashed: …`. */
export function brokenMessage(check: string, violations: readonly Violation[]): string {
  const crash = violations.find((v) => v.path === undefined && v.expected === undefined && v.actual.startsWith(CRASHED));
  if (crash) return `check \`${check}\` ${crash.actual}`;
  return `check \`${check}\` failed:\n${violations.map((v) => `  - ${formatViolation(v)}`).join('\n')}`;
}
