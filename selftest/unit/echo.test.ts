/**
 * compareEcho (src/checks/echo.ts): every property the request sent comes back with the same value,
 * recursively, with `@odata.*` annotations ignored and DateTimeOffset values compared as instants.
 */
import { expect, test } from '@playwright/test';
import { compareEcho as compareEchoData } from '../../src/checks/echo';
import { echo } from '../../src/checks/echo';
import type { Outcome } from '../../src/checks/types';
import { formatViolation } from '../../src/core/violations';
import type { ContractExample } from '../../src/contracts/contractExample';
import { buildSuite } from '../../src/contracts/loadContracts';
import { TypeRegistry } from '../../src/contracts/typeRegistry';
import { parsePage } from '../../src/docs/parsePage';
import { SchemaStore } from '../../src/schema/schemaStore';

/** The violations in words, as the report shows them. */
const compareEcho = (sent: unknown, got: unknown) => compareEchoData(sent, got).map(formatViolation);

test('identical bodies: no violations', () => {
  const body = { name: 'w', countHits: 9, enabled: false, tags: ['a', 'b'], owner: { label: 'x' } };
  expect(compareEcho(body, structuredClone(body))).toEqual([]);
});

test('properties the server adds are not violations (only the keys sent are compared)', () => {
  expect(compareEcho({ owner: { label: 'x' } }, { id: '1', owner: { label: 'x', size: 3 }, extra: null })).toEqual([]);
});

test('a changed value is reported with its path and both values as JSON', () => {
  expect(compareEcho({ countHits: 9, name: 'w' }, { countHits: '9', name: 'W' })).toEqual([
    'countHits: sent 9, got "9"',
    'name: sent "w", got "W"',
  ]);
});

test('a missing property is reported as missing', () => {
  expect(compareEcho({ address: 'Address value', countHosts: 10 }, { countHosts: 10 })).toEqual([
    'address: sent "Address value", got nothing (property missing)',
  ]);
});

test('nested objects are compared key by key with a dotted path', () => {
  const sent = { vendorInformation: { provider: 'Provider value', detail: { level: 1 } } };
  const got = { vendorInformation: { provider: 'Other', detail: { level: 2, more: true } } };
  expect(compareEcho(sent, got)).toEqual([
    'vendorInformation.provider: sent "Provider value", got "Other"',
    'vendorInformation.detail.level: sent 1, got 2',
  ]);
});

test('an object that comes back as something else is one violation', () => {
  expect(compareEcho({ vendorInformation: { provider: 'p' } }, { vendorInformation: null })).toEqual([
    'vendorInformation: sent an object, got null',
  ]);
  expect(compareEcho({ vendorInformation: { provider: 'p' } }, { vendorInformation: ['p'] })).toEqual([
    'vendorInformation: sent an object, got array ["p"]',
  ]);
});

test('arrays are compared element by element, with an index in the path', () => {
  const sent = { ipReferenceData: [{ asn: 3, city: 'a' }, { asn: 4 }] };
  const got = { ipReferenceData: [{ asn: 3, city: 'b' }, { asn: 5 }] };
  expect(compareEcho(sent, got)).toEqual(['ipReferenceData[0].city: sent "a", got "b"', 'ipReferenceData[1].asn: sent 4, got 5']);
});

test('arrays of a different length: the length, then the items both have', () => {
  expect(compareEcho({ tags: ['a', 'b'] }, { tags: ['x'] })).toEqual(['tags: sent 2 item(s), got 1', 'tags[0]: sent "a", got "x"']);
  expect(compareEcho({ tags: ['a'] }, { tags: ['a', 'b'] })).toEqual(['tags: sent 1 item(s), got 2']);
});

test('an array that comes back as something else is one violation', () => {
  expect(compareEcho({ tags: ['a'] }, { tags: 'a' })).toEqual(['tags: sent 1 item(s), got string "a"']);
});

test('element order matters in arrays', () => {
  expect(compareEcho({ tags: ['a', 'b'] }, { tags: ['b', 'a'] })).toEqual(['tags[0]: sent "a", got "b"', 'tags[1]: sent "b", got "a"']);
});

test('@odata.* annotations the request sent are ignored, at any depth', () => {
  const sent = {
    '@odata.type': '#microsoft.graph.ipSecurityProfile',
    'owner@odata.bind': 'https://graph.microsoft.com/v1.0/users/1',
    ipCategories: [{ '@odata.type': 'microsoft.graph.ipCategory', name: 'n' }],
  };
  expect(compareEcho(sent, { ipCategories: [{ name: 'n' }] })).toEqual([]);
});

test('DateTimeOffset values compare as instants: another offset for the same instant is fine', () => {
  expect(
    compareEcho({ firstSeenDateTime: '2016-12-31T23:57:18.6460025+03:00' }, { firstSeenDateTime: '2016-12-31T20:57:18.6460025Z' }),
  ).toEqual([]);
  expect(
    compareEcho({ lastSeenDateTime: '2016-12-31T23:59:38.861959+03:00' }, { lastSeenDateTime: '2016-12-31T20:59:38.8619590Z' }),
  ).toEqual([]);
});

test('DateTimeOffset values: same digits at another offset is a different instant', () => {
  expect(
    compareEcho({ firstSeenDateTime: '2016-12-31T23:57:18.6460025+03:00' }, { firstSeenDateTime: '2016-12-31T23:57:18.6460025Z' }),
  ).toEqual(['firstSeenDateTime: sent 2016-12-31T23:57:18.6460025+03:00, got 2016-12-31T23:57:18.6460025Z (a different instant)']);
});

test('DateTimeOffset values: one tick apart is a different instant', () => {
  expect(compareEcho({ when: '2016-12-31T20:57:18.6460025Z' }, { when: '2016-12-31T20:57:18.6460026Z' })).toEqual([
    'when: sent 2016-12-31T20:57:18.6460025Z, got 2016-12-31T20:57:18.6460026Z (a different instant)',
  ]);
});

test('DateTimeOffset values: a non-date string back is named as such', () => {
  expect(compareEcho({ when: '2016-12-31T20:57:18Z' }, { when: '2016-12-31 20:57:18Z' })).toEqual([
    'when: sent 2016-12-31T20:57:18Z, got 2016-12-31 20:57:18Z (not a DateTimeOffset)',
  ]);
});

test('DateTimeOffset values inside arrays and nested objects compare as instants too', () => {
  const sent = { history: [{ at: '2017-01-01T01:00:00+03:00' }, { at: '2017-01-01T01:00:00+03:00' }] };
  const got = { history: [{ at: '2016-12-31T22:00:00Z' }, { at: '2017-01-01T01:00:00Z' }] };
  expect(compareEcho(sent, got)).toEqual(['history[1].at: sent 2017-01-01T01:00:00+03:00, got 2017-01-01T01:00:00Z (a different instant)']);
});

test('strings that are not dates are compared exactly', () => {
  expect(compareEcho({ riskScore: 'Risk Score value' }, { riskScore: 'Risk Score value ' })).toEqual([
    'riskScore: sent "Risk Score value", got "Risk Score value "',
  ]);
});

test('null sent and null back is equal; null sent and a value back is not', () => {
  expect(compareEcho({ address: null }, { address: null })).toEqual([]);
  expect(compareEcho({ address: null }, { address: 'x' })).toEqual(['address: sent null, got "x"']);
});

test('a top-level mismatch is reported at (body)', () => {
  expect(compareEcho({ a: 1 }, [1])).toEqual(['(body): sent an object, got array [1]']);
  expect(compareEcho(1, 2)).toEqual(['(body): sent 1, got 2']);
});

test('a property named like an Object.prototype member is still compared as data', () => {
  expect(compareEcho({ constructor: 'x', toString: 'y' }, {})).toEqual([
    'constructor: sent "x", got nothing (property missing)',
    'toString: sent "y", got nothing (property missing)',
  ]);
});

test.describe('what is expected back: the sent properties the documented response shows', () => {
  const fence = '```';
  const createUser = (responseBody: string) =>
    buildSuite('inline', [
      parsePage(
        `# Create user

## HTTP request
<!-- { "blockType": "ignored" } -->
${fence} http
POST /users
${fence}

## Request body
In the request body, supply a JSON representation of a [user](../resources/user.md) object.

|Property|Type|Description|
|:---|:---|:---|
|displayName|String||
|passwordProfile|[passwordProfile](../resources/passwordprofile.md)||

## Response
If successful, this method returns a \`201 Created\` response code and a [user](../resources/user.md) object in the response body.

## Example
<!-- { "blockType": "request", "name": "create_user" } -->
${fence} http
POST https://graph.microsoft.com/v1.0/users
Content-Type: application/json

{ "displayName": "Adele", "passwordProfile": { "password": "xWwvJ]6NMw+bWH-d" } }
${fence}

<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.user" } -->
${fence} http
HTTP/1.1 201 Created
Content-Type: application/json

${responseBody}
${fence}
`,
        'create-user.md',
      ),
    ]).examples[0];

  const run = (example: ContractExample, json: unknown) => {
    const reason = echo.whyNotApplicable?.(example);
    if (reason !== undefined) return reason;
    const response = { status: 201, statusText: 'Created', headers: {}, body: JSON.stringify(json), json };
    const outcome = echo.verify({
      contract: example,
      schemas: new SchemaStore(new TypeRegistry()),
      readBack: () => Promise.resolve([]),
      exchange: { request: { method: 'POST', url: 'http://x.invalid/users', headers: {} }, response },
    }) as Outcome;
    return outcome.outcome === 'broken' ? outcome.violations.map(formatViolation) : outcome.outcome;
  };

  test('a write-only property (sent, never shown: passwordProfile) is not expected back; the shown ones are', () => {
    const example = createUser('{ "id": "u1", "displayName": "Adele" }');
    expect(example.echoKeys).toEqual(['displayName']);
    expect(run(example, { id: 'u1', displayName: 'Adele' })).toBe('kept');
    expect(run(example, { id: 'u1', displayName: 'Alex' })).toEqual(['displayName: sent "Adele", got "Alex"']);
  });

  test('a documented response that shows both expects both back', () => {
    const example = createUser('{ "id": "u1", "displayName": "Adele", "passwordProfile": { "password": null } }');
    expect(example.echoKeys).toEqual(['displayName', 'passwordProfile']);
    expect(run(example, { id: 'u1', displayName: 'Adele' })).toEqual([
      'passwordProfile: sent {"password":"xWwvJ]6NMw+bWH-d"}, got nothing (property missing)',
    ]);
  });

  test('a documented response that shows none of the sent properties: echo does not apply', () => {
    expect(run(createUser('{ "id": "u1" }'), { id: 'u1' })).toBe('the documented response shows none of the properties sent');
  });
});
