/**
 * parsePage and the suite on small pages with the quirks of the real reference (fixtures/pages/quirks):
 * unannotated Intune-style pages, lenient annotations, a response naming several requests, several
 * responses for one request, `msgraph-interactive` fences, ignored requests, mis-annotated blocks,
 * bodies needing repair, status line variants, annotations, and resource pages beside the pages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { echo } from '../../src/checks/echo';
import { parsePage } from '../../src/docs/parsePage';
import type { Page } from '../../src/docs/model';
import { describeType } from '../../src/docs/typeCell';
import { loadContracts, type Suite } from '../../src/contracts/loadContracts';
import { PROJECT_ROOT } from '../../src/core/projectRoot';

const QUIRKS = path.join(PROJECT_ROOT, 'fixtures', 'pages', 'quirks');
const read = (file: string): Page => parsePage(fs.readFileSync(path.join(QUIRKS, file), 'utf8'), file);
const messages = (page: Page) => page.findings.map((finding) => `${finding.kind}@${finding.line}: ${finding.message}`);

let suite: Suite;
test.beforeAll(() => {
  suite = loadContracts(path.join(QUIRKS, 'api'));
});
const example = (title: string) => {
  const found = suite.examples.find((candidate) => candidate.title === title);
  if (!found) throw new Error(`no example ${title} in ${suite.examples.map((e) => e.title).join(', ')}`);
  return found;
};

test('an Intune-style page without annotations: fences read by content, a blank line before the headers', () => {
  const page = read('api/intune-widget-create.md');
  expect(page.templates).toEqual([{ method: 'POST', path: '/deviceManagement/widgets', line: 18 }]);
  expect(page.requestBodyType).toEqual({ name: 'widget' });
  expect(page.examples).toHaveLength(1);
  const { request, response } = page.examples[0];
  expect(page.examples[0].name).toBe('example-1');
  expect(request).toMatchObject({ annotated: false, method: 'POST', url: 'https://graph.microsoft.com/v1.0/deviceManagement/widgets' });
  expect(request.headers).toEqual([
    ['Content-type', 'application/json'],
    ['Content-length', '59'],
  ]);
  expect(request.notes).toEqual(['blank line between the start line and the headers']);
  expect(request.body?.value).toEqual({ '@odata.type': '#microsoft.graph.widget', displayName: 'Display Name value', size: 3 });
  expect(response).toMatchObject({ annotated: false, status: 201, proseSaysTruncated: true });
  expect(page.findings).toEqual([]);

  const contract = example('intune-widget-create.md#example-1');
  expect(contract.expected).toMatchObject({ statuses: [201], body: 'resource', type: 'widget', truncated: true });
  expect(contract.findings.map((finding) => finding.message)).toEqual(['request: blank line between the start line and the headers']);
});

test('lenient annotations, msgraph-interactive, a response naming two requests, two responses for one request', () => {
  const page = read('api/widget-list.md');
  expect(page.templates.map((template) => `${template.method} ${template.path}`)).toEqual([
    'GET /widgets',
    'GET /users/{id | userPrincipalName}/widgets',
  ]);
  expect(page.responseType).toEqual({ name: 'widget', link: '../resources/widget.md', collection: true });
  expect(page.ignoredRequests).toBe(1);
  expect(page.examples.map((pair) => `${pair.name} → ${pair.response?.line}`)).toEqual([
    'list_widgets → 55',
    'list_widgets_top → 55',
    'list_user_widgets-response-1 → 83',
    'list_user_widgets-response-2 → 94',
    'count_widgets → 112',
    'example-5 → 125',
    'example-6 → 147',
  ]);
  expect(page.responses.find((response) => response.line === 55)?.names).toEqual(['list_widgets', 'list_widgets_top']);
  expect(messages(page)).toEqual([
    'annotation@14: annotation is not strict JSON (read leniently)',
    'annotation@138: block is annotated blockType "response" but holds a request ("GET https://graph.microsoft.com/v1.0/widgets?$orderby=size"); read as a request',
    'pairing@158: unannotated request block (POST https://contoso.example/notify) has no response: not taken as an example',
  ]);
  // One request, two documented responses: one test named after the request, the second response its alternative.
  // `"isCollection": "true"` is read as true; the unannotated second response is not truncated.
  const listed = example('widget-list.md#list_user_widgets');
  expect(listed.expected).toMatchObject({ body: 'collection', truncated: true });
  expect(listed.alternatives?.map((other) => [other.title, other.alternativeOf])).toEqual([
    ['widget-list.md#list_user_widgets-response-2', 'widget-list.md#list_user_widgets'],
  ]);
  expect(listed.alternatives?.[0].expected).toMatchObject({ body: 'collection', truncated: false, statuses: [200] });
  // A request its authors mark "ignored" is still an example when answered, skipped with their reason.
  expect(example('widget-list.md#count_widgets').unusable).toBe(
    'the page marks this request blockType "ignored": its authors keep it out of testing',
  );
  expect(example('widget-list.md#example-5').findings.map((finding) => finding.message)).toEqual([
    'response: status line says "200 Success"; the reason phrase of 200 is "OK" (the number is used)',
  ]);
});

test('bodies as written in the wild: comments, trailing commas, NBSP repaired; an elided value is not', () => {
  const page = read('api/widget-create.md');
  const { request, response } = page.examples[0];
  expect(page.examples[0].name).toBe('create_widget');
  expect(request.annotation).toEqual({ blockType: 'request', name: 'create_widget' });
  expect(request.body?.repairs).toEqual([
    '// comment removed',
    'trailing comma removed',
    'non-breaking or zero-width space outside a string',
  ]);
  expect(request.body?.value).toMatchObject({ displayName: 'Widget one', parts: [{ name: 'cog', serial: 7 }], isShiny: true });
  expect(response).toMatchObject({ status: 201, reason: 'Created', headers: [['Content-Type', 'application/json']] });
  expect(response!.notes).toEqual([
    'status line "HTTP 201 Created" is not HTTP syntax (HTTP/1.1 201 …)',
    'no blank line between the headers and the body',
  ]);
  expect(example('widget-create.md#create_widget').expected).toMatchObject({ truncated: true, type: 'widget', statuses: [201] });

  const elided = example('widget-update.md#update_widget_elided');
  expect(elided.unusable).toBe(
    'the request body cannot be sent as documented (a value is elided with "..."; the body cannot be completed without guessing)',
  );
});

test('templates written without a leading slash or as full URLs; URLs that match none', () => {
  expect(read('api/widget-update.md').templates).toEqual([{ method: 'PATCH', path: '/widgets/{widget-id}', line: 16 }]);
  expect(read('api/widget-create.md').templates.map((template) => template.path)).toEqual(['/widgets', '/me/widgets']);
  const update = example('widget-update.md#update_widget');
  expect(update.path.template).toBeUndefined();
  expect(update.findings.map((finding) => finding.kind)).toEqual(['url', 'status', 'body', 'body']);
  expect(update.expected).toMatchObject({ statuses: [204, 200], body: 'resource' });
  // A function's parameters filled in still match the template's function segment.
  expect(example('widget-actions.md#widget_report').path.template?.path).toBe("/widgets/{widget-id}/report(period='{period}')");
});

test('annotations honoured: expectError, isEmpty, isCollection + collectionProperty, optional and nullable properties', () => {
  expect(example('widget-actions.md#polish_widget').expected).toMatchObject({ statuses: [400], expectError: true, body: 'unknown' });
  expect(example('widget-actions.md#polish_widget').expected.type).toBeUndefined();
  expect(echo.whyNotApplicable?.(example('widget-actions.md#polish_widget'))).toBe('the example documents an error response');
  expect(example('widget-actions.md#archive_widget').expected).toMatchObject({ statuses: [200], body: 'none' });
  expect(example('widget-actions.md#archive_widget').expected.mediaType).toBeUndefined();
  expect(example('widget-actions.md#widget_history').expected).toMatchObject({
    body: 'collection',
    type: 'widget',
    collectionProperty: 'items',
    optionalProperties: ['size', 'weight'],
    nullableProperties: ['mainPart'],
    truncated: true,
    statuses: [200],
  });
});

test('what cannot be replayed is skipped with a reason', () => {
  expect(example('widget-actions.md#upload_widget').unusable).toBe(
    'the request body is a placeholder, not a body: [Zip file containing the widget package]',
  );
  expect(example('widget-actions.md#upload_fragment').unusable).toBe(
    'the request URL is opaque (returned by an earlier call), not a documented path',
  );
  expect(suite.examples.filter((candidate) => candidate.unusable).map((candidate) => candidate.title)).toEqual([
    'widget-actions.md#upload_widget',
    'widget-actions.md#upload_fragment',
    'widget-list.md#count_widgets',
    'widget-update.md#update_widget_elided',
  ]);
});

test('resource pages beside the pages: property tables for complex types, enum tables and value lists for enums', () => {
  expect(suite.typePages?.map((page) => page.file)).toEqual(['../resources/enums.md', '../resources/gadget.md', '../resources/widget.md']);
  const widget = suite.registry.get('widget')!;
  const types = Object.fromEntries([...widget.properties.values()].map((property) => [property.name, describeType(property.type)]));
  expect(types).toMatchObject({
    id: 'String',
    size: 'Int32',
    weight: 'Int64',
    createdDateTime: 'DateTimeOffset',
    ownerId: 'Guid',
    tags: 'String collection',
    aliases: 'String collection',
    parts: 'gadget collection',
    mainPart: 'gadget',
    spareParts: 'gadget collection',
    backupPart: 'gadget',
    color: 'widgetColor',
    status: 'widgetStatus',
    metadata: 'Json',
    notes: 'String',
  });
  expect(suite.registry.get('gadget')?.tableProperties).toEqual(['name', 'serial', 'installedDateTime']);
  // The enum table wins over the description's list (which adds `purple`).
  expect(suite.registry.get('widgetColor')).toMatchObject({
    members: ['red', 'green', 'blue', 'unknownFutureValue'],
    membersFrom: 'table',
  });
  expect(suite.registry.get('widgetStatus')).toMatchObject({
    members: ['active', 'retired', 'unknownFutureValue'],
    membersFrom: 'description',
  });
  // Examples combine members of this one: a flags enum.
  expect(suite.registry.get('widgetFeatures')).toMatchObject({ members: ['none', 'glow', 'hum'], flags: true });

  const enums = read('resources/enums.md');
  expect(enums.enumTables.map((table) => [table.name, table.members.length])).toEqual([
    ['widgetColor', 4],
    ['widgetFeatures', 3],
  ]);
});

test('the quirks folder loaded whole: resource pages are types, not tests', () => {
  const whole = loadContracts(QUIRKS);
  expect(whole.typePages).toBeUndefined();
  expect(whole.emptyPages).toEqual([]);
  expect(whole.examples.map((candidate) => candidate.title)).toEqual(suite.examples.map((candidate) => `api/${candidate.title}`));
  expect(whole.registry.get('widgetColor')?.members).toEqual(['red', 'green', 'blue', 'unknownFutureValue']);
});
