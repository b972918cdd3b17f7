/**
 * Values nobody documents but a server may send (100,000 arrays deep, megabytes long): written in
 * failure messages bounded in depth and length, never by throwing; echo stops descending at a bound;
 * the schema check names the property a deep value breaks; example JSON deeper than MAX_JSON_DEPTH is
 * not read at all.
 */
import { expect, test } from '@playwright/test';
import { compareEcho } from '../../src/checks/echo';
import { schema } from '../../src/checks/schema';
import type { Outcome } from '../../src/checks/types';
import { MAX_JSON_DEPTH, nestingDepth } from '../../src/core/json';
import { describeValue } from '../../src/core/values';
import { formatViolation } from '../../src/core/violations';
import { loadContracts } from '../../src/contracts/loadContracts';
import { parseJsonBody, parseLenientJson } from '../../src/docs/jsonBody';
import { SchemaStore } from '../../src/schema/schemaStore';
import { nestedArrays } from '../support/generatedPages';
import { jsonAnswer } from '../support/answers';

/** `depth` arrays, one inside the other, around `"x"`, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let level = 0; level < depth; level++) value = [value];
  return value;
}

test('describeValue: a value 100,000 arrays deep reads as its opening and its depth', () => {
  const deep = nested(100_000);
  expect(() => JSON.stringify(deep)).toThrow(RangeError);
  expect(describeValue(deep)).toBe('array [[[… 100,000 levels]');
  expect(describeValue((deep as unknown[])[0])).toBe('array [[[… 99,999 levels]');
  let object: unknown = 1;
  for (let level = 0; level < 40; level++) object = { a: object };
  expect(describeValue(object)).toBe('object {"a":{"a":{"a":… 40 levels}');
});

test('describeValue: long values are clipped, shallow ones read as before', () => {
  expect(describeValue('9')).toBe('string "9"');
  expect(describeValue(9.5)).toBe('number 9.5');
  expect(describeValue(null)).toBe('null');
  expect(describeValue(undefined)).toBe('nothing');
  expect(describeValue({ a: 1, b: [true, null] })).toBe('object {"a":1,"b":[true,null]}');
  const long = describeValue('x'.repeat(5_000_000));
  expect(long.length).toBeLessThan(100);
  expect(long.endsWith('…')).toBe(true);
  expect(describeValue(Array.from({ length: 1_000_000 }, (_, i) => i)).length).toBeLessThan(100);
  expect(describeValue(BigInt(7))).toBe('bigint 7');
});

test('nestingDepth counts any depth without recursion', () => {
  expect([nestingDepth('x'), nestingDepth([]), nestingDepth({ a: [{}] }), nestingDepth(nested(100_000))]).toEqual([0, 1, 3, 100_000]);
});

test('echo stops descending past MAX_JSON_DEPTH and says so', () => {
  const sent = nested(MAX_JSON_DEPTH + 10);
  const violations = compareEcho(sent, structuredClone(sent));
  expect(violations).toHaveLength(1);
  expect(violations[0].path).toBe('/0'.repeat(MAX_JSON_DEPTH));
  expect(formatViolation(violations[0])).toContain(`not compared: nested deeper than the ${MAX_JSON_DEPTH} levels echo compares`);
  // Within the bound, equal values are still equal.
  const shallow = nested(MAX_JSON_DEPTH - 1);
  expect(compareEcho(shallow, structuredClone(shallow))).toEqual([]);
});

test('the schema check names the property a 100,000-deep value breaks', () => {
  const suite = loadContracts('contracts');
  const create = suite.examples.find((example) => example.title === 'create-ipsecurityprofile.md#create_ipsecurityprofile_from_')!;
  const json = { ...(structuredClone(create.expected.example) as Record<string, unknown>), tags: nested(100_000) };
  const outcome = schema.verify({
    contract: create,
    schemas: new SchemaStore(suite.registry),
    readBack: () => Promise.resolve([]),
    exchange: {
      request: { method: 'POST', url: 'http://127.0.0.1:4010/beta/Security/ipSecurityProfiles', headers: {}, body: create.body?.text },
      response: jsonAnswer(json, { body: '(not written: too deep)' }),
    },
  }) as Outcome;
  expect(outcome.outcome).toBe('broken');
  const violations = outcome.outcome === 'broken' ? outcome.violations.map(formatViolation) : [];
  expect(violations).toEqual([expect.stringMatching(/^tags\[0\]: expected String, got array \[\[\[… 99,999 levels\]/)]);
});

test('example JSON nested deeper than MAX_JSON_DEPTH is not read: an error that says how deep', () => {
  const body = parseJsonBody(`{ "tags": ${nestedArrays(50_000)} }`);
  expect(body.value).toBeUndefined();
  expect(body.error).toBe(
    `nested 50,001 levels deep, deeper than the ${MAX_JSON_DEPTH} levels the suite reads: not read (its values are not typed or checked)`,
  );
  expect(parseJsonBody(nestedArrays(MAX_JSON_DEPTH)).value).toEqual(nested(MAX_JSON_DEPTH));
  // Brackets inside strings are text, not nesting.
  expect(parseJsonBody(JSON.stringify({ a: '['.repeat(1000) })).error).toBeUndefined();
  expect(parseLenientJson(`{ "blockType": "request", "x": ${nestedArrays(50_000)} }`).error).toMatch(/^nested 50,001 levels deep/);
});
