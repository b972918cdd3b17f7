/**
 * Known deviations (the baseline): broken promises a team has looked at and accepts for a deployment,
 * so that a nightly run is red only for what is new. An entry is keyed by test title, check, JSON
 * pointer (the violation's path; `""` for the status line, headers and the body as a whole) and the
 * verdict (whose promise broke, issue 17), and carries a `reason` for a person to fill and the date it
 * was first seen. Pure functions: reading and writing the file is the caller's job, so that every rule
 * here is unit-tested without a disk.
 *
 * A verdict is part of the key because the reason a team writes is for that owner ("the page drifted,
 * ticket 12"): the same pointer breaking the service's own metadata tomorrow is news. An entry without
 * a verdict (files written before verdicts, or runs without metadata) matches any verdict, and a broken
 * promise without one matches any entry of its test, check and pointer.
 *
 * File format (stable order, pretty-printed, so that it diffs well in git; `verdict` only when known):
 *   { "version": 1, "deviations": [ { "test": "…#…", "check": "schema", "pointer": "/countHits", "verdict": "docs", "reason": "", "firstSeen": "2026-11-23" } ] }
 */
import { CHECK_NAMES, isCheckName, type CheckName } from '../core/checkNames';
import { groupBy } from '../core/collections';
import { isObject } from '../core/json';
import type { Violation } from '../core/violations';
import { isVerdict, VERDICTS, type Verdict } from './checkResults';
import { promiseKey } from './history';

export interface DeviationKey {
  test: string;
  check: CheckName;
  pointer: string;
  /** Whose promise broke; absent when the run used no metadata (or the file predates verdicts). */
  verdict?: Verdict;
}

export interface KnownDeviation extends DeviationKey {
  /** Why the team accepts it; empty until a person writes it. */
  reason: string;
  /** `YYYY-MM-DD`, the run that first recorded it. */
  firstSeen: string;
}

export interface Baseline {
  version: 1;
  deviations: KnownDeviation[];
}

/** What one test of a run said: the checks that were evaluated (kept or broken) and what broke. */
export interface TestOutcome {
  test: string;
  evaluated: CheckName[];
  broken: DeviationKey[];
}

/** A baseline file that cannot be used; the message says where and what to fix. */
export class BaselineFormatError extends Error {}

export const EMPTY_BASELINE: Baseline = { version: 1, deviations: [] };

/** The pointer a violation is recorded under: its JSON pointer, or `""` when it has none (status, headers). */
export const violationPointer = (violation: Violation) => violation.path ?? '';

/** The entry's identity in the file: one entry per test, check, pointer and verdict. */
const keyOf = ({ test, check, pointer, verdict }: DeviationKey) => JSON.stringify([test, check, pointer, verdict ?? '']);
/** What an entry and a broken promise must share; the verdict is then compared by `sameVerdict`. */
const placeOf = ({ test, check, pointer }: DeviationKey) => JSON.stringify([test, check, pointer]);
/** A missing verdict on either side matches any: see the file comment. */
const sameVerdict = (a: DeviationKey, b: DeviationKey) => !a.verdict || !b.verdict || a.verdict === b.verdict;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function readDeviation(entry: unknown, index: number): KnownDeviation {
  const where = `deviations[${index}]`;
  if (!isObject(entry))
    throw new BaselineFormatError(`${where} must be an object {"test", "check", "pointer", "verdict" (optional), "reason", "firstSeen"}`);
  for (const field of ['test', 'check', 'pointer', 'reason', 'firstSeen'] as const) {
    if (typeof entry[field] !== 'string')
      throw new BaselineFormatError(`${where}: "${field}" must be a string, got ${JSON.stringify(entry[field]) ?? 'nothing'}`);
  }
  const { test, check, pointer, reason, firstSeen } = entry as Record<string, string>;
  if (!isCheckName(check)) throw new BaselineFormatError(`${where}: unknown check "${check}"; valid: ${CHECK_NAMES.join(', ')}`);
  if (pointer !== '' && !pointer.startsWith('/'))
    throw new BaselineFormatError(`${where}: "pointer" must be a JSON pointer ("" or starting with "/"), got ${JSON.stringify(pointer)}`);
  if (!DATE.test(firstSeen))
    throw new BaselineFormatError(`${where}: "firstSeen" must be a date YYYY-MM-DD, got ${JSON.stringify(firstSeen)}`);
  const verdict = entry.verdict;
  if (verdict !== undefined && !isVerdict(verdict))
    throw new BaselineFormatError(`${where}: unknown verdict ${JSON.stringify(verdict)}; valid: ${VERDICTS.join(', ')} (or none)`);
  return { test, check, pointer, ...(verdict ? { verdict } : {}), reason, firstSeen };
}

/** Reads a baseline file's text; a mistake is a BaselineFormatError naming the entry. */
export function parseBaseline(text: string): Baseline {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new BaselineFormatError(`is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed) || parsed.version !== 1 || !Array.isArray(parsed.deviations)) {
    throw new BaselineFormatError('must hold {"version": 1, "deviations": [...]}; record one with UPDATE_BASELINE=1');
  }
  return { version: 1, deviations: parsed.deviations.map(readDeviation) };
}

const byKey = (a: DeviationKey, b: DeviationKey) =>
  a.test.localeCompare(b.test) ||
  a.check.localeCompare(b.check) ||
  a.pointer.localeCompare(b.pointer) ||
  (a.verdict ?? '').localeCompare(b.verdict ?? '');

/** The file's text: entries in a stable order (test, check, pointer, verdict), fields in a fixed order, one key once. */
export function formatBaseline(baseline: Baseline): string {
  const unique = new Map(baseline.deviations.map((deviation) => [keyOf(deviation), deviation]));
  const deviations = [...unique.values()].sort(byKey).map(({ test, check, pointer, verdict, reason, firstSeen }) => ({
    test,
    check,
    pointer,
    ...(verdict ? { verdict } : {}),
    reason,
    firstSeen,
  }));
  return `${JSON.stringify({ version: 1, deviations }, null, 2)}\n`;
}

/** Looks violations up in the baseline. */
export class KnownDeviations {
  private readonly byPlace: Map<string, KnownDeviation[]>;

  constructor(deviations: readonly KnownDeviation[]) {
    this.byPlace = groupBy(deviations, placeOf);
  }

  /** The entry for this broken promise: same test, check and pointer, and the same verdict (or none on either side). */
  find(key: DeviationKey): KnownDeviation | undefined {
    const candidates = this.byPlace.get(placeOf(key)) ?? [];
    // The entry naming this very verdict first, then one that names none.
    return candidates.find((deviation) => key.verdict && deviation.verdict === key.verdict) ?? candidates.find((d) => sameVerdict(d, key));
  }
}

/**
 * Known deviations that no longer occur: the entry's test ran in this run and its check was evaluated,
 * but nothing broke at the pointer. Tests that did not run (`--grep`, another shard, skipped) and checks
 * switched off or not applicable say nothing, so their entries are never called stale.
 */
export function staleDeviations(deviations: readonly KnownDeviation[], outcomes: readonly TestOutcome[]): KnownDeviation[] {
  const evaluated = new Set(outcomes.flatMap((outcome) => outcome.evaluated.map((check) => JSON.stringify([outcome.test, check]))));
  const broken = groupBy(
    outcomes.flatMap((outcome) => outcome.broken),
    placeOf,
  );
  return deviations.filter(
    (deviation) =>
      evaluated.has(JSON.stringify([deviation.test, deviation.check])) &&
      !(broken.get(placeOf(deviation)) ?? []).some((key) => sameVerdict(deviation, key)),
  );
}

/** UPDATE_BASELINE=1: every broken promise of the run becomes known; existing entries keep their reason and date. */
export function recordDeviations(
  baseline: Baseline,
  outcomes: readonly TestOutcome[],
  today: string,
): { baseline: Baseline; added: KnownDeviation[] } {
  const known = new KnownDeviations(baseline.deviations);
  const added = new Map<string, KnownDeviation>();
  for (const key of outcomes.flatMap((outcome) => outcome.broken)) {
    const { test, check, pointer, verdict } = key;
    if (!known.find(key)) added.set(keyOf(key), { test, check, pointer, ...(verdict ? { verdict } : {}), reason: '', firstSeen: today });
  }
  return { baseline: { version: 1, deviations: [...baseline.deviations, ...added.values()] }, added: [...added.values()] };
}

/** UPDATE_BASELINE=prune: drops the stale entries, keeps every other. */
export function pruneDeviations(baseline: Baseline, stale: readonly KnownDeviation[]): Baseline {
  const drop = new Set(stale.map(keyOf));
  return { version: 1, deviations: baseline.deviations.filter((deviation) => !drop.has(keyOf(deviation))) };
}

/** `schema /countHits: the target rounds counts (ticket 123)`, as the `known deviation` annotation reads. */
export const describeKnown = (deviation: KnownDeviation) => `${describeKey(deviation)}: ${deviation.reason.trim() || 'no reason given'}`;

/** `schema /countHits`, or just `status` for a violation without a pointer; `[docs] schema /countHits` with a verdict. */
export const describeKey = (key: DeviationKey) => `${key.verdict ? `[${key.verdict}] ` : ''}${promiseKey(key.check, key.pointer)}`;
