/**
 * JSON Schemas from what the documents say: one schema per named type (identified by `$id`,
 * referenced with `$ref`) and one per example response. Every property schema carries
 * `x-edm-type`, the type as the documents name it, so that a violation can be reported in the
 * documents' own words ("expected Int32") rather than JSON Schema's ("must be integer").
 */
import type { PropertyRow, TypeRef } from '../docs/model';
import { describeType } from '../docs/typeCell';
import { canonicalPrimitive, INTEGER_RANGES, type PrimitiveName } from '../edm/primitives';
import { createHash } from 'node:crypto';
import { shownByAll, type Contract } from '../contracts/contractExample';
import type { TypeDef, TypeRegistry } from '../contracts/typeRegistry';
import { FORMAT_OF } from './edmFormats';
import { isObject } from '../core/json';
import { simpleTypeName } from '../core/odata';

export type Schema = Record<string, unknown>;

const BASE = 'urn:graph-doc-contracts';
export const typeSchemaId = (key: string) => `${BASE}:type:${encodeURIComponent(key)}`;
export const requestSchemaId = (key: string) => `${BASE}:request:${encodeURIComponent(key)}`;

/**
 * The schema with an `$id` made from its content: examples whose promises are the same share one
 * compiled validator (most response schemas of one type are), wherever they come from.
 */
export function withContentId(schema: Schema): Schema {
  const { $id: _ignored, ...content } = schema;
  const digest = createHash('sha1').update(JSON.stringify(content)).digest('hex');
  return { $id: `${BASE}:schema:${digest}`, ...content };
}

export const EDM_KEYWORD = 'x-edm-type';
/** On a property schema (and its items): the type that holds the property, for errors to name it (`logonUser`). */
export const OWNER_KEYWORD = 'x-edm-owner';

function withNull(type: string | string[], nullable: boolean): string | string[] {
  return nullable ? [...(Array.isArray(type) ? type : [type]), 'null'] : type;
}

export function primitiveSchema(name: PrimitiveName, nullable: boolean): Schema {
  const range = INTEGER_RANGES[name];
  if (range) return { type: withNull('integer', nullable), minimum: range[0], maximum: range[1] };
  switch (name) {
    case 'Boolean':
      return { type: withNull('boolean', nullable) };
    case 'Double':
    case 'Single':
    case 'Decimal':
      // OData JSON writes the special values of floating-point types as strings.
      return { type: withNull(['number', 'string'], nullable), pattern: '^(-?INF|NaN)$' };
    case 'Stream':
      return {};
    default: {
      const format = FORMAT_OF[name];
      return { type: withNull('string', nullable), ...(format ? { format } : {}) };
    }
  }
}

function elementSchema(type: TypeRef, registry: TypeRegistry, nullable: boolean): Schema {
  if (type.kind === 'primitive') return primitiveSchema(type.name, nullable);
  if (type.kind === 'unknown') return {};
  const def = registry.get(type.name);
  if (def?.members?.length) return enumSchema(def.members, Boolean(def.flags), nullable);
  if (def?.properties.size) return { type: withNull('object', nullable), allOf: [{ $ref: typeSchemaId(def.key) }] };
  // A type no page describes: nothing to hold the value to.
  return {};
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const FLAGS_PATTERN = /^\^\((.*)\)\(\\s\*,\\s\*\(\1\)\)\*\$$/;

/**
 * An enum's values: one of its members; for a flags enum one member or several, comma-separated
 * (`"Shift,SwapRequest"`), as a pattern that `flagsPatternMembers` reads back.
 */
export function enumSchema(members: readonly string[], flags: boolean, nullable: boolean): Schema {
  if (flags) {
    const member = `(${members.map(escapeRegExp).join('|')})`;
    return { type: withNull('string', nullable), pattern: `^${member}(\\s*,\\s*${member})*$` };
  }
  return { type: withNull('string', nullable), enum: [...members, ...(nullable ? [null] : [])] };
}

/** The members of a flags enum's pattern (see `enumSchema`); undefined for any other pattern. */
export function flagsPatternMembers(pattern: string): string[] | undefined {
  const alternatives = FLAGS_PATTERN.exec(pattern)?.[1];
  return alternatives?.split('|').map((member) => member.replace(/\\(.)/g, '$1'));
}

/** Schema for a property of the given documented type; `owner` names the type that holds it, for errors. */
export function propertySchema(type: TypeRef, registry: TypeRegistry, nullable = true, owner?: string): Schema {
  const label = describeType(type.kind === 'named' ? { ...type, name: registry.get(type.name)?.name ?? type.name } : type);
  const held = owner === undefined ? {} : { [OWNER_KEYWORD]: owner };
  if (!type.collection) return { [EDM_KEYWORD]: label, ...held, ...elementSchema(type, registry, nullable) };
  const element = { ...type, collection: false } as TypeRef;
  return {
    [EDM_KEYWORD]: label,
    ...held,
    type: withNull('array', nullable),
    items: { [EDM_KEYWORD]: describeType(element), ...held, ...elementSchema(element, registry, false) },
  };
}

/** A named type's schema: property types only; whether a property must be present is the caller's call. */
export function buildTypeSchema(def: TypeDef, registry: TypeRegistry): Schema {
  const properties: Record<string, Schema> = {};
  for (const property of def.properties.values()) properties[property.name] = propertySchema(property.type, registry, true, def.name);
  return { $id: typeSchemaId(def.key), [EDM_KEYWORD]: def.name, properties };
}

/** `$select=a,b` limits what a full response must carry. */
function selected(query: string): string[] | undefined {
  const select = /[?&]\$select=([^&]*)/i.exec(query)?.[1];
  return select
    ? decodeURIComponent(select)
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

/**
 * The properties a response must carry: what the documents promise, no more. Real services return a
 * default property set and most examples are shortened, so the promise is what the example shows, or
 * every table property where the page says a call returns them all; never one a table says is returned
 * only on `$select` (unless the request selects it) or the annotation lists as optional; `$select`
 * narrows the rest. `shown` stands in for what the example shows (the items of one type in a mixed list).
 */
export function promisedProperties(example: Contract, def: TypeDef, shown?: string[]): string[] {
  const { shownProperties = [], returnsAllProperties, optionalProperties } = example.expected;
  const select = selected(example.path.query);
  const promised = new Set([...(shown ?? shownProperties), ...(returnsAllProperties ? def.tableProperties : [])]);
  const onlyOnSelect = (name: string) => def.properties.get(name)?.returnedByDefault === false && !select?.includes(name);
  return [...promised].filter((name) => !optionalProperties.includes(name) && !onlyOnSelect(name) && (!select || select.includes(name)));
}

/** The entity the example returns: promised properties present, key non-null, types as documented. */
function resourceSchema(example: Contract, def: TypeDef, registry: TypeRegistry, shown?: string[]): Schema {
  const key = def.properties.get('id');
  return {
    type: 'object',
    [EDM_KEYWORD]: def.name,
    required: promisedProperties(example, def, shown),
    ...(key ? { properties: { id: propertySchema(key.type, registry, false, def.name) } } : {}),
    allOf: [{ $ref: typeSchemaId(def.key) }],
  };
}

/**
 * A collection's items, each held to the documented item of its own `@odata.type` (`memberOf` lists groups,
 * users and directory roles side by side): the types its documented items name, each promising what that
 * type's items show; any other item to the collection's type.
 */
function byOwnType(example: Contract, def: TypeDef, registry: TypeRegistry): Schema {
  const documented = example.expected.example;
  const items = isObject(documented) ? documented[example.expected.collectionProperty ?? 'value'] : undefined;
  const byType = new Map<TypeDef, Record<string, unknown>[]>();
  const others: Record<string, unknown>[] = [];
  for (const item of Array.isArray(items) ? items.filter(isObject) : []) {
    const named = typeof item['@odata.type'] === 'string' ? registry.get(simpleTypeName(item['@odata.type'])) : undefined;
    if (named?.properties.size && named.key !== def.key) byType.set(named, [...(byType.get(named) ?? []), item]);
    else others.push(item);
  }
  // An item of a type no documented item has: what the documented items of the collection's own type show.
  const fallback = byType.size ? resourceSchema(example, def, registry, shownByAll(others)) : resourceSchema(example, def, registry);
  return [...byType].reverse().reduce<Schema>((otherwise, [type, shown]) => {
    const full = type.fullName ?? `microsoft.graph.${type.name}`;
    return {
      if: { required: ['@odata.type'], properties: { '@odata.type': { enum: [`#${full}`, full, `#${type.name}`, type.name] } } },
      then: resourceSchema(example, type, registry, shownByAll(shown)),
      else: otherwise,
    };
  }, fallback);
}

/** Schema of the documented response body; undefined when the documents describe no type to check. */
export function buildResponseSchema(example: Contract, registry: TypeRegistry): Schema | undefined {
  // `String collection` (checkMemberObjects): primitives in `value`, whatever a table may have called "String".
  const primitive = example.expected.type ? canonicalPrimitive(example.expected.type) : undefined;
  if (primitive && example.expected.body === 'collection') {
    const items = example.expected.collectionProperty ?? 'value';
    const type: TypeRef = { kind: 'primitive', name: primitive, collection: true };
    return withContentId({ type: 'object', required: [items], properties: { [items]: propertySchema(type, registry, false) } });
  }
  if (primitive) return undefined;
  const def = example.expected.type ? registry.get(example.expected.type) : undefined;
  if (!def?.properties.size) return undefined;
  if (example.expected.body === 'collection') {
    const items = example.expected.collectionProperty ?? 'value';
    return withContentId({
      type: 'object',
      required: [items],
      properties: {
        [items]: { [EDM_KEYWORD]: `${def.name} collection`, type: 'array', items: byOwnType(example, def, registry) },
      },
    });
  }
  return example.expected.body === 'resource' ? withContentId(resourceSchema(example, def, registry)) : undefined;
}

/** What a request body representing `def` may hold: documented types, nothing required. */
export function buildRequestSchema(def: TypeDef): Schema {
  return { $id: requestSchemaId(def.key), type: 'object', [EDM_KEYWORD]: def.name, allOf: [{ $ref: typeSchemaId(def.key) }] };
}

/**
 * What a request body may hold by its page's own request-body table, where the body is no resource of a
 * described type (an action's parameters, `{"comment": "…"}`): documented types, nothing required.
 */
export function buildBodyTableSchema(rows: readonly PropertyRow[], registry: TypeRegistry): Schema | undefined {
  if (!rows.length) return undefined;
  return withContentId({
    type: 'object',
    properties: Object.fromEntries(rows.map((row) => [row.name, propertySchema(row.type, registry)])),
  });
}

/** Every `$ref` target in a schema, for loading referenced type schemas on demand. */
export function referencedIds(schema: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) referencedIds(item, found);
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      if (key === '$ref' && typeof value === 'string') found.add(value);
      else referencedIds(value, found);
    }
  }
  return found;
}
