/**
 * What changed since the last night (HISTORY_FILE): one record per test per run, appended after each run,
 * and the marks the summary puts on every broken promise from them:
 *   new             never broken in the runs the history keeps (or not since: `before` says when it last was);
 *   still failing   broken in the test's last run too, since the run `since` began the streak;
 *   flaky           broken and kept by turns in the last FLAKY_WINDOW runs of its test (at least two changes);
 *   fixed           broken in the test's last run, kept now (listed, not a mark: nothing is broken now).
 * A promise is kept in a run when its test ran, its check was evaluated and nothing broke at its key; a
 * skipped test or a check that could not apply says nothing either way (yesterday's `schema /x` is not
 * fixed because today's 404 left the body unchecked).
 *
 * The file is JSON Lines (one record a line, appendable, diffable, read line by line); it keeps the last
 * HISTORY_RUNS runs: a month of nights dates a streak and tells flaky from new, and bounds the file
 * (about 100 bytes a test a run: 5,000 tests x 30 runs ~ 15 MB, ~1.5 MB compressed in a CI cache).
 * Pure functions: the reporter reads and writes the file.
 */
import { groupBy } from '../core/collections';
import { isObject } from '../core/json';
import type { TestEntry } from './coverage';

/** Runs the file keeps (see above). */
export const HISTORY_RUNS = 30;
/** Runs (this one included) in which a promise that broke and held by turns is called flaky. */
export const FLAKY_WINDOW = 10;

const OUTCOMES: readonly unknown[] = ['passed', 'failed', 'flaky', 'skipped'] satisfies TestEntry['outcome'][];

export interface HistoryRecord {
  /** The run: when it started (ISO 8601, UTC); runs sort by it, and its first 10 characters are its date. */
  run: string;
  test: string;
  outcome: TestEntry['outcome'];
  /** Keys of its broken promises (`check pointer`, see promiseKey), known deviations included. */
  broken?: string[];
  /** Checks that were not evaluated (not applicable, switched off, crashed): their promises are unknown in this run. */
  unchecked?: string[];
}

/** A broken promise's key in the history: check and JSON pointer, as the baseline writes them (`schema /countHits`, `status`). */
export const promiseKey = (check: string, pointer: string) => (pointer ? `${check} ${pointer}` : check);
/** The key a broken promise's mark is kept under in `markPromises`' map: its test and its promiseKey, NUL-separated. */
export const markKey = (test: string, key: string) => `${test}\0${key}`;
const checkOfKey = (key: string) => key.split(' ')[0];

export type Mark =
  { kind: 'new'; before?: string } | { kind: 'still failing'; since: string } | { kind: 'flaky'; failed: number; runs: number };

export interface FixedPromise {
  test: string;
  key: string;
  /** The date its last streak of failures began. */
  failingSince: string;
}

/** This run as the marks need it: each test, whether it ran, its broken keys and its unevaluated checks. */
export type CurrentTest = Omit<HistoryRecord, 'run'>;

const dateOf = (run: string) => run.slice(0, 10);

/** Reads the file's text: records in file order; lines that are not records are counted, never fatal (nobody writes this file by hand). */
export function parseHistory(text: string): { records: HistoryRecord[]; unreadable: number } {
  const records: HistoryRecord[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      unreadable++;
      continue;
    }
    const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === 'string');
    if (
      !isObject(value) ||
      typeof value.run !== 'string' ||
      typeof value.test !== 'string' ||
      !OUTCOMES.includes(value.outcome) ||
      (value.broken !== undefined && !strings(value.broken)) ||
      (value.unchecked !== undefined && !strings(value.unchecked))
    ) {
      unreadable++;
      continue;
    }
    records.push(value as unknown as HistoryRecord);
  }
  return { records, unreadable };
}

/**
 * The file after this run: earlier records (another record of this very run replaced: a report merged
 * twice is one run), then this run's, keeping the last `keepRuns` runs. Fields in a fixed order.
 */
export function appendRun(earlier: readonly HistoryRecord[], current: readonly HistoryRecord[], keepRuns = HISTORY_RUNS): string {
  const runIds = new Set(current.map((record) => record.run));
  const records = [...earlier.filter((record) => !runIds.has(record.run)), ...current];
  const kept = new Set([...new Set(records.map((record) => record.run))].sort().slice(-keepRuns));
  return records
    .filter((record) => kept.has(record.run))
    .map(({ run, test, outcome, broken, unchecked }) =>
      JSON.stringify({ run, test, outcome, ...(broken?.length ? { broken } : {}), ...(unchecked?.length ? { unchecked } : {}) }),
    )
    .map((line) => `${line}\n`)
    .join('');
}

type State = 'broken' | 'kept';

/** A promise's state in one run of its test, when that run says something about it. */
function stateIn(record: Omit<HistoryRecord, 'run'>, key: string): State | undefined {
  if (record.outcome === 'skipped') return undefined;
  if (record.broken?.includes(key)) return 'broken';
  return record.unchecked?.includes(checkOfKey(key)) ? undefined : 'kept';
}

/** The marks of this run's broken promises (`test\0key`), and the promises fixed since the test's last run. */
export function markPromises(
  earlier: readonly HistoryRecord[],
  current: readonly CurrentTest[],
  flakyWindow = FLAKY_WINDOW,
): { marks: Map<string, Mark>; fixed: FixedPromise[] } {
  const byTest = groupBy(
    [...earlier].sort((a, b) => a.run.localeCompare(b.run)),
    (record) => record.test,
  );
  const marks = new Map<string, Mark>();
  const fixed: FixedPromise[] = [];
  for (const test of current) {
    const past = byTest.get(test.test) ?? [];
    for (const key of new Set(test.broken ?? [])) marks.set(markKey(test.test, key), markOf(past, key, flakyWindow));
    const last = past.filter((record) => record.outcome !== 'skipped').at(-1);
    for (const key of new Set(last?.broken ?? [])) {
      if (stateIn(test, key) === 'kept') fixed.push({ test: test.test, key, failingSince: streakStart(statesOf(past, key)) });
    }
  }
  return { marks, fixed };
}

/** The runs (oldest first) that say something about `key`, with its state in each. */
const statesOf = (past: readonly HistoryRecord[], key: string) =>
  past.flatMap((record) => {
    const state = stateIn(record, key);
    return state ? [{ run: record.run, state }] : [];
  });

/** Where the latest streak of failures began (its date), from a promise's states (statesOf): markOf has them already. */
function streakStart(states: ReturnType<typeof statesOf>): string {
  let start = states.length;
  while (start > 0 && states[start - 1].state === 'broken') start--;
  return dateOf(states[start]?.run ?? states.at(-1)?.run ?? '');
}

function markOf(past: readonly HistoryRecord[], key: string, flakyWindow: number): Mark {
  const states = statesOf(past, key);
  const lastBroken = states.filter((s) => s.state === 'broken').at(-1);
  if (!lastBroken) return { kind: 'new' };
  const window: State[] = [...states.slice(-(flakyWindow - 1)).map((s) => s.state), 'broken'];
  const changes = window.filter((state, i) => i > 0 && state !== window[i - 1]).length;
  if (changes >= 2) return { kind: 'flaky', failed: window.filter((state) => state === 'broken').length, runs: window.length };
  if (states.at(-1)?.state === 'broken') return { kind: 'still failing', since: streakStart(states) };
  return { kind: 'new', before: dateOf(lastBroken.run) };
}

/** `new`, `new (failed before, last on 2026-07-01)`, `still failing since 2026-07-01`, `flaky (failed in 4 of the last 10 runs)`. */
export function describeMark(mark: Mark): string {
  switch (mark.kind) {
    case 'new':
      return mark.before ? `new (failed before, last on ${mark.before})` : 'new';
    case 'still failing':
      return `still failing since ${mark.since}`;
    case 'flaky':
      return `flaky (failed in ${mark.failed} of the last ${mark.runs} runs)`;
  }
}
