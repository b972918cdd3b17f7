/**
 * The check runner: every check that concerns a contract, in report order, as data. Pure of Playwright:
 * the fixtures turn what it returns into steps, annotations and attachments. A check that throws is
 * `crashed` (`check \`schema\` crashed: RangeError: …`), that test's failure and never the run's: the
 * other checks go on.
 */
import type { CheckName } from '../core/checkNames';
import { formatViolation, type Violation } from '../core/violations';
import { checks as allChecks } from './index';
import { errorResponseReason } from './rootCause';
import { bodyNotRead, type Check, type CheckContext, type Outcome } from './types';

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
    check.whyNotApplicable?.(context.contract) ??
    (check.readsBody ? (options.rootCause ?? bodyNotRead(context.exchange.response)) : undefined)
  );
}

export async function runCheck(check: Check, context: CheckContext, options: RunOptions = {}): Promise<Outcome> {
  const reason = whyNotRun(check, context, options);
  if (reason !== undefined) return { outcome: 'not-applicable', reason };
  try {
    return await check.verify(context);
  } catch (error) {
    return { outcome: 'crashed', reason: describeCrash(error) };
  }
}

/** What one check said of one exchange, with what a report shows of it. */
export type CheckReport = Outcome & {
  check: CheckName;
  /** The step title: the check and its promise, `status: 201 Created`. */
  title: string;
  /** The page line that makes the promise, when known. */
  line?: number;
};

export interface RunChecksOptions {
  /** Checks switched off for the run (SKIP_CHECKS). */
  switchedOff?: readonly CheckName[];
  /** The checks to run (all registered ones by default; tests of the runner pass their own). */
  checks?: readonly Check[];
}

/**
 * Runs every check listed for the contract, in order. When the status check breaks on an error response
 * (or one with no body), the checks that read the body do not apply, quoting the error: one root cause
 * is reported once, not as fourteen "missing property" lines.
 */
export async function runChecks(
  context: CheckContext,
  { switchedOff = [], checks = allChecks }: RunChecksOptions = {},
): Promise<CheckReport[]> {
  const { contract, exchange } = context;
  const reports: CheckReport[] = [];
  let rootCause: string | undefined;
  for (const check of checks.filter((c) => c.listedFor?.(contract) ?? true)) {
    const outcome = await runCheck(check, context, { switchedOff: switchedOff.includes(check.name), rootCause });
    if (check.name === 'status' && outcome.outcome === 'broken') rootCause = errorResponseReason(exchange);
    const line = check.documentedAt(contract);
    reports.push({ ...outcome, check: check.name, title: `${check.name}: ${check.promise(contract)}`, ...(line ? { line } : {}) });
  }
  return reports;
}

/** `check \`schema\` failed:` and one line per violation, each starting with its verdict when it has one (`[docs] `). */
export function brokenMessage(check: string, violations: readonly Violation[]): string {
  const line = (v: Violation) => `  - ${v.verdict ? `[${v.verdict}] ` : ''}${formatViolation(v)}`;
  return `check \`${check}\` failed:\n${violations.map(line).join('\n')}`;
}

/** `check \`schema\` crashed: RangeError: …`. */
export const crashedMessage = (check: string, reason: string) => `check \`${check}\` crashed: ${reason}`;
