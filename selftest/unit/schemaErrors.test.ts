/**
 * The schema layer's one reader of Ajv errors (src/schema/schemaErrors.ts): every error the pages'
 * schemas produce comes back typed, with its JSON pointer, the property, and the documented type that
 * holds it (the schema builder labels property schemas with their owner); violations carry that type.
 */
import { expect, test } from '@playwright/test';
import { loadContracts } from '../../src/contracts/loadContracts';
import { schemaViolations } from '../../src/schema/describeErrors';
import { enumSchema, flagsPatternMembers } from '../../src/schema/buildSchemas';
import { readSchemaErrors, type SchemaError } from '../../src/schema/schemaErrors';
import { createAjv, SchemaStore } from '../../src/schema/schemaStore';

const seeds = loadContracts('contracts');
const store = new SchemaStore(seeds.registry);
const host = seeds.examples.find((example) => example.title.startsWith('create-hostsecurityprofiles.md'))!;
const ip = seeds.examples.find((example) => example.title.startsWith('create-ipsecurityprofile.md'))!;
const errorsOf = (example: typeof host, change: (body: Record<string, unknown>) => void): SchemaError[] => {
  const body = structuredClone(example.expected.example) as Record<string, unknown>;
  change(body);
  const result = store.validate(store.responseSchema(example)!, body);
  return result.valid ? [] : result.errors;
};

test('a wrong type deep in a collection: pointer, property and the type that holds it', () => {
  const errors = errorsOf(host, (body) => ((body.logonUsers as Record<string, unknown>[])[0].accountType = 5));
  expect(errors).toEqual([
    { kind: 'wrong-type', pointer: '/logonUsers/0/accountType', property: 'accountType', owner: 'logonUser', expected: 'String', value: 5 },
  ]);
  expect(schemaViolations(errors)).toEqual([
    { path: '/logonUsers/0/accountType', expected: 'String', actual: 'number 5', type: 'logonUser' },
  ]);
});

test('missing, out of range, format: each typed, the owner named', () => {
  const errors = errorsOf(ip, (body) => {
    delete body.address;
    body.countHits = 2147483648;
    body.firstSeenDateTime = '2016-12-31 20:57:18Z';
  });
  expect(errors.map((error) => [error.kind, error.pointer, error.owner])).toEqual([
    ['out-of-range', '/countHits', 'ipSecurityProfile'],
    ['format', '/firstSeenDateTime', 'ipSecurityProfile'],
    ['missing', '/address', 'ipSecurityProfile'],
  ]);
  expect(errors[1]).toMatchObject({ format: 'edm-date-time-offset', expected: 'DateTimeOffset' });
});

test('enum members: from `enum`, and from a flags enum’s pattern', () => {
  const ajv = createAjv();
  const check = (schema: Record<string, unknown>, value: unknown) => {
    const validate = ajv.compile({
      'x-edm-type': 'thing',
      type: 'object',
      properties: { p: { 'x-edm-type': 'color', 'x-edm-owner': 'thing', ...schema } },
    });
    return validate({ p: value }) ? [] : readSchemaErrors(validate.errors ?? []);
  };
  expect(check(enumSchema(['red', 'green'], false, true), 'blue')).toEqual([
    {
      kind: 'not-a-member',
      pointer: '/p',
      property: 'p',
      owner: 'thing',
      expected: 'color',
      members: ['red', 'green'],
      flags: false,
      value: 'blue',
    },
  ]);
  expect(check(enumSchema(['red', 'green.x'], true, true), 'red,blue')).toMatchObject([
    { kind: 'not-a-member', members: ['red', 'green.x'], flags: true },
  ]);
  expect(check(enumSchema(['red', 'green'], true, true), 'green, red')).toEqual([]);
  expect(flagsPatternMembers('^(-?INF|NaN)$')).toBeUndefined();
  // Double's special values are a pattern too: a string that is none of them is a wrong type.
  expect(check({ type: ['number', 'string'], pattern: '^(-?INF|NaN)$' }, 'lots')).toMatchObject([{ kind: 'wrong-type', value: 'lots' }]);
});
