/**
 * Tolerances: liberties a conforming server may take (DESIGN.md, "Tolerances"). With any of them on,
 * the contract suite must still pass; the self-test matrix proves it.
 */
import { atOffset } from '../src/edm/dateTimeOffset';
import { isPrimitive, setSlot, type TypedSlot } from '../src/contracts/typedValues';
import { isObject } from '../src/core/json';
import { isAnnotationKey } from '../src/core/odata';
import type { Action } from './http';
import { objectsIn, onResource, type ServerSwitch, type SwitchContext } from './switches';

const METHODS_OF: Partial<Record<Action, readonly string[]>> = { create: ['POST'], read: ['GET'], update: ['PATCH', 'PUT'] };

/** What the documented example of this action on this type shows, as a real service's default property set. */
function documentedPropertySet({ action, type, suite }: SwitchContext): string[] | undefined {
  const methods = METHODS_OF[action] ?? [];
  const example = suite?.examples.find(
    (e) =>
      methods.includes(e.method) &&
      e.expected.body === 'resource' &&
      e.expected.type?.toLowerCase() === type?.name.toLowerCase() &&
      e.expected.shownProperties,
  );
  return example?.expected.shownProperties;
}

/** A documented type (server/ sees the page model only through src/contracts). */
type TypeRef = TypedSlot['type'];

const DATE = (type: TypeRef) => isPrimitive(type, 'DateTimeOffset') && !type.collection;

function sampleValue(type: TypeRef): unknown {
  if (type.collection) return [];
  if (type.kind !== 'primitive') return null;
  switch (type.name) {
    case 'Boolean':
      return false;
    case 'DateTimeOffset':
      return '2020-02-29T12:00:00Z';
    case 'String':
      return 'documented elsewhere';
    default:
      return type.name.startsWith('Int') || ['Double', 'Single', 'Decimal', 'Byte', 'SByte'].includes(type.name) ? 1 : null;
  }
}

function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, child]) => [key, reorder(child)]),
  );
}

function contentType(name: string, value: string): ServerSwitch {
  return {
    name,
    description: `Content-Type: ${value}`,
    respond: (response) => void (response.headers['content-type'] && (response.headers['content-type'] = value)),
  };
}

export const TOLERANCES: readonly ServerSwitch[] = [
  { name: 'dates-original-offset', description: 'DateTimeOffset values kept with the offset sent', behaviour: { keepDateOffsets: true } },
  onResource('dates-other-offset', 'DateTimeOffset values at +05:30', (_body, slots) => {
    for (const slot of slots) if (DATE(slot.type) && typeof slot.value === 'string') setSlot(slot, atOffset(slot.value, 330));
  }),
  onResource('dates-7-digits', 'DateTimeOffset values in UTC with 7 fraction digits', (_body, slots) => {
    for (const slot of slots) if (DATE(slot.type) && typeof slot.value === 'string') setSlot(slot, atOffset(slot.value, 0, 7));
  }),
  onResource('extra-properties', 'properties the page does not list', (body) => {
    body.undocumentedFlag = true;
    body.undocumentedDetails = { source: 'reference', weight: 2.5 };
  }),
  onResource('odata-annotations', '@odata.* and property@odata.* annotations', (body, slots) => {
    body['@odata.etag'] = 'W/"JzEtRGV2aWNlQ2F0ZWdvcnki"';
    body['@odata.id'] = `entities('${String(body.id)}')`;
    for (const slot of slots.filter((s) => s.path.length === 1)) {
      if (slot.type.kind === 'primitive')
        body[`${slot.key}@odata.type`] = slot.type.collection ? `#Collection(${slot.type.name})` : `#${slot.type.name}`;
    }
  }),
  onResource('no-odata-type', 'no @odata.type anywhere', (body) => {
    for (const object of objectsIn(body)) delete object['@odata.type'];
  }),
  onResource('no-odata-context', 'no @odata.context', (body) => void delete body['@odata.context']),
  {
    name: 'reordered-properties',
    description: 'properties in another order, nested ones too',
    respond: (response) => void (response.body !== undefined && (response.body = reorder(response.body))),
  },
  { name: 'pretty-printed', description: 'pretty-printed JSON', respond: (response) => void (response.pretty = true) },
  contentType(
    'content-type-odata-parameters',
    'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
  ),
  contentType('content-type-case', 'Application/JSON; Charset=UTF-8'),
  {
    name: 'location-header',
    description: 'a Location header on create',
    respond(response, { action }) {
      const id = isObject(response.body) ? response.body.id : undefined;
      if (action === 'create' && (typeof id === 'string' || typeof id === 'number'))
        response.headers.location = `https://reference.invalid/resources/${String(id)}`;
    },
  },
  {
    name: 'request-id-headers',
    description: 'request-id, client-request-id and diagnostic headers',
    respond(response) {
      response.headers['request-id'] = '5f6e2f1b-1111-4c7a-9d7b-2b5f0a0f5b11';
      response.headers['client-request-id'] = '5f6e2f1b-1111-4c7a-9d7b-2b5f0a0f5b11';
      response.headers['x-ms-ags-diagnostic'] = '{"ServerInfo":{"DataCenter":"Reference"}}';
      response.headers['cache-control'] = 'no-cache';
    },
  },
  {
    name: 'empty-collections-for-unsent',
    description: '[] instead of null for collections not sent',
    behaviour: { unsentCollectionsEmpty: true },
  },
  onResource('nested-undocumented-properties', 'nested objects with properties no page shows', (body) => {
    for (const object of objectsIn(body).slice(1)) object.undocumentedNested = 'extra';
  }),
  onResource(
    'default-property-set',
    'only the properties the documented example shows (a default property set)',
    (body, _slots, context) => {
      const shown = documentedPropertySet(context);
      if (!shown) return;
      for (const key of Object.keys(body)) if (!isAnnotationKey(key) && key !== 'id' && !shown.includes(key)) delete body[key];
    },
  ),
  onResource(
    'nested-documented-elsewhere',
    'nested properties that other pages document for the same type',
    (_body, slots, { registry }) => {
      for (const slot of slots) {
        const def = slot.type.kind === 'named' && !slot.type.collection && isObject(slot.value) ? registry.get(slot.type.name) : undefined;
        if (!def) continue;
        const value = slot.value as Record<string, unknown>;
        for (const property of def.properties.values()) if (!(property.name in value)) value[property.name] = sampleValue(property.type);
      }
    },
  ),
];
