/**
 * Faults: each breaks exactly one documented promise, whatever the resource, derived from the
 * documented types (never from knowledge of a particular page). The self-test matrix expects each
 * to be caught by a named check (selftest/matrix.ts).
 */
import { atOffset, parseDateTimeOffset } from '../src/edm/dateTimeOffset';
import { setSlot, type TypedSlot } from '../src/contracts/typedValues';
import { isObject } from '../src/core/json';
import type { OutgoingResponse } from './http';
import { onResource, wasSent, type ServerSwitch } from './switches';

const topLevel = (slot: TypedSlot) => slot.path.length === 1;
const nested = (slot: TypedSlot) => slot.path.length > 1 && typeof slot.path[slot.path.length - 1] === 'string';
const single = (slot: TypedSlot) => !slot.type.collection;
const primitive =
  (...names: string[]) =>
  (slot: TypedSlot) =>
    slot.type.kind === 'primitive' && names.includes(slot.type.name) && !slot.type.collection;
const complex = (slot: TypedSlot) => slot.type.kind === 'named' && isObject(slot.value);

function first(slots: TypedSlot[], ...tests: ((slot: TypedSlot) => boolean)[]): TypedSlot | undefined {
  return slots.find((slot) => tests.every((test) => test(slot)));
}

/** The first DateTimeOffset value, preferring one that holds a value, to rewrite with `change`. */
function breakDate(name: string, description: string, change: (utc: string) => unknown): ServerSwitch {
  return onResource(name, description, (_body, slots) => {
    const slot =
      first(slots, primitive('DateTimeOffset'), (s) => typeof s.value === 'string') ?? first(slots, topLevel, primitive('DateTimeOffset'));
    if (slot) setSlot(slot, change(typeof slot.value === 'string' ? atOffset(slot.value) : '2016-12-31T20:57:18.6460025Z'));
  });
}

function errorBody(code: string, message: string) {
  return { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, 'Z') } } };
}

function replaceWithError(response: OutgoingResponse, status: number, code: string): void {
  response.status = status;
  response.body = errorBody(code, 'The resource could not be found.');
  response.headers['content-type'] = 'application/json';
}

export const FAULTS: readonly ServerSwitch[] = [
  // status
  {
    name: 'create-returns-200',
    description: 'create answers 200 instead of the documented status',
    respond: (response, { action }) => void (action === 'create' && (response.status = 200)),
  },
  {
    name: 'update-returns-204',
    description: 'update answers 204 with no body instead of 200 with the resource',
    respond(response, { action }) {
      if (action !== 'update') return;
      response.status = 204;
      delete response.body;
      delete response.headers['content-type'];
    },
  },
  {
    name: 'forbidden',
    description: 'every request answered 403 Forbidden (a token without the permissions the page names)',
    respond(response, { action }) {
      if (action === 'error') return;
      response.status = 403;
      response.body = errorBody('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      response.headers = { 'content-type': 'application/json' };
      delete response.text;
      delete response.bytes;
    },
  },
  {
    name: 'collection-404',
    description: 'a documented collection answers 404',
    respond: (response, { action }) => void (action === 'create' && replaceWithError(response, 404, 'ResourceNotFound')),
  },
  // content type
  {
    name: 'content-type-text-plain',
    description: 'a JSON body labelled text/plain',
    respond: (response, { action }) =>
      void (action !== 'error' && response.body !== undefined && (response.headers['content-type'] = 'text/plain; charset=utf-8')),
  },
  {
    name: 'body-not-json',
    description: 'an HTML body instead of JSON',
    respond(response, { action }) {
      if (action === 'error' || response.body === undefined) return;
      response.headers['content-type'] = 'text/html; charset=utf-8';
      response.text = '<html><body>Created</body></html>';
    },
  },
  {
    name: 'invalid-utf8',
    description: 'a JSON body that is not valid UTF-8 (a byte 0xFF inside the first string)',
    respond(response, { action }) {
      if (action === 'error' || response.body === undefined) return;
      const text = Buffer.from(JSON.stringify(response.body), 'utf8');
      const at = text.indexOf('":"') + 3;
      // Decoders that substitute U+FFFD would read this as valid JSON: only the bytes tell.
      response.bytes = Buffer.concat([text.subarray(0, at), Buffer.from([0xff]), text.subarray(at)]);
    },
  },
  {
    name: 'json-label-unparseable-body',
    description: 'a body labelled application/json that is not JSON',
    respond(response, { action }) {
      if (action === 'error' || response.body === undefined) return;
      response.text = JSON.stringify(response.body).slice(0, -1);
    },
  },
  // presence
  onResource('property-missing', 'a documented property is left out', (body, _slots, { type, sent }) => {
    const documented = (type?.tableProperties ?? []).filter((name) => name !== 'id');
    const unsent = documented.find((name) => !isObject(sent) || !(name in sent));
    delete body[unsent ?? documented[documented.length - 1]];
  }),
  onResource('id-missing', 'the key property id is left out', (body) => void delete body.id),
  onResource('property-renamed-by-case', 'a documented property is spelled with another case', (body, slots) => {
    const slot = first(slots, topLevel, (s) => s.key !== 'id');
    if (!slot) return;
    const name = String(slot.key);
    body[name[0].toUpperCase() + name.slice(1)] = body[name];
    delete body[name];
  }),
  // types
  onResource('int32-as-string', 'an Int32 property as a string', (_body, slots) => {
    const slot = first(slots, topLevel, primitive('Int32'));
    if (slot) setSlot(slot, JSON.stringify(slot.value ?? 1));
  }),
  onResource('int32-as-fraction', 'an Int32 property with a fraction', (_body, slots) => {
    const slot = first(slots, topLevel, primitive('Int32'));
    if (slot) setSlot(slot, Number(slot.value ?? 1) + 0.5);
  }),
  onResource('int32-out-of-range', 'an Int32 property beyond 2^31-1', (_body, slots) => {
    const slot = first(slots, topLevel, primitive('Int32'));
    if (slot) setSlot(slot, 2 ** 31);
  }),
  onResource('boolean-as-string', 'a Boolean property as a string', (_body, slots) => {
    const slot = first(slots, topLevel, primitive('Boolean'));
    if (slot) setSlot(slot, JSON.stringify(slot.value ?? true));
  }),
  onResource('collection-as-scalar', 'a String collection as a single string', (_body, slots) => {
    const slot = first(slots, topLevel, (s) => s.type.collection && s.type.kind === 'primitive');
    if (slot) setSlot(slot, Array.isArray(slot.value) && slot.value.length ? slot.value[0] : 'value');
  }),
  onResource('collection-as-object', 'a complex collection as a single object', (_body, slots) => {
    const slot = first(slots, topLevel, (s) => s.type.collection && s.type.kind === 'named');
    if (slot) setSlot(slot, Array.isArray(slot.value) && isObject(slot.value[0]) ? slot.value[0] : {});
  }),
  onResource('complex-as-string', 'a complex property as a string', (_body, slots) => {
    const slot = first(slots, topLevel, single, (s) => s.type.kind === 'named');
    if (slot) setSlot(slot, 'value');
  }),
  onResource('nested-wrong-type', 'a property of a nested object with the wrong type', (_body, slots) => {
    const slot = first(slots, nested, (s) => s.value !== null && !complex(s) && single(s) && s.type.kind === 'primitive');
    if (slot) setSlot(slot, typeof slot.value === 'string' ? 42 : String(slot.value));
  }),
  onResource('collection-item-wrong-type', 'an item of a String collection as a number', (_body, slots) => {
    const slot = first(slots, (s) => typeof s.key === 'number', primitive('String'));
    if (slot) setSlot(slot, 42);
  }),
  // DateTimeOffset
  breakDate('date-without-zone', 'a DateTimeOffset without its zone', (utc) => utc.replace(/Z$/, '')),
  breakDate('date-only', 'a DateTimeOffset as a date only', (utc) => utc.slice(0, 10)),
  breakDate('date-impossible', 'a DateTimeOffset on February 30th', (utc) => `2017-02-30${utc.slice(10)}`),
  breakDate('date-epoch-number', 'a DateTimeOffset as epoch milliseconds', (utc) => {
    const parts = parseDateTimeOffset(utc)!;
    return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  }),
  breakDate('date-offset-without-colon', 'a DateTimeOffset with +0300 for +03:00', (utc) =>
    atOffset(utc, 180).replace(/([+-]\d\d):(\d\d)$/, '$1$2'),
  ),
  // echo
  onResource('value-changed', 'a sent String value comes back changed', (_body, slots, { sent }) => {
    const slot = first(slots, topLevel, primitive('String'), (s) => typeof s.value === 'string' && wasSent(s, sent));
    if (slot) setSlot(slot, `${String(slot.value)} (changed)`);
  }),
  onResource('nested-value-changed', 'a sent value inside a nested object comes back changed', (_body, slots, { sent }) => {
    const slot = first(slots, nested, (s) => typeof s.value === 'string' && wasSent(s, sent));
    if (slot) setSlot(slot, `${String(slot.value)} (changed)`);
  }),
  onResource('date-different-instant', 'a sent DateTimeOffset comes back as another instant (offset dropped)', (_body, slots, { sent }) => {
    const slot = first(slots, primitive('DateTimeOffset'), (s) => typeof s.value === 'string' && wasSent(s, sent));
    if (!slot) return;
    const original = slot.path.reduce<unknown>((value, key) => (value as Record<string | number, unknown>)[key], sent) as string;
    const wallClock = original.replace(/(Z|[+-]\d\d:\d\d)$/, '');
    setSlot(slot, /Z$/.test(original) ? atOffset(original, 60).replace(/[+-]\d\d:\d\d$/, 'Z') : `${wallClock}Z`);
  }),
  onResource('collection-item-dropped', 'a sent collection comes back without its last item', (_body, slots, { sent }) => {
    const slot = first(slots, topLevel, (s) => Array.isArray(s.value) && s.value.length > 0 && wasSent(s, sent));
    if (slot) (slot.value as unknown[]).pop();
  }),
  { name: 'update-ignored', description: 'an update is acknowledged but not applied', behaviour: { ignoreUpdates: true } },
  // @odata.type
  onResource('odata-type-other', '@odata.type names another type', (body, _slots, { type, servedTypes }) => {
    const other = servedTypes.find((candidate) => candidate.key !== type?.key);
    body['@odata.type'] = `#${other?.fullName ?? `microsoft.graph.${other?.name ?? 'entity'}`}`;
  }),
  // negative contracts
  {
    name: 'accepts-bad-input',
    description: 'bodies that break the documented types are accepted',
    behaviour: { acceptInvalidInput: true },
  },
  { name: 'skips-auth', description: 'requests without a bearer token are served', behaviour: { skipAuth: true } },
  { name: 'unknown-id-200', description: 'unknown ids are answered with 200', behaviour: { unknownIdsFound: true } },
  {
    name: 'errors-without-shape',
    description: 'errors without the Graph error shape',
    respond(response, { action }) {
      if (action !== 'error') return;
      response.headers['content-type'] = 'application/json';
      response.body = { message: 'Something went wrong' };
    },
  },
];
