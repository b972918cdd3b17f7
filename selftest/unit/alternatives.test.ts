/**
 * One request, several documented responses (channel-get.md shows one GET and four: a standard channel,
 * moderation off, moderation on, a private channel): one test, kept when the answer keeps the promises of
 * any of them, saying which one it matched; when none is kept, the closest one is shown.
 */
import { expect, test } from '@playwright/test';
import { checkAlternatives } from '../../src/checks/alternatives';
import { runChecks } from '../../src/checks/run';
import type { Contract } from '../../src/contracts/contractExample';
import { buildSuite } from '../../src/contracts/loadContracts';
import { formatViolation } from '../../src/core/violations';
import { parsePage } from '../../src/docs/parsePage';
import { SchemaStore } from '../../src/schema/schemaStore';

const response = (body: object) => [
  '<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.channel" } -->',
  '```http',
  'HTTP/1.1 200 OK',
  'Content-type: application/json',
  '',
  JSON.stringify(body, null, 2),
  '```',
];
const page = parsePage(
  [
    '# Get channel',
    '## HTTP request',
    '```http',
    'GET /teams/{team-id}/channels/{channel-id}',
    '```',
    '## Response',
    'If successful, this method returns a `200 OK` response code and a [channel](../resources/channel.md) object.',
    '<!-- { "blockType": "request", "name": "get_channel" } -->',
    '```http',
    'GET https://graph.microsoft.com/v1.0/teams/t1/channels/c1',
    '```',
    '### Response: a standard channel',
    ...response({ id: 'c1', displayName: 'General', membershipType: 'standard', email: 'general@contoso.com' }),
    '### Response: a private channel',
    ...response({ id: 'c2', displayName: 'Secret', membershipType: 'private', moderationSettings: { allowNewMessageFromBots: true } }),
  ].join('\n'),
  'channel-get.md',
);
const suite = buildSuite('.', [page]);
const schemas = new SchemaStore(suite.registry);
const [standard, privateOne] = suite.examples;

const answered = (body: Record<string, unknown>) => (contract: Contract) =>
  runChecks({
    contract,
    schemas,
    registry: suite.registry,
    readBack: () => Promise.resolve([]),
    exchange: {
      request: { method: 'GET', url: 'https://t/v1.0/teams/t1/channels/c1', headers: {} },
      response: { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), json: body },
    },
  });

test('the page is one test named after its request, the second response its alternative', () => {
  expect(suite.examples.map((e) => [e.title, e.alternativeOf])).toEqual([
    ['channel-get.md#get_channel', undefined],
    ['channel-get.md#get_channel-response-2', 'channel-get.md#get_channel'],
  ]);
  expect(standard.alternatives).toEqual([privateOne]);
});

test('a page read back from JSON (as the suite cache packs it) is one test too', () => {
  // JSON gives each pair a request object of its own: the join must not rest on the objects being one.
  const [first, second] = buildSuite('.', [JSON.parse(JSON.stringify(page)) as typeof page]).examples;
  expect(first.pair.request).not.toBe(second.pair.request);
  expect([first.title, second.alternativeOf, first.alternatives?.length]).toEqual([
    'channel-get.md#get_channel',
    'channel-get.md#get_channel',
    1,
  ]);
});

test('an answer like the second documented response is kept, saying it matched that one', async () => {
  const matched = await checkAlternatives(
    standard,
    answered({ id: 'c9', displayName: 'Secret', membershipType: 'private', moderationSettings: {} }),
  );
  expect(matched.contract).toBe(privateOne);
  expect(matched.reports.filter((r) => r.outcome === 'broken')).toEqual([]);
  expect(matched.note).toMatch(/^matched the 2nd of 2 documented responses \(channel-get\.md:\d+\)$/);
});

test('an answer like the first: kept at once, the others not tried', async () => {
  const tried: Contract[] = [];
  const check = answered({ id: 'c1', displayName: 'General', membershipType: 'standard', email: 'g@contoso.com' });
  const matched = await checkAlternatives(standard, (c) => (tried.push(c), check(c)));
  expect([matched.contract, tried]).toEqual([standard, [standard]]);
  expect(matched.note).toMatch(/^matched the 1st of 2/);
});

test('an answer keeping none: the closest is shown, and said to be', async () => {
  const matched = await checkAlternatives(standard, answered({ id: 'c1', membershipType: 'standard', email: 'g@contoso.com' }));
  expect(matched.contract).toBe(standard);
  expect(matched.note).toMatch(/^none of the 2 documented responses was kept; shown: the closest, the 1st of 2/);
  const broken = matched.reports.flatMap((r) => (r.outcome === 'broken' ? r.violations.map(formatViolation) : []));
  expect(broken).toEqual(['displayName: missing (documented channel property)']);
});
