import { expect, test } from '@playwright/test';
import type { Exchange, SentRequest } from '../../src/core/http';
import { parsePage } from '../../src/docs/parsePage';
import { buildSuite } from '../../src/contracts/loadContracts';
import { PrerequisiteError } from '../../src/replay/errors';
import { lookupParam, PathFiller } from '../../src/replay/pathValues';

const page = (file: string, template: string, request: string, status = '200 OK') =>
  parsePage(
    [
      '# Page',
      '## HTTP request',
      '<!-- { "blockType": "ignored" } -->',
      '```http',
      template,
      '```',
      '## Response',
      `If successful, this method returns a \`${status}\` response code and a [widget](../resources/widget.md) object.`,
      '## Example',
      `<!-- { "blockType": "request", "name": "${file}" } -->`,
      '```http',
      request,
      '```',
      '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.widget" } -->',
      '```http',
      `HTTP/1.1 ${status}`,
      'Content-Type: application/json',
      '',
      '{ "id": "w1", "name": "x" }',
      '```',
    ].join('\n'),
    `${file}.md`,
  );

const suite = buildSuite('.', [
  page(
    'create',
    'POST /widgets',
    'POST https://graph.microsoft.com/v1.0/widgets\nContent-Type: application/json\n\n{ "name": "x" }',
    '201 Created',
  ),
  page(
    'update',
    'PATCH /widgets/{widgetId}',
    'PATCH https://graph.microsoft.com/v1.0/widgets/{widgetId}\nContent-Type: application/json\n\n{ "name": "y" }',
  ),
  page('report', "GET /reports/usage(period='{period}')", "GET https://graph.microsoft.com/v1.0/reports/usage(period='{period}')"),
  page('part', 'GET /parts/{partId}', 'GET https://graph.microsoft.com/v1.0/parts/{partId}'),
]);
const example = (name: string) => suite.examples.find((e) => e.pair.name === name)!;
const target = { baseURL: 'http://target.invalid/beta' };

/** A fake target: answers the create with the given status and id, records every request. */
function fakeTarget(status = 201, id: unknown = 'created-1') {
  const sent: SentRequest[] = [];
  const send = (request: SentRequest): Promise<Exchange> => {
    sent.push(request);
    const json = request.method === 'POST' ? { id } : undefined;
    return Promise.resolve({
      request,
      response: { status: request.method === 'POST' ? status : 204, statusText: '', headers: {}, body: '', json },
    });
  };
  return { sent, send };
}

test('PARAMS_FILE values fill placeholders by name, case aside, or by any alternative of {a | b}', async () => {
  expect(lookupParam({ WidgetId: '7' }, 'widgetId')).toBe('7');
  expect(lookupParam({ userPrincipalName: 'a@b' }, 'id | userPrincipalName')).toBe('a@b');
  const { sent, send } = fakeTarget();
  const filled = await new PathFiller({ suite, target, params: { widgetId: 'a/b' }, send: send, registerCreated: () => undefined }).fill(
    example('update'),
  );
  expect(filled).toEqual({ segments: ['widgets', 'a%2Fb'], query: '' });
  expect(sent).toEqual([]);
});

test('without a value, the documented create example makes one; clean-up is told where it is', async () => {
  const { sent, send } = fakeTarget();
  const created: string[] = [];
  const filler = new PathFiller({ suite, target, params: {}, send: send, registerCreated: (url) => void created.push(url) });
  expect(await filler.fill(example('update'))).toEqual({ segments: ['widgets', 'created-1'], query: '' });
  expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(['POST http://target.invalid/beta/widgets']);
  expect(created).toEqual(['http://target.invalid/beta/widgets/created-1']);
});

test('a create that fails is a PrerequisiteError that says what answered', async () => {
  const { send } = fakeTarget(500);
  await expect(
    new PathFiller({ suite, target, params: {}, send: send, registerCreated: () => undefined }).fill(example('update')),
  ).rejects.toThrow(PrerequisiteError);
  const { send: noId } = fakeTarget(201, null);
  await expect(
    new PathFiller({ suite, target, params: {}, send: noId, registerCreated: () => undefined }).fill(example('update')),
  ).rejects.toThrow('cannot obtain {widgetId}: the documented create example create.md#create answered 201 without an id');
});

test('no value and no create example: a skip reason that names the placeholder', async () => {
  const { send } = fakeTarget();
  expect(await new PathFiller({ suite, target, params: {}, send: send, registerCreated: () => undefined }).fill(example('part'))).toEqual({
    skip: 'path parameter {partId} has no value: set it in PARAMS_FILE, or document a create example (POST /parts) in the contracts',
    kind: 'placeholder',
  });
});

test('a placeholder inside a segment is filled from PARAMS_FILE, never sent literally', async () => {
  const { send } = fakeTarget();
  expect(
    await new PathFiller({ suite, target, params: { period: 'D7' }, send: send, registerCreated: () => undefined }).fill(example('report')),
  ).toEqual({
    segments: ['reports', "usage(period='D7')"],
    query: '',
  });
  expect(await new PathFiller({ suite, target, params: {}, send: send, registerCreated: () => undefined }).fill(example('report'))).toEqual(
    {
      skip: 'path parameter {period} has no value: set it in PARAMS_FILE',
      kind: 'placeholder',
    },
  );
});

test('an asynchronous create (202, no body) gives its id in Content-Location or Location, OData key syntax included', async () => {
  const sent: SentRequest[] = [];
  const send = (request: SentRequest): Promise<Exchange> => {
    sent.push(request);
    const accepted = { status: 202, statusText: 'Accepted', headers: { location: "/widgets('async-1')/operations('op-1')" }, body: '' };
    return Promise.resolve({
      request,
      response: request.method === 'POST' ? accepted : { status: 204, statusText: '', headers: {}, body: '' },
    });
  };
  const created: string[] = [];
  const filler = new PathFiller({ suite, target, params: {}, send: send, registerCreated: (url) => void created.push(url) });
  expect(await filler.fill(example('update'))).toEqual({ segments: ['widgets', 'async-1'], query: '' });
  expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(['POST http://target.invalid/beta/widgets']);
  expect(created).toEqual(['http://target.invalid/beta/widgets/async-1']);
});

test('a 202 without a Location is still a create without an id', async () => {
  const send = (request: SentRequest): Promise<Exchange> =>
    Promise.resolve({ request, response: { status: 202, statusText: 'Accepted', headers: {}, body: '' } });
  await expect(
    new PathFiller({ suite, target, params: {}, send: send, registerCreated: () => undefined }).fill(example('update')),
  ).rejects.toThrow('answered 202 without an id');
});
