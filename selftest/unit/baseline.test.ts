/**
 * Known deviations (src/report/baseline.ts): the file format, matching, staleness only for what ran,
 * recording that keeps what a person wrote, pruning.
 */
import { expect, test } from '@playwright/test';
import {
  BaselineFormatError,
  describeKnown,
  formatBaseline,
  KnownDeviations,
  parseBaseline,
  pruneDeviations,
  recordDeviations,
  staleDeviations,
  violationPointer,
  type KnownDeviation,
} from '../../src/report/baseline';

const entry = (test: string, check: KnownDeviation['check'], pointer: string, reason = '', firstSeen = '2026-01-02'): KnownDeviation => ({
  test,
  check,
  pointer,
  reason,
  firstSeen,
});

test('the file reads back what formatBaseline writes: sorted, one entry per key, pretty-printed', () => {
  const b = entry('b.md#x', 'schema', '/a');
  const a2 = entry('a.md#x', 'status', '');
  const a1 = entry('a.md#x', 'echo', '/z', 'accepted');
  const text = formatBaseline({ version: 1, deviations: [b, a2, a1, b] });
  expect(parseBaseline(text).deviations).toEqual([a1, a2, b]);
  expect(text).toContain('\n  "deviations": [\n    {\n      "test": "a.md#x",');
  expect(text.endsWith('}\n')).toBe(true);
});

test('a bad file is a BaselineFormatError naming the entry', () => {
  expect(() => parseBaseline('nope')).toThrow(BaselineFormatError);
  expect(() => parseBaseline('{"version": 2, "deviations": []}')).toThrow('must hold {"version": 1');
  expect(() => parseBaseline('{"version": 1, "deviations": [1]}')).toThrow('deviations[0] must be an object');
  expect(() => parseBaseline(JSON.stringify({ version: 1, deviations: [{ ...entry('a', 'schema', '/a'), reason: null }] }))).toThrow(
    'deviations[0]: "reason" must be a string, got null',
  );
  expect(() => parseBaseline(JSON.stringify({ version: 1, deviations: [entry('a', 'schema', 'countHits')] }))).toThrow(
    '"pointer" must be a JSON pointer',
  );
});

test('matching is by test, check and pointer; a violation without a path is the pointer ""', () => {
  const known = new KnownDeviations([entry('a.md#x', 'schema', '/countHits', 'rounding'), entry('a.md#x', 'status', '')]);
  expect(known.find({ test: 'a.md#x', check: 'schema', pointer: '/countHits' })?.reason).toBe('rounding');
  expect(known.find({ test: 'a.md#x', check: 'echo', pointer: '/countHits' })).toBeUndefined();
  expect(known.find({ test: 'b.md#x', check: 'schema', pointer: '/countHits' })).toBeUndefined();
  expect(known.find({ test: 'a.md#x', check: 'status', pointer: violationPointer({ actual: '404' }) })).toBeDefined();
  expect(describeKnown(entry('a', 'schema', '/countHits', 'rounding'))).toBe('schema /countHits: rounding');
  expect(describeKnown(entry('a', 'status', '', '  '))).toBe('status: no reason given');
});

test('stale: only entries whose test ran and whose check was evaluated, and nothing broke there', () => {
  const gone = entry('a.md#x', 'schema', '/gone');
  const still = entry('a.md#x', 'schema', '/still');
  const notRun = entry('b.md#x', 'schema', '/a');
  const switchedOff = entry('a.md#x', 'echo', '/a');
  const outcomes = [
    {
      test: 'a.md#x',
      evaluated: ['status' as const, 'schema' as const],
      broken: [{ test: 'a.md#x', check: 'schema' as const, pointer: '/still' }],
    },
  ];
  expect(staleDeviations([gone, still, notRun, switchedOff], outcomes)).toEqual([gone]);
});

test('recording adds new broken promises with an empty reason and today, and keeps what a person wrote', () => {
  const mine = entry('a.md#x', 'schema', '/a', 'accepted: ticket 7', '2025-05-05');
  const outcomes = [
    {
      test: 'a.md#x',
      evaluated: ['schema' as const],
      broken: [
        { test: 'a.md#x', check: 'schema' as const, pointer: '/a' },
        { test: 'a.md#x', check: 'schema' as const, pointer: '/b' },
        { test: 'a.md#x', check: 'schema' as const, pointer: '/b' },
      ],
    },
  ];
  const { baseline, added } = recordDeviations({ version: 1, deviations: [mine] }, outcomes, '2026-11-23');
  expect(added).toEqual([entry('a.md#x', 'schema', '/b', '', '2026-11-23')]);
  expect(baseline.deviations).toEqual([mine, ...added]);
});

test('pruning drops the stale entries and keeps the rest', () => {
  const keep = entry('a', 'schema', '/a');
  const drop = entry('a', 'schema', '/b');
  expect(pruneDeviations({ version: 1, deviations: [keep, drop] }, [drop]).deviations).toEqual([keep]);
});
