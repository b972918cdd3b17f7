/**
 * What changed since the last night (src/report/history.ts): the file's records and bound, and the marks
 * new / still failing / flaky / fixed, each proven on a history that gives it and one that does not.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { loadSettings } from '../../src/config';
import {
  appendRun,
  describeMark,
  HISTORY_RUNS,
  markPromises,
  parseHistory,
  promiseKey,
  type CurrentTest,
  type HistoryRecord,
} from '../../src/report/history';

const night = (day: number) => `2026-07-${String(day).padStart(2, '0')}T02:17:00.000Z`;
const record = (day: number, test: string, outcome: HistoryRecord['outcome'], broken?: string[], unchecked?: string[]): HistoryRecord => ({
  run: night(day),
  test,
  outcome,
  ...(broken ? { broken } : {}),
  ...(unchecked ? { unchecked } : {}),
});
const now = (test: string, outcome: CurrentTest['outcome'], broken?: string[], unchecked?: string[]): CurrentTest => ({
  test,
  outcome,
  ...(broken ? { broken } : {}),
  ...(unchecked ? { unchecked } : {}),
});
const X = 'a.md#x';
const KEY = 'schema /countHits';

test('a key is the check and the pointer, as the baseline writes them', () => {
  expect(promiseKey('schema', '/countHits')).toBe(KEY);
  expect(promiseKey('status', '')).toBe('status');
});

test('the file: one JSON record a line, read back; odd lines counted, never fatal', () => {
  const records = [record(1, X, 'failed', [KEY], ['echo']), record(1, 'b.md#y', 'passed')];
  const text = appendRun([], records);
  expect(text).toBe(
    '{"run":"2026-07-01T02:17:00.000Z","test":"a.md#x","outcome":"failed","broken":["schema /countHits"],"unchecked":["echo"]}\n' +
      '{"run":"2026-07-01T02:17:00.000Z","test":"b.md#y","outcome":"passed"}\n',
  );
  expect(parseHistory(`${text}not json\n{"run":1}\n\n`)).toEqual({ records, unreadable: 2 });
});

test(`the file keeps the last ${HISTORY_RUNS} runs; the same run written twice (a merge run again) is one run`, () => {
  const earlier = Array.from({ length: HISTORY_RUNS }, (_, i) => record(i + 1, X, 'passed'));
  const kept = parseHistory(appendRun(earlier, [record(HISTORY_RUNS + 1, X, 'failed', [KEY])])).records;
  expect(kept).toHaveLength(HISTORY_RUNS);
  expect(kept[0].run).toBe(night(2));
  expect(kept.at(-1)).toEqual(record(HISTORY_RUNS + 1, X, 'failed', [KEY]));
  const again = parseHistory(appendRun(kept, [record(HISTORY_RUNS + 1, X, 'passed')])).records;
  expect(again).toHaveLength(HISTORY_RUNS);
  expect(again.at(-1)).toEqual(record(HISTORY_RUNS + 1, X, 'passed'));
});

test('new: never broken before (and a promise that failed long ago and held since is new again, saying when)', () => {
  const { marks } = markPromises([record(1, X, 'passed'), record(2, X, 'failed', ['status'])], [now(X, 'failed', [KEY])]);
  expect(marks.get(`${X}\0${KEY}`)).toEqual({ kind: 'new' });
  const long = [record(1, X, 'failed', [KEY]), ...Array.from({ length: 12 }, (_, i) => record(i + 2, X, 'passed'))];
  const again = markPromises(long, [now(X, 'failed', [KEY])]).marks.get(`${X}\0${KEY}`)!;
  expect(again).toEqual({ kind: 'new', before: '2026-07-01' });
  expect(describeMark(again)).toBe('new (failed before, last on 2026-07-01)');
});

test('still failing since the night its streak began; skipped nights and unevaluated checks do not break the streak', () => {
  const history = [
    record(1, X, 'passed'),
    record(2, X, 'failed', [KEY]),
    record(3, X, 'skipped'),
    record(4, X, 'failed', ['status'], ['schema']),
    record(5, X, 'failed', [KEY]),
  ];
  const mark = markPromises(history, [now(X, 'failed', [KEY])]).marks.get(`${X}\0${KEY}`)!;
  expect(mark).toEqual({ kind: 'still failing', since: '2026-07-02' });
  expect(describeMark(mark)).toBe('still failing since 2026-07-02');
});

test('flaky: broken and kept by turns in the last runs (k of n); one change is a streak, not flakiness', () => {
  const turns = [record(1, X, 'failed', [KEY]), record(2, X, 'passed'), record(3, X, 'failed', [KEY]), record(4, X, 'passed')];
  const mark = markPromises(turns, [now(X, 'failed', [KEY])]).marks.get(`${X}\0${KEY}`)!;
  expect(mark).toEqual({ kind: 'flaky', failed: 3, runs: 5 });
  expect(describeMark(mark)).toBe('flaky (failed in 3 of the last 5 runs)');
  // Passing for a while, then broken for two nights: a regression still failing, not a flake.
  const regression = [record(1, X, 'passed'), record(2, X, 'passed'), record(3, X, 'failed', [KEY])];
  expect(markPromises(regression, [now(X, 'failed', [KEY])]).marks.get(`${X}\0${KEY}`)).toEqual({
    kind: 'still failing',
    since: '2026-07-03',
  });
  // Turns older than the window are history, not flakiness.
  const old = [
    record(1, X, 'failed', [KEY]),
    record(2, X, 'passed'),
    ...Array.from({ length: 10 }, (_, i) => record(i + 3, X, 'failed', [KEY])),
  ];
  expect(markPromises(old, [now(X, 'failed', [KEY])]).marks.get(`${X}\0${KEY}`)).toEqual({ kind: 'still failing', since: '2026-07-03' });
});

test("fixed: broken in the test's last run, kept now; not when the test was skipped or the check could not apply", () => {
  const history = [record(1, X, 'failed', [KEY]), record(2, X, 'failed', [KEY, 'echo /name'])];
  expect(markPromises(history, [now(X, 'passed')]).fixed).toEqual([
    { test: X, key: KEY, failingSince: '2026-07-01' },
    { test: X, key: 'echo /name', failingSince: '2026-07-02' },
  ]);
  expect(markPromises(history, [now(X, 'skipped')]).fixed).toEqual([]);
  // Today's 404 left the body unchecked: yesterday's schema promise is not known to be kept.
  expect(markPromises(history, [now(X, 'failed', ['status'], ['schema', 'echo'])]).fixed).toEqual([]);
  expect(markPromises(history, [now(X, 'failed', [KEY])]).fixed).toEqual([{ test: X, key: 'echo /name', failingSince: '2026-07-02' }]);
});

test('HISTORY_FILE: history.jsonl in REPORTS_DIR by default, a path of its own, none; a folder is refused', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-setting-'));
  expect(loadSettings({ REPORTS_DIR: 'out' }, dir).historyFile).toBe(path.join(dir, 'out', 'history.jsonl'));
  expect(loadSettings({ HISTORY_FILE: 'keep/nights.jsonl' }, dir).historyFile).toBe(path.join(dir, 'keep', 'nights.jsonl'));
  expect(loadSettings({ HISTORY_FILE: 'none' }, dir).historyFile).toBeUndefined();
  expect(() => loadSettings({ HISTORY_FILE: '.' }, dir)).toThrow(`HISTORY_FILE ${dir} is a folder: name a file`);
  fs.rmSync(dir, { recursive: true, force: true });
});
