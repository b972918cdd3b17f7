import { expect, test } from '@playwright/test';
import { isGuid } from '../../src/edm/primitives';
import { loadContracts } from '../../src/contracts/loadContracts';
import { deriveBadRequests, idShapedLike } from '../../src/negative/badRequests';

const suite = loadContracts('contracts');
const example = (title: string) => suite.examples.find((e) => e.title === title)!;
const create = example('create-ipsecurityprofile.md#create_ipsecurityprofile_from_');
const update = example('update-ipsecurityprofile.md#update_ipsecurityprofile');

test('every typed property of the request table gets a wrong-typed value, each its own test', () => {
  const whats = deriveBadRequests(create, suite.registry).map((bad) => bad.what);
  expect(whats).toEqual(
    expect.arrayContaining([
      'countHits: Int32 as a string',
      'countHits: Int32 out of range (2147483648)',
      'firstSeenDateTime: DateTimeOffset malformed (space for T, no zone)',
      'firstSeenDateTime: DateTimeOffset on an impossible date',
      'tags: String collection as a single value',
      'ipCategories: ipCategory collection as a single value',
      'vendorInformation: securityVendorInformation object as a string',
      'body is not JSON',
      'no Authorization header',
    ]),
  );
  // `id` is the key the server assigns; it is not input to break.
  expect(whats.some((what) => what.startsWith('id:'))).toBe(false);
  // A create addresses no item: no unknown-id test.
  expect(whats.some((what) => what.startsWith('unknown'))).toBe(false);
});

test('a broken body changes only the broken property and carries a marker to find what it created', () => {
  const bad = deriveBadRequests(create, suite.registry).find((b) => b.what === 'countHits: Int32 as a string')!;
  const body = bad.body!.value as Record<string, unknown>;
  const sent = create.body!.value as Record<string, unknown>;
  expect(body.countHits).toBe('9');
  expect(bad.probe).toMatchObject({ kind: 'marker', property: 'address' });
  expect(body.address).toBe((bad.probe as { value: string }).value);
  expect(body.tags).toEqual(sent.tags);
  expect(bad.expected).toMatchObject({ statuses: [400], mediaType: 'application/json', type: undefined });
  expect(bad.title).toBe('create-ipsecurityprofile.md#create_ipsecurityprofile_from_ › countHits: Int32 as a string');
});

test('without a token the documented example itself must get 401', () => {
  const bad = deriveBadRequests(create, suite.registry).find((b) => b.what === 'no Authorization header')!;
  expect(bad.authorize).toBe(false);
  expect(bad.expected.statuses).toEqual([401]);
});

test('an item path gets an unknown id of the documented shape, and 404', () => {
  const bad = deriveBadRequests(update, suite.registry).find((b) => b.what === 'unknown ipSecurityProfileId')!;
  expect(bad.expected.statuses).toEqual([404]);
  expect(bad.probe).toEqual({ kind: 'item' });
  expect(bad.path.placeholders).toEqual([]);
  expect(isGuid(bad.path.segments[2])).toBe(true);
  expect(bad.path.segments[2]).not.toBe('a5c97fce-7fce-a5c9-ce7f-c9a5ce7fc9a5');
});

test('idShapedLike keeps character classes and separators', () => {
  const id = idShapedLike('AAMkAGI2-0123');
  expect(id).toMatch(/^[A-F]{2}[G-Z][g-z][A-F][G-Z]{2}\d-\d{4}$/);
});

test('an example that cannot be replayed derives nothing', () => {
  expect(deriveBadRequests({ ...create, unusable: 'no response' }, suite.registry)).toEqual([]);
});
