/**
 * Coverage first (src/report/coverage.ts): the counts of what a run sent and why the rest was not sent,
 * and the warnings that come before what broke. Each warning is proven to fire and not to fire.
 */
import { expect, test } from '@playwright/test';
import { readTestReport, skipKindOf } from '../../src/report/checkResults';
import { coverageWarnings, describeProjectCoverage, projectCoverage } from '../../src/report/coverage';
import { broken, kept, sent, skipped, violation } from './summaryFacts';

const many = <T>(count: number, make: (i: number) => T) => Array.from({ length: count }, (_, i) => make(i));

test('per project: examples, sent, passed, failed, not sent by kind, statuses, writes; a page-level test is no example', () => {
  const tests = [
    sent('a.md#get', kept('status')),
    sent('a.md#create', [broken('status', violation(undefined, '201', '400 Bad Request'))], { method: 'POST', status: 400, write: true }),
    skipped('b.md#get', 'placeholder', 'no value for {bId}'),
    skipped('c.md', 'unreadable-page', 'not valid UTF-8'),
    { title: 'd.md#get', project: 'contracts', outcome: 'failed' as const },
    sent('a.md#get › no token', kept('status'), { project: 'negative', status: 401 }),
  ];
  const [contracts, negative] = projectCoverage(tests);
  expect(contracts).toMatchObject({
    project: 'contracts',
    examples: 4,
    sent: 2,
    passed: 1,
    failed: 1,
    failedUnchecked: 1,
    notSent: 1,
    writes: 1,
  });
  expect([...contracts.notSentByKind]).toEqual([['placeholder', 1]]);
  expect([...contracts.statuses]).toEqual([
    [200, 1],
    [400, 1],
  ]);
  expect(negative).toMatchObject({ project: 'negative', examples: 1, sent: 1, passed: 1 });
  expect(describeProjectCoverage(contracts)).toBe(
    '2 of 4 examples sent (50 %): 1 passed, 1 failed, 1 failed before any check; 1 not sent: placeholder without a value 1',
  );
});

test('warning: most examples not sent, with the largest reasons and their shares', () => {
  const tests = [
    ...many(42, (i) => sent(`ok-${i}.md#x`, kept('status'), { write: i === 0 })),
    ...many(31, (i) => skipped(`p-${i}.md#x`, 'placeholder', `no value for {id${i}}`)),
    ...many(27, (i) => skipped(`q-${i}.md#x`, 'permissions', 'Application: Not supported')),
  ];
  expect(coverageWarnings(tests)).toEqual(['58 % of the examples were not sent (placeholder without a value 31 %, permissions 27 %)']);
  // Under a tenth not sent: nothing to warn about.
  expect(
    coverageWarnings([
      ...many(91, (i) => sent(`ok-${i}.md#x`, kept('status'), { write: true })),
      ...many(9, (i) => skipped(`p-${i}.md#x`, 'placeholder', 'x')),
    ]),
  ).toEqual([]);
});

test('NEGATIVE_TESTS=off is a choice, not a gap: those tests do not count towards the share', () => {
  const tests = [
    ...many(10, (i) => sent(`ok-${i}.md#x`, kept('status'), { write: true })),
    ...many(50, (i) => skipped(`ok-${i}.md#x › bad`, 'negative-off', 'NEGATIVE_TESTS=off', 'negative')),
  ];
  expect(coverageWarnings(tests)).toEqual([]);
});

test('warning: every sent request answered 401 or 403; most of them; none answered at all', () => {
  const refused = many(5, (i) =>
    sent(`r-${i}.md#x`, [broken('status', violation(undefined, '200', '403 Forbidden'))], { status: i % 2 ? 401 : 403, write: true }),
  );
  expect(coverageWarnings(refused)).toEqual(['every sent request was answered 401 or 403: is the token allowed what the pages require?']);
  const mostly = [...refused, ...many(3, (i) => sent(`ok-${i}.md#x`, kept('status'), { write: true }))];
  expect(coverageWarnings(mostly)).toEqual(['63 % of the sent requests were answered 401 or 403']);
  const unanswered = many(2, (i) => ({
    ...sent(`n-${i}.md#x`, [broken('status', violation(undefined, '200', 'no response within 30 s'))], { write: true }),
    report: { sent: { method: 'GET', write: true }, checks: [] },
  }));
  expect(coverageWarnings(unanswered)).toEqual(['no sent request was answered']);
});

test('warning: no write exercised; the warnings on what was sent only when every report says what it sent', () => {
  expect(coverageWarnings([sent('a.md#x', kept('status'))])).toEqual(['no write was exercised (every request sent was a read)']);
  expect(coverageWarnings([sent('a.md#x', kept('status'), { method: 'PATCH', write: true })])).toEqual([]);
  // The earlier attachment format says nothing of the request: no status, no write, so no warning on them.
  const unknown = {
    ...sent('a.md#x', kept('status')),
    report: { sent: { method: '?', write: false }, checks: kept('status'), sentKnown: false },
  };
  expect(coverageWarnings([unknown])).toEqual([]);
  expect(projectCoverage([unknown])[0]).toMatchObject({ sent: 1, sentUnknown: 1, writes: 0 });
  expect([...projectCoverage([unknown])[0].statuses]).toEqual([]);
});

test('warning: no test ran', () => {
  expect(coverageWarnings([])).toEqual(['no test ran']);
  expect(coverageWarnings([skipped('a.md#x', 'permissions', 'Application: Not supported')])).toEqual(['no test ran (1 skipped)']);
});

test('with several projects, each warning names its project', () => {
  const tests = [
    sent('a.md#x', kept('status'), { write: true }),
    ...many(3, (i) => sent(`a.md#x › bad ${i}`, kept('status'), { project: 'negative', status: 401, write: true })),
  ];
  expect(coverageWarnings(tests)).toEqual([
    'negative: every sent request was answered 401 or 403: is the token allowed what the pages require?',
  ]);
});

test('the attachment: TestReport read, the earlier array format read, anything else ignored; skip kinds known or "other"', () => {
  expect(
    readTestReport({ sent: { method: 'POST', status: 201, write: true }, checks: [{ check: 'status', outcome: 'kept' }], notes: ['n'] }),
  ).toEqual({
    sent: { method: 'POST', status: 201, write: true },
    checks: [{ check: 'status', outcome: 'kept' }],
    notes: ['n'],
    sentKnown: true,
  });
  expect(readTestReport([{ check: 'schema', verdict: 'broken', violations: [{ path: '/a', actual: 'x', known: false }] }])).toEqual({
    sent: { method: '?', write: false },
    checks: [{ check: 'schema', outcome: 'broken', violations: [{ path: '/a', actual: 'x', known: false }] }],
    sentKnown: false,
  });
  expect(readTestReport({ checks: [] })).toBeUndefined();
  expect(readTestReport({ sent: { method: 'GET' }, checks: [] })).toBeUndefined();
  expect(readTestReport([{ check: 'schema', outcome: 'maybe' }])).toBeUndefined();
  expect(readTestReport('nonsense')).toBeUndefined();
  expect(skipKindOf('placeholder')).toBe('placeholder');
  expect(skipKindOf('read-only')).toBe('read-only');
  expect(skipKindOf('something new')).toBe('other');
  expect(skipKindOf(undefined)).toBe('other');
});
