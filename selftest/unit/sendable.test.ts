import { expect, test } from '@playwright/test';
import { parsePage } from '../../src/docs/parsePage';
import { buildSuite } from '../../src/contracts/loadContracts';
import { whyNotSendable } from '../../src/replay/sendable';
import { SchemaStore } from '../../src/schema/schemaStore';

const createPage = (body: string) =>
  parsePage(
    [
      '# Create widget',
      '## HTTP request',
      '```http',
      'POST /widgets',
      '```',
      '## Request body',
      'In the request body, supply a JSON representation of the [widget](../resources/widget.md) object.',
      '',
      '|Property|Type|Description|',
      '|:---|:---|:---|',
      '|count|Int32||',
      '|seen|DateTimeOffset||',
      '## Response',
      'If successful, this method returns a `201 Created` response code and a [widget](../resources/widget.md) object.',
      '<!-- { "blockType": "request", "name": "create_widget" } -->',
      '```http',
      'POST https://graph.microsoft.com/v1.0/widgets',
      'Content-Type: application/json',
      '',
      body,
      '```',
      '<!-- { "blockType": "response" } -->',
      '```http',
      'HTTP/1.1 201 Created',
      'Content-Type: application/json',
      '',
      '{ "id": "1", "count": 2 }',
      '```',
    ].join('\n'),
    'create.md',
  );

function sendability(body: string): string | undefined {
  const suite = buildSuite('.', [createPage(body)]);
  return whyNotSendable(suite.examples[0], new SchemaStore(suite.registry));
}

test('a documented body that keeps to its page is sendable', () => {
  expect(sendability('{ "count": 2, "seen": "2016-12-31T20:57:18Z" }')).toBeUndefined();
});

test('a documented body with type placeholders is not: no conforming server could accept it', () => {
  expect(sendability('{ "count": "Integer", "seen": "String (timestamp)" }')).toBe(
    "the documented request body breaks its own page's types, so no conforming server can accept it " +
      '(count: expected Int32, got string "Integer"; seen: expected DateTimeOffset (like 2016-12-31T20:57:18.6460025Z), got string "String (timestamp)"); ' +
      "npm run docs:check lists the page's defects",
  );
});

test('a request to another host than the API the pages call (a pre-authenticated download link) is opaque, never sent', () => {
  const download = parsePage(
    [
      '# Download a file',
      '## HTTP request',
      '```http',
      'GET /drive/items/{item-id}/content',
      '```',
      '## Response',
      'Returns a `200 OK` response code.',
      '<!-- { "blockType": "request", "name": "download_link" } -->',
      '```http',
      'GET https://b0mpua-by3301.files.1drv.com/y23vmagahszhxzlcvhasdhasghasodfi',
      '```',
      '<!-- { "blockType": "response" } -->',
      '```http',
      'HTTP/1.1 200 OK',
      'Content-Type: application/octet-stream',
      '```',
    ].join('\n'),
    'download.md',
  );
  const suite = buildSuite('.', [createPage('{"count": 1}'), download]);
  const link = suite.examples.find((example) => example.title === 'download.md#download_link')!;
  expect(link.unusable).toBe(
    'the request goes to b0mpua-by3301.files.1drv.com, not to the API the pages call (graph.microsoft.com): its URL is opaque (returned by an earlier call), not a documented path',
  );
  expect(suite.examples.find((example) => example.title.startsWith('create'))!.unusable).toBeUndefined();
});
