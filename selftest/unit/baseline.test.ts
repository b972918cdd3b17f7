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

test('the key gains the verdict: written when known, read back, sorted after the pointer; an unknown verdict names the valid ones', () => {
  const docs = { ...entry('a.md#x', 'schema', '/n'), verdict: 'docs' as const };
  const service = { ...entry('a.md#x', 'schema', '/n'), verdict: 'service' as const };
  const old = entry('a.md#x', 'schema', '/m');
  const text = formatBaseline({ version: 1, deviations: [service, old, docs] });
  expect(parseBaseline(text).deviations).toEqual([old, docs, service]);
  expect(text).toContain('"pointer": "/n",\n      "verdict": "docs",\n      "reason": ""');
  // Files written before verdicts have none: they still read.
  expect(parseBaseline(JSON.stringify({ version: 1, deviations: [old] })).deviations).toEqual([old]);
  expect(() => parseBaseline(JSON.stringify({ version: 1, deviations: [{ ...old, verdict: 'page' }] }))).toThrow(
    'deviations[0]: unknown verdict "page"; valid: docs, metadata, service, retired (or none)',
  );
  expect(describeKnown({ ...docs, reason: 'page fix pending' })).toBe('[docs] schema /n: page fix pending');
});

test('matching with verdicts: the same verdict, or none on either side; another verdict is news', () => {
  const docs = { ...entry('a.md#x', 'schema', '/n', 'the page is wrong'), verdict: 'docs' as const };
  const old = entry('a.md#x', 'schema', '/m', 'accepted before verdicts');
  const known = new KnownDeviations([docs, old]);
  const at = (pointer: string, verdict?: 'docs' | 'service') => ({
    test: 'a.md#x',
    check: 'schema' as const,
    pointer,
    ...(verdict ? { verdict } : {}),
  });
  expect(known.find(at('/n', 'docs'))?.reason).toBe('the page is wrong');
  expect(known.find(at('/n', 'service'))).toBeUndefined();
  // A run without metadata says nothing of the verdict: the entry still matches.
  expect(known.find(at('/n'))?.reason).toBe('the page is wrong');
  // An entry without a verdict matches whatever the verdict now is.
  expect(known.find(at('/m', 'service'))?.reason).toBe('accepted before verdicts');
  // The exact verdict wins over an entry without one.
  const both = new KnownDeviations([old, { ...old, verdict: 'docs', reason: 'exact' }]);
  expect(both.find(at('/m', 'docs'))?.reason).toBe('exact');
});

test('stale and recording with verdicts: a promise now broken with another verdict leaves the old entry stale and records the new one', () => {
  const docs = { ...entry('a.md#x', 'schema', '/n', 'the page is wrong'), verdict: 'docs' as const };
  const outcomes = [
    {
      test: 'a.md#x',
      evaluated: ['schema' as const],
      broken: [{ test: 'a.md#x', check: 'schema' as const, pointer: '/n', verdict: 'service' as const }],
    },
  ];
  expect(staleDeviations([docs], outcomes)).toEqual([docs]);
  const { added } = recordDeviations({ version: 1, deviations: [docs] }, outcomes, '2026-11-23');
  expect(added).toEqual([{ ...entry('a.md#x', 'schema', '/n', '', '2026-11-23'), verdict: 'service' }]);
  // The same verdict, or none, keeps it known and fresh.
  const same = [{ ...outcomes[0], broken: [{ ...outcomes[0].broken[0], verdict: 'docs' as const }] }];
  expect(staleDeviations([docs], same)).toEqual([]);
  const none = [{ ...outcomes[0], broken: [{ test: 'a.md#x', check: 'schema' as const, pointer: '/n' }] }];
  expect(staleDeviations([docs], none)).toEqual([]);
  expect(recordDeviations({ version: 1, deviations: [docs] }, none, '2026-11-23').added).toEqual([]);
});
