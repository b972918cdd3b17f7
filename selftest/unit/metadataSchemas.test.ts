/**
 * Bodies held to the service's metadata (src/schema/metadataSchemas.ts): declared types, nullability as
 * declared, enums (flags too), open types, derived types named by `@odata.type`, annotations tolerated,
 * nothing required; errors typed, naming the type that declares the property. And request bodies: the
 * parameters of an action, the type of a collection or resource, by the path the example sends to.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { emptyPage } from '../../src/docs/parsePage';
import { readMetadata } from '../../src/metadata/readMetadata';
import { describeSchemaErrors, schemaViolations } from '../../src/schema/describeErrors';
import { buildMetadataSchema, metadataRequestErrors, MetadataSchemaStore, requestBodyTarget } from '../../src/schema/metadataSchemas';
import { createAjv } from '../../src/schema/schemaStore';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'metadata');
const source = (name: string) => ({ name, text: fs.readFileSync(path.join(FIXTURES, name), 'utf8') });
const model = readMetadata([source('widgets.xml'), source('widgets-annotations.xml')]);
const store = new MetadataSchemaStore(model);
const problems = (value: unknown, type = 'test.ns.widget') => {
  const result = store.validate(type, value);
  return result.valid ? [] : describeSchemaErrors(result.errors);
};

test.describe('what the metadata allows', () => {
  test('a body of declared properties of their types passes; nothing is required', () => {
    expect(
      problems({ id: '1', name: 'w', size: 9007199254740991, createdDateTime: '2016-12-31T23:57:18.6460025+03:00', tags: ['a'] }),
    ).toEqual([]);
    expect(problems({})).toEqual([]);
  });

  test('annotations are never extra: @odata.*, prop@odata.*, instance annotations', () => {
    const annotated = {
      '@odata.context': 'x',
      '@odata.etag': 'W/"1"',
      'owner@odata.navigationLink': 'y',
      '@microsoft.graph.tips': 'z',
      label: 'a',
    };
    expect(problems(annotated, 't.part')).toEqual([]);
  });

  test('an extra property fails where the type is not open, and passes where it is', () => {
    expect(problems({ label: 'a', colour: 'red' }, 't.part')).toEqual(['colour: not declared (part declares no such property)']);
    expect(problems({ name: 'w', colour: 'red', anything: { deep: [1] } })).toEqual([]);
  });

  test('Nullable="false" forbids null; nullable by default; a collection’s Nullable speaks of its items', () => {
    expect(problems({ id: null, name: null, size: null, status: null })).toEqual([
      'id: expected String, got null',
      'name: expected String, got null',
    ]);
    expect(problems({ tags: [null] })).toEqual(['tags[0]: expected String, got null']);
    expect(problems({ tags: null, parts: [null] })).toEqual([]);
  });

  test('Edm ranges and formats: Int64, Int32, DateTimeOffset per the OData ABNF', () => {
    expect(problems({ size: 1.5 })).toEqual(['size: expected Int64, got number 1.5']);
    expect(problems({ size: 2 ** 65 })).toEqual(['size: expected Int64, got number 36893488147419103000 (out of Int64 range)']);
    expect(problems({ '@odata.type': '#test.ns.gadget', battery: 2147483648 })).toEqual([
      'battery: expected Int32, got number 2147483648 (out of Int32 range)',
    ]);
    expect(problems({ createdDateTime: '2016-12-31 23:57:18Z' })).toEqual([
      'createdDateTime: expected DateTimeOffset (like 2016-12-31T20:57:18.6460025Z), got string "2016-12-31 23:57:18Z"',
    ]);
    expect(problems({ size: '5' })).toEqual(['size: expected Int64, got string "5"']);
  });

  test('enums: members only (case counts); flags: members combined with commas', () => {
    expect(problems({ status: 'retired', features: 'wheels,wings' })).toEqual([]);
    expect(problems({ status: 'Retired' })).toEqual([
      'status: expected a status member (active, retired, unknownFutureValue), got string "Retired"',
    ]);
    expect(problems({ features: 'wheels,sails' })).toEqual(['features: expected features, got string "wheels,sails"']);
  });

  test('collections are arrays; nested complex values by their declared type', () => {
    expect(problems({ tags: 'a' })).toEqual(['tags: expected String collection, got string "a"']);
    expect(problems({ parts: [{ label: 'a', weight: 'heavy' }] })).toEqual(['parts[0].weight: expected Double, got string "heavy"']);
    expect(problems({ parts: [{ weight: 'INF' }, { weight: 3 }] })).toEqual([]);
    expect(problems([{ name: 'w' }])).toEqual(['(body): expected widget, got array [{"name":"w"}]']);
  });

  test('a derived type named by @odata.type: held to that type, its own properties allowed', () => {
    expect(problems({ parts: [{ '@odata.type': '#test.ns.heavyPart', label: 'a', crane: true }] })).toEqual([]);
    expect(problems({ parts: [{ '@odata.type': '#test.ns.heavyPart', crane: null }] })).toEqual([
      'parts[0].crane: expected Boolean, got null',
    ]);
    // Without @odata.type, the declared type: a derived type's property is extra there.
    expect(problems({ parts: [{ crane: true }] })).toEqual(['parts[0].crane: not declared (part declares no such property)']);
    // Aliases and case in @odata.type are one name.
    expect(problems({ '@odata.type': 't.GADGET', battery: 3 })).toEqual([]);
    expect(problems({ parts: [{ '@odata.type': '#test.ns.widget' }] })).toEqual([
      'parts[0].@odata.type: expected part or a type derived from it, got string "#test.ns.widget"',
    ]);
  });

  test('expanded navigation properties are declared, and typed', () => {
    expect(problems({ owner: { displayName: 'p' }, children: [{ name: 'c' }] })).toEqual([]);
    expect(problems({ children: [{ name: 5 }] })).toEqual(['children[0].name: expected String, got number 5']);
  });

  test('errors are typed and name the type that declares the property', () => {
    const result = store.validate('test.ns.gadget', { id: null, battery: 'x', parts: [{ weight: true }] });
    expect(result.valid).toBe(false);
    const errors = result.valid ? [] : result.errors;
    expect(errors.map((error) => [error.kind, error.pointer, error.property, error.owner, error.expected])).toEqual([
      ['wrong-type', '/id', 'id', 'entity', 'String'],
      ['wrong-type', '/parts/0/weight', 'weight', 'part', 'Double'],
      ['wrong-type', '/battery', 'battery', 'gadget', 'Int32'],
    ]);
    expect(schemaViolations(errors).map((violation) => violation.type)).toEqual(['entity', 'part', 'gadget']);
  });

  test('each type’s schema is a valid draft-07 schema with its own $id', () => {
    const ajv = createAjv();
    ajv.addKeyword('x-metadata-value');
    for (const type of model.types.values()) {
      if (type.kind !== 'entity' && type.kind !== 'complex') continue;
      const schema = buildMetadataSchema(model, type.qualifiedName)!;
      expect(ajv.validateSchema(schema), type.qualifiedName).toBe(true);
      expect(schema.$id).toContain(encodeURIComponent(type.qualifiedName.toLowerCase()));
    }
    expect(buildMetadataSchema(model, 't.status')).toBeUndefined();
  });
});

test.describe('request bodies against the metadata', () => {
  const example = (method: string, url: string, value: unknown, page = emptyPage('page.md')) => ({
    method,
    path: { segments: url.split('/').filter(Boolean), prefix: [], query: '', placeholders: [] },
    page,
    body: { text: JSON.stringify(value), value },
  });
  const errors = (method: string, url: string, value: unknown) =>
    describeSchemaErrors(metadataRequestErrors(example(method, url, value), model));

  test('a POST to a collection: its entity type (or the derived type named)', () => {
    expect(requestBodyTarget(example('POST', '/widgets', {}), model)).toMatchObject({ kind: 'type', type: 'test.ns.widget' });
    expect(errors('POST', '/widgets', { name: 'w', status: 'String' })).toEqual([
      'status: expected a status member (active, retired, unknownFutureValue), got string "String"',
    ]);
    expect(errors('POST', '/me/widgets', { '@odata.type': '#test.ns.gadget', battery: 1 })).toEqual([]);
  });

  test('a PATCH or PUT of a resource: its type', () => {
    expect(errors('PATCH', '/widgets/{id}', { size: 'big' })).toEqual(['size: expected Int64, got string "big"']);
    expect(errors('PUT', '/me/widgets/{id}', { size: 3 })).toEqual([]);
  });

  test('an action: its parameters, each of its type; no other member', () => {
    expect(requestBodyTarget(example('POST', '/widgets/{id}/cancel', {}), model)).toMatchObject({
      kind: 'parameters',
      operation: { name: 'cancel' },
    });
    expect(errors('POST', '/widgets/{id}/cancel', { reason: 'done' })).toEqual([]);
    expect(errors('POST', '/widgets/{id}/cancel', { reason: 5, why: 'x' })).toEqual([
      'why: not declared (cancel declares no such property)',
      'reason: expected String, got number 5',
    ]);
  });

  test('where the metadata says nothing: no errors ($ref, an unresolved path naming no type, no body)', () => {
    expect(errors('POST', '/widgets/{id}/owner/$ref', { '@odata.id': 'x' })).toEqual([]);
    expect(errors('POST', '/gadgets', { size: 'big' })).toEqual([]);
    expect(metadataRequestErrors({ ...example('GET', '/widgets', undefined), body: undefined }, model)).toEqual([]);
  });

  test('an unresolved path falls back to the type the page says the body represents', () => {
    const page = { ...emptyPage('create-part.md'), requestBodyType: { name: 'part' } };
    expect(describeSchemaErrors(metadataRequestErrors(example('POST', '/parts', { weight: 'x' }, page), model))).toEqual([
      'weight: expected Double, got string "x"',
    ]);
  });
});
