/**
 * Broken promises grouped by what they break (src/report/differences.ts): one row per difference between
 * the documents and the target, however many tests it fails; values that vary per test grouped by shape.
 */
import { expect, test } from '@playwright/test';
import {
  collapsedProperty,
  commonShape,
  EXACT_VALUES,
  groupDifferences,
  propertyOf,
  shapeOf,
  type BrokenPromise,
} from '../../src/report/differences';
import { describeDifference } from '../../src/report/summary';

const promise = (
  test: string,
  path: string | undefined,
  expected: string | undefined,
  actual: string,
  extra: Partial<BrokenPromise> = {},
): BrokenPromise => ({
  test,
  check: 'schema',
  violation: { ...(path !== undefined ? { path } : {}), ...(expected !== undefined ? { expected } : {}), actual },
  known: false,
  ...extra,
});

test('a property: the documented type and its own name when the violation names the type, else the pointer with indices collapsed', () => {
  expect(collapsedProperty('/value/3/ipRanges/0/cidr')).toBe('value[].ipRanges[].cidr');
  expect(collapsedProperty('')).toBe('(body)');
  expect(collapsedProperty(undefined)).toBe('');
  expect(propertyOf({ path: '/value/3/status', actual: 'x', type: 'userAccount' })).toBe('userAccount.status');
  expect(propertyOf({ path: '/accounts/0/status', actual: 'x', type: 'userAccount' })).toBe('userAccount.status');
  expect(propertyOf({ path: '/value/3/status', actual: 'x' })).toBe('value[].status');
  // No property name to hang on the type: the body itself, or the status line.
  expect(propertyOf({ path: '', actual: 'x', type: 'user' })).toBe('(body)');
  expect(propertyOf({ actual: '404', type: 'user' })).toBe('');
});

test("a value's shape keeps what does not vary: quoted text, ids and numbers become placeholders", () => {
  expect(shapeOf('string "9"')).toBe('string "…"');
  expect(shapeOf('2147483648 (out of Int32 range)')).toBe('N (out of Int32 range)');
  expect(shapeOf("id 'a5c9' of 6c3f1e2a-0b4d-4c4e-9f7a-1234567890ab")).toBe("id '…' of ID");
  expect(commonShape(['404 Not Found: "no x 1"', '404 Not Found: "no x 2"'])).toBe('404 Not Found: "…"');
  expect(commonShape(['string "Low"', 'string "Low"'])).toBe('string "Low"');
});

test('the issue: a set of enum members spelled differently, in many tests and pages, is one row with its tests and values', () => {
  const spellings = ['Low', 'HIGH', 'Medium', 'low ', 'Hi'];
  const promises = Array.from({ length: 109 }, (_, i) =>
    promise(
      `page-${i % 8}.md#example_${i}`,
      `/value/${i % 4}/riskLevel`,
      'a riskLevel member (low, medium, high)',
      `string "${spellings[i % 5]}"`,
      {
        violation: {
          path: `/value/${i % 4}/riskLevel`,
          expected: 'a riskLevel member (low, medium, high)',
          actual: `string "${spellings[i % 5]}"`,
          type: 'userAccount',
        },
      },
    ),
  );
  const differences = groupDifferences([...promises, promise('x.md#y', '/countHits', 'Int32', 'string "9"')]);
  expect(differences).toHaveLength(2);
  const [riskLevel, countHits] = differences;
  expect(riskLevel.tests).toHaveLength(109);
  expect(riskLevel.distinctValues).toBe(5);
  expect(describeDifference(riskLevel)).toBe(
    'userAccount.riskLevel: expected a riskLevel member (low, medium, high), got string "…" (5 values, e.g. string "Low"; string "HIGH"; string "Medium")',
  );
  expect(describeDifference(countHits)).toBe('countHits: expected Int32, got string "9"');
});

test(`up to ${EXACT_VALUES} values are each listed with their tests; another kind of value, expected type, check or property is another row`, () => {
  const differences = groupDifferences([
    promise('a.md#1', '/status', 'a riskLevel member (low)', 'string "Low"'),
    promise('a.md#2', '/status', 'a riskLevel member (low)', 'string "Low"'),
    promise('b.md#1', '/status', 'a riskLevel member (low)', 'string "LOW"'),
    promise('c.md#1', '/status', 'a riskLevel member (low)', 'number 5'),
    promise('c.md#2', '/status', 'String', 'string "Low"'),
    promise('d.md#1', '/other', 'a riskLevel member (low)', 'string "Low"'),
    { ...promise('e.md#1', '/status', 'a riskLevel member (low)', 'string "Low"'), check: 'echo' },
  ]);
  expect(differences.map((d) => [d.check, describeDifference(d)])).toEqual([
    ['schema', 'status: expected a riskLevel member (low), got string "Low" (2 tests), string "LOW" (1 test)'],
    ['echo', 'status: expected a riskLevel member (low), got string "Low"'],
    ['schema', 'other: expected a riskLevel member (low), got string "Low"'],
    ['schema', 'status: expected a riskLevel member (low), got number 5'],
    ['schema', 'status: expected String, got string "Low"'],
  ]);
});

test('a number that differs in every test is one row of its shape; what echo sent varies by example too; a status keeps what all share', () => {
  const big = Array.from({ length: 10 }, (_, i) => promise(`p${i}.md#x`, '/countHits', 'Int32', `${2147483648 + i}`));
  const echoes = Array.from({ length: 5 }, (_, i) => ({
    ...promise(`q${i}.md#x`, '/displayName', `"name ${i}"`, `"NAME ${i}"`),
    check: 'echo',
    violation: { path: '/displayName', expected: `"name ${i}"`, actual: `"NAME ${i}"`, verb: 'sent' as const },
  }));
  const missing = Array.from({ length: 4 }, (_, i) => ({
    ...promise(`r${i}.md#x`, undefined, '201', `404 Not Found: ResourceNotFound: "No x with id '${i}' exists."`),
    check: 'status',
  }));
  const differences = groupDifferences([...big, ...echoes, ...missing]);
  expect(differences.map((d) => describeDifference(d))).toEqual([
    'countHits: expected Int32, got N (10 values, e.g. 2147483648; 2147483649; 2147483650)',
    'displayName: sent "…", got "…" (5 values, e.g. "NAME 0"; "NAME 1"; "NAME 2")',
    `expected 201, got 404 Not Found: ResourceNotFound: "…" (4 values, e.g. 404 Not Found: ResourceNotFound: "No x with id '0' exists."; 404 Not Found: ResourceNotFound: "No x with id '1' exists."; 404 Not Found: ResourceNotFound: "No x with id '2' exists.")`,
  ]);
  expect(differences[0].tests).toHaveLength(10);
});

test('verdicts of a difference are kept, and a test counts once however many promises it breaks there', () => {
  const [difference] = groupDifferences([
    promise('a.md#1', '/value/0/n', 'Int32', 'string "9"', { verdict: 'docs' }),
    promise('a.md#1', '/value/1/n', 'Int32', 'string "9"', { verdict: 'docs' }),
    promise('b.md#1', '/value/0/n', 'Int32', 'string "9"', { verdict: 'service' }),
  ]);
  expect(difference.promises).toHaveLength(3);
  expect(difference.tests).toEqual(['a.md#1', 'b.md#1']);
  expect([...difference.verdicts].sort()).toEqual(['docs', 'service']);
});
