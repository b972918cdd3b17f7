/**
 * The schema builder (src/schema/buildSchemas.ts), the schema store (src/schema/schemaStore.ts) and the
 * readable messages (src/checks/describeErrors.ts), on a tiny suite written inline: one create page whose
 * request-body table covers every kind of type cell, and one resource page for the linked complex type.
 */
import { expect, test } from '@playwright/test';
import { describeSchemaErrors } from '../../src/schema/describeErrors';
import { buildSuite } from '../../src/contracts/loadContracts';
import { parsePage } from '../../src/docs/parsePage';
import { buildRequestSchema, buildTypeSchema, EDM_KEYWORD } from '../../src/schema/buildSchemas';
import { createAjv, SchemaStore } from '../../src/schema/schemaStore';

const fence = '```';

const CREATE_WIDGET = `# Create widget

## HTTP request
<!-- { "blockType": "ignored" } -->
${fence} http
POST /widgets
GET /widgets
${fence}

## Request body
In the request body, supply a JSON representation of a [widget](../resources/widget.md) object.

|Property|Type|Description|
|:---|:---|:---|
|id|String|The key.|
|name|String||
|countHits|Int32||
|total|Int64||
|enabled|Boolean||
|score|Double||
|createdDateTime|DateTimeOffset||
|tenantId|Guid||
|tags|String collection||
|owner|[thing](../resources/thing.md)||
|parts|[thing](../resources/thing.md) collection||

## Response
If successful, this method returns a \`201 Created\` response code and a [widget](../resources/widget.md) object in the response body.

## Example
<!-- { "blockType": "request", "name": "create_widget" } -->
${fence} http
POST https://graph.microsoft.com/v1.0/widgets
Content-Type: application/json

{ "name": "w" }
${fence}

<!-- { "blockType": "response", "name": "create_widget", "@odata.type": "microsoft.graph.widget" } -->
${fence} http
HTTP/1.1 201 Created
Content-Type: application/json

{ "id": "1", "name": "w", "countHits": 9, "total": 9, "enabled": true, "score": 1.5, "createdDateTime": "2016-12-31T20:57:18Z", "tenantId": "0bfa692b-692b-0bfa-2b69-fa0b2b69fa0b", "tags": [], "owner": null, "parts": [] }
${fence}

<!-- { "blockType": "request", "name": "list_widgets" } -->
${fence} http
GET https://graph.microsoft.com/v1.0/widgets
${fence}

<!-- { "blockType": "response", "name": "list_widgets", "@odata.type": "microsoft.graph.widget", "isCollection": true } -->
${fence} http
HTTP/1.1 200 OK
Content-Type: application/json

{ "value": [{ "id": "1", "name": "w", "countHits": 9, "total": 9, "enabled": true, "score": 1.5, "createdDateTime": "2016-12-31T20:57:18Z", "tenantId": "0bfa692b-692b-0bfa-2b69-fa0b2b69fa0b", "tags": [], "owner": null, "parts": [] }] }
${fence}
`;

const THING = `# thing resource type

## Properties
|Property|Type|Description|
|:---|:---|:---|
|label|String||
|size|Int32||
`;

const suite = buildSuite('inline', [parsePage(CREATE_WIDGET, 'create-widget.md'), parsePage(THING, 'resources/thing.md')]);
const createExample = suite.examples.find((example) => example.title === 'create-widget.md#create_widget')!;
const listExample = suite.examples.find((example) => example.title === 'create-widget.md#list_widgets')!;

const GOOD = {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#widgets/$entity',
  '@odata.type': '#microsoft.graph.widget',
  id: '1',
  name: 'w',
  countHits: 9,
  total: 9007199254740991,
  enabled: true,
  score: 1.5,
  createdDateTime: '2016-12-31T23:57:18.6460025+03:00',
  tenantId: '0bfa692b-692b-0bfa-2b69-fa0b2b69fa0b',
  tags: ['a', 'b'],
  owner: { label: 'x', size: 1 },
  parts: [{ label: 'y', size: 2 }],
};

/** The readable violations of `body` against the create example's response schema ([] when valid). */
function violations(body: unknown, example = createExample): string[] {
  const store = new SchemaStore(suite.registry);
  const result = store.validate(store.responseSchema(example)!, body);
  return result.valid ? [] : describeSchemaErrors(result.errors);
}

const withChange = (change: Record<string, unknown>) => ({ ...GOOD, ...change });

test('the inline suite is what the tests below assume', () => {
  expect(suite.examples.map((example) => example.title)).toEqual(['create-widget.md#create_widget', 'create-widget.md#list_widgets']);
  expect(createExample.expected).toMatchObject({ body: 'resource', type: 'widget' });
  expect(listExample.expected).toMatchObject({ body: 'collection', type: 'widget' });
  expect(suite.registry.get('widget')!.tableProperties).toEqual([
    'id',
    'name',
    'countHits',
    'total',
    'enabled',
    'score',
    'createdDateTime',
    'tenantId',
    'tags',
    'owner',
    'parts',
  ]);
  expect([...suite.registry.get('thing')!.properties.keys()]).toEqual(['label', 'size']);
});

test.describe('schemas', () => {
  test('an example that shows every table property requires them all, and a non-null id', () => {
    const schema = new SchemaStore(suite.registry).responseSchema(createExample)!;
    expect(schema).toMatchObject({
      type: 'object',
      [EDM_KEYWORD]: 'widget',
      required: ['id', 'name', 'countHits', 'total', 'enabled', 'score', 'createdDateTime', 'tenantId', 'tags', 'owner', 'parts'],
      properties: { id: { [EDM_KEYWORD]: 'String', type: 'string' } },
    });
  });

  test('each property schema carries the documented type as x-edm-type', () => {
    const properties = buildTypeSchema(suite.registry.get('widget')!, suite.registry).properties as Record<string, Record<string, unknown>>;
    expect(Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, schema[EDM_KEYWORD]]))).toEqual({
      id: 'String',
      name: 'String',
      countHits: 'Int32',
      total: 'Int64',
      enabled: 'Boolean',
      score: 'Double',
      createdDateTime: 'DateTimeOffset',
      tenantId: 'Guid',
      tags: 'String collection',
      owner: 'thing',
      parts: 'thing collection',
    });
    expect(properties.countHits).toMatchObject({ type: ['integer', 'null'], minimum: -2147483648, maximum: 2147483647 });
    expect(properties.createdDateTime).toMatchObject({ type: ['string', 'null'], format: 'edm-date-time-offset' });
    expect(properties.tenantId).toMatchObject({ format: 'edm-guid' });
    expect(properties.parts).toMatchObject({ type: ['array', 'null'], items: { [EDM_KEYWORD]: 'thing', type: 'object' } });
  });

  test('every generated schema is a valid draft-07 schema', () => {
    const ajv = createAjv();
    expect(ajv.defaultMeta()).toBe('http://json-schema.org/draft-07/schema');
    const store = new SchemaStore(suite.registry);
    const schemas = [
      ...suite.registry.all().map((def) => buildTypeSchema(def, suite.registry)),
      ...suite.examples.map((example) => store.responseSchema(example)!),
      buildRequestSchema(suite.registry.get('widget')!),
    ];
    expect(schemas).toHaveLength(suite.registry.all().length + 3);
    for (const schema of schemas) {
      expect({ id: schema.$id, valid: ajv.validateSchema(schema), errors: ajv.errors }).toEqual({
        id: schema.$id,
        valid: true,
        errors: null,
      });
    }
  });

  test('the draft-07 meta-schema check can fail (a misspelt type is caught)', () => {
    const ajv = createAjv();
    expect(ajv.validateSchema({ type: 'integr' })).toBe(false);
  });

  test('every schema of the seed pages is a valid draft-07 schema too', async () => {
    const { loadContracts } = await import('../../src/contracts/loadContracts');
    const seeds = loadContracts('contracts');
    const ajv = createAjv();
    const store = new SchemaStore(seeds.registry);
    const schemas = [
      ...seeds.registry.all().map((def) => buildTypeSchema(def, seeds.registry)),
      ...seeds.examples.map((example) => store.responseSchema(example)).filter((schema) => schema !== undefined),
    ];
    expect(schemas.length).toBeGreaterThan(seeds.examples.length);
    for (const schema of schemas) expect(ajv.validateSchema(schema), String(schema.$id)).toBe(true);
  });
});

test.describe('validation messages', () => {
  test('a body as documented is valid, annotations included', () => {
    expect(violations(GOOD)).toEqual([]);
  });

  test('a string where Int32 is documented', () => {
    expect(violations(withChange({ countHits: '9' }))).toEqual(['countHits: expected Int32, got string "9"']);
  });

  test('Int32 out of range, both ends', () => {
    expect(violations(withChange({ countHits: 2147483648 }))).toEqual([
      'countHits: expected Int32, got number 2147483648 (out of Int32 range)',
    ]);
    expect(violations(withChange({ countHits: -2147483649 }))).toEqual([
      'countHits: expected Int32, got number -2147483649 (out of Int32 range)',
    ]);
    expect(violations(withChange({ countHits: 2147483647 }))).toEqual([]);
  });

  test('a fraction where Int64 is documented', () => {
    expect(violations(withChange({ total: 1.5 }))).toEqual(['total: expected Int64, got number 1.5']);
  });

  test('Boolean, Double', () => {
    expect(violations(withChange({ enabled: 'true', score: 'high' }))).toEqual([
      'enabled: expected Boolean, got string "true"',
      'score: expected Double, got string "high"',
    ]);
  });

  test('Double allows the OData special values as strings, and integers', () => {
    expect(violations(withChange({ score: 'NaN' }))).toEqual([]);
    expect(violations(withChange({ score: '-INF' }))).toEqual([]);
    expect(violations(withChange({ score: 3 }))).toEqual([]);
  });

  test('DateTimeOffset and Guid formats, with an example of the expected form', () => {
    expect(violations(withChange({ createdDateTime: '2016-12-31 20:57:18Z', tenantId: 'nope' }))).toEqual([
      'createdDateTime: expected DateTimeOffset (like 2016-12-31T20:57:18.6460025Z), got string "2016-12-31 20:57:18Z"',
      'tenantId: expected Guid (like 0bfa692b-692b-0bfa-2b69-fa0b2b69fa0b), got string "nope"',
    ]);
  });

  test('a number where DateTimeOffset is documented', () => {
    expect(violations(withChange({ createdDateTime: 1483217838 }))).toEqual([
      'createdDateTime: expected DateTimeOffset, got number 1483217838',
    ]);
  });

  test('a missing property names the documented type', () => {
    const { name, ...withoutName } = GOOD;
    expect(name).toBe('w');
    expect(violations(withoutName)).toEqual(['name: missing (documented widget property)']);
  });

  test('a collection that is not an array, and a wrong item in one', () => {
    expect(violations(withChange({ tags: 'a' }))).toEqual(['tags: expected String collection, got string "a"']);
    expect(violations(withChange({ tags: ['a', 7] }))).toEqual(['tags[1]: expected String, got number 7']);
  });

  test('wrong types inside a nested complex object', () => {
    expect(violations(withChange({ owner: { label: 3, size: 'big' } }))).toEqual([
      'owner.label: expected String, got number 3',
      'owner.size: expected Int32, got string "big"',
    ]);
  });

  test('a complex property that is not an object', () => {
    expect(violations(withChange({ owner: 'x' }))).toEqual(['owner: expected thing, got string "x"']);
  });

  test('wrong types inside items of a complex collection', () => {
    expect(violations(withChange({ parts: [{ label: 'ok', size: 1 }, { size: 2147483648 }, 'x'] }))).toEqual([
      'parts[1].size: expected Int32, got number 2147483648 (out of Int32 range)',
      'parts[2]: expected thing, got string "x"',
    ]);
  });

  test('null is allowed for every property except the key', () => {
    const allNull = Object.fromEntries(
      Object.keys(GOOD)
        .filter((key) => !key.startsWith('@'))
        .map((key) => [key, null]),
    );
    expect(violations(allNull)).toEqual(['id: expected String, got null']);
    expect(violations({ ...allNull, id: '1' })).toEqual([]);
  });

  test('null items in a collection are not allowed', () => {
    expect(violations(withChange({ tags: [null] }))).toEqual(['tags[0]: expected String, got null']);
  });

  test('properties the page does not list are allowed', () => {
    expect(violations(withChange({ undocumented: { anything: [1, 'two'] }, owner: { label: 'x', size: 1, colour: 'red' } }))).toEqual([]);
  });

  test('a body that is not an object', () => {
    expect(violations(['w'])).toEqual(['(body): expected widget, got array ["w"]']);
  });

  test('long values are clipped to 80 characters in messages', () => {
    expect(violations(withChange({ countHits: 'x'.repeat(200) }))).toEqual([`countHits: expected Int32, got string "${'x'.repeat(78)}…`]);
  });

  test('every violation is reported, not only the first', () => {
    expect(violations({ id: 5 })).toHaveLength(1 + 10);
  });

  test('a collection response: value required, each item a full resource', () => {
    expect(violations({ value: [GOOD] }, listExample)).toEqual([]);
    expect(violations({}, listExample)).toEqual(['value: missing (documented object property)']);
    expect(violations({ value: [{ ...GOOD, id: null }, { id: '2' }] }, listExample)).toEqual([
      'value[0].id: expected String, got null',
      'value[1].name: missing (documented widget property)',
      'value[1].countHits: missing (documented widget property)',
      'value[1].total: missing (documented widget property)',
      'value[1].enabled: missing (documented widget property)',
      'value[1].score: missing (documented widget property)',
      'value[1].createdDateTime: missing (documented widget property)',
      'value[1].tenantId: missing (documented widget property)',
      'value[1].tags: missing (documented widget property)',
      'value[1].owner: missing (documented widget property)',
      'value[1].parts: missing (documented widget property)',
    ]);
  });

  test('$select limits the properties a response must carry', () => {
    const selected = { ...createExample, path: { ...createExample.path, query: '?$select=id,name' } };
    expect(violations({ id: '1', name: 'w' }, selected)).toEqual([]);
    expect(violations({ id: '1' }, selected)).toEqual(['name: missing (documented widget property)']);
  });

  test('optionalProperties from the response annotation are not required', () => {
    const optional = { ...createExample, expected: { ...createExample.expected, optionalProperties: ['parts', 'owner'] } };
    const { parts, owner, ...rest } = GOOD;
    expect([parts, owner]).toHaveLength(2);
    expect(violations(rest, optional)).toEqual([]);
  });
});

test('the request schema checks documented types but requires nothing', () => {
  const store = new SchemaStore(suite.registry);
  const schema = store.requestSchema('widget')!;
  expect(store.validate(schema, { name: 'w' })).toEqual({ valid: true });
  const result = store.validate(schema, { countHits: 'nine' });
  expect(result.valid ? [] : describeSchemaErrors(result.errors)).toEqual(['countHits: expected Int32, got string "nine"']);
  expect(store.requestSchema('nothing-documented')).toBeUndefined();
});

test('the store compiles each schema once (the same validator is returned)', () => {
  const store = new SchemaStore(suite.registry);
  const schema = store.responseSchema(createExample)!;
  expect(store.validator(schema)).toBe(store.validator(schema));
});

test.describe("what 'required' means: the properties the documents promise", () => {
  const GIZMO = `# gizmo resource type

## Properties
|Property|Type|Description|
|:---|:---|:---|
|id|String|The key.|
|displayName|String|The name.|
|size|Int32|How big.|
|secret|String|A secret. Returned only on \`$select\`.|
|notes|String|Free text. This property is not returned by default.|
`;
  const example = (name: string, url: string, body: string, annotation = '') => `
<!-- { "blockType": "request", "name": "${name}" } -->
${fence} http
GET https://graph.microsoft.com/v1.0${url}
${fence}

<!-- { "blockType": "response", "name": "${name}", "@odata.type": "microsoft.graph.gizmo"${annotation} } -->
${fence} http
HTTP/1.1 200 OK
Content-Type: application/json

${body}
${fence}
`;
  const GET_GIZMO = `# Get gizmo

## HTTP request
<!-- { "blockType": "ignored" } -->
${fence} http
GET /gizmos/{id}
GET /gizmos
${fence}

## Response
If successful, this method returns a \`200 OK\` response code and a [gizmo](../resources/gizmo.md) object in the response body.

## Examples
${example('truncated', '/gizmos/1', '{ "id": "1", "displayName": "g" }', ', "truncated": true')}
${example('select', '/gizmos/1?$select=displayName,secret', '{ "displayName": "g", "secret": "s", "size": 3 }')}
${example('shows_select_only', '/gizmos/1', '{ "id": "1", "secret": "s", "notes": "n" }')}
${example('optional', '/gizmos/1', '{ "id": "1", "displayName": "g", "size": 3 }', ', "optionalProperties": ["size"]')}
${example('untruncated_all', '/gizmos/1', '{ "id": "1", "displayName": "g", "size": 3, "secret": "s", "notes": "n" }')}
${example('list', '/gizmos', '{ "value": [{ "id": "1", "displayName": "g", "size": 3 }, { "id": "2", "displayName": "h" }] }', ', "isCollection": true, "truncated": true')}
`;
  const ALL_RETURNED = `# Create gizmo

## HTTP request
<!-- { "blockType": "ignored" } -->
${fence} http
POST /gizmos
${fence}

## Response
If successful, this method returns a \`201 Created\` response code and a [gizmo](../resources/gizmo.md) object in the response body.

## Example
<!-- { "blockType": "request", "name": "create_gizmo" } -->
${fence} http
POST https://graph.microsoft.com/v1.0/gizmos
Content-Type: application/json

{ "displayName": "g" }
${fence}

Note: The response object shown here may be truncated for brevity. All of the properties will be returned from an actual call.
<!-- { "blockType": "response", "name": "create_gizmo", "@odata.type": "microsoft.graph.gizmo", "truncated": true } -->
${fence} http
HTTP/1.1 201 Created
Content-Type: application/json

{ "id": "1", "displayName": "g" }
${fence}
`;
  const gizmos = buildSuite('inline', [
    parsePage(GET_GIZMO, 'get-gizmo.md'),
    parsePage(ALL_RETURNED, 'create-gizmo.md'),
    parsePage(GIZMO, 'resources/gizmo.md'),
  ]);
  const store = new SchemaStore(gizmos.registry);
  const named = (name: string) => gizmos.examples.find((e) => e.pair.name === name)!;
  const required = (name: string) => store.responseSchema(named(name))!.required as string[];
  const itemRequired = (name: string) =>
    (store.responseSchema(named(name))!.properties as Record<string, { items: { required: string[] } }>).value.items.required;
  const problems = (name: string, body: unknown) => {
    const result = store.validate(store.responseSchema(named(name))!, body);
    return result.valid ? [] : describeSchemaErrors(result.errors);
  };

  test('a truncated example: only the properties it shows are required', () => {
    expect(named('truncated').expected.shownProperties).toEqual(['id', 'displayName']);
    expect(required('truncated')).toEqual(['id', 'displayName']);
    expect(problems('truncated', { id: '1', displayName: 'g' })).toEqual([]);
    expect(problems('truncated', { id: '1' })).toEqual(['displayName: missing (documented gizmo property)']);
  });

  test('types still come from the table for every property present, shown or not', () => {
    expect(problems('truncated', { id: '1', displayName: 'g', size: 'big' })).toEqual(['size: expected Int32, got string "big"']);
  });

  test('$select narrows what is required to the selected properties the example shows', () => {
    expect(required('select')).toEqual(['displayName', 'secret']);
  });

  test("a property the table marks 'Returned only on $select' or 'not returned by default' is never required without $select", () => {
    expect(gizmos.registry.get('gizmo')!.properties.get('secret')!.returnedByDefault).toBe(false);
    expect(gizmos.registry.get('gizmo')!.properties.get('notes')!.returnedByDefault).toBe(false);
    expect(required('shows_select_only')).toEqual(['id']);
    expect(required('untruncated_all')).toEqual(['id', 'displayName', 'size']);
  });

  test('a property the annotation lists as optional is not required, even when shown', () => {
    expect(required('optional')).toEqual(['id', 'displayName']);
  });

  test('a collection: each item must carry what every documented item shows', () => {
    expect(named('list').expected.shownProperties).toEqual(['id', 'displayName']);
    expect(itemRequired('list')).toEqual(['id', 'displayName']);
  });

  test('a page that says every property is returned requires the whole table (but not what is only on $select)', () => {
    expect(named('create_gizmo').expected).toMatchObject({
      truncated: true,
      returnsAllProperties: true,
      shownProperties: ['id', 'displayName'],
    });
    expect(required('create_gizmo')).toEqual(['id', 'displayName', 'size']);
  });

  test('the seed examples show every property: each still requires the whole table, so dropping one is caught', async () => {
    const { loadContracts } = await import('../../src/contracts/loadContracts');
    const seeds = loadContracts('contracts');
    const seedStore = new SchemaStore(seeds.registry);
    const resources = seeds.examples.filter((e) => e.expected.body === 'resource' && !e.unusable);
    expect(resources.length).toBeGreaterThanOrEqual(5);
    for (const seed of resources) {
      const table = seeds.registry.get(seed.expected.type!)!.tableProperties;
      expect(seed.expected.shownProperties, seed.title).toEqual(expect.arrayContaining(table));
      expect(seedStore.responseSchema(seed)!.required, seed.title).toEqual(expect.arrayContaining(table));
    }
  });
});
