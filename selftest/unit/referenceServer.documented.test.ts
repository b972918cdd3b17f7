/**
 * The reference server's documented answers, request by request: a documented request gets its page's
 * response, an undocumented one or an id nobody created gets 404, bad input to a documented action 400;
 * bodies that break their own page's tables are corrected; pages documenting one request alike are joined.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { loadContracts } from '../../src/contracts/loadContracts';
import { PROJECT_ROOT } from '../../src/config';
import { SchemaStore } from '../../src/schema/schemaStore';
import { createReferenceServer } from '../../server/referenceServer';
import { conformingBody } from '../../server/conformingBody';
import { unionOf } from '../../server/documentedResponses';
import { isPrimitive, setSlot, typedSlots } from '../../src/contracts/typedValues';
import { isObject } from '../../src/core/json';

const OPERATIONS = path.join(PROJECT_ROOT, 'fixtures', 'pages', 'operations', 'api');
const suite = loadContracts(OPERATIONS);
let server: http.Server;
let base: string;

test.beforeAll(async () => {
  server = createReferenceServer({ suite });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/beta`;
});
test.afterAll(() => new Promise((resolve) => server.close(resolve)));

const call = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: 'Bearer t', ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
};

test('a singleton is answered as the resource its page documents, not as a collection', async () => {
  const me = await call('GET', '/me');
  expect(me.status).toBe(200);
  expect(me.json).not.toHaveProperty('value');
  expect(me.json).toMatchObject({ displayName: 'Adele Vance' });
});

test('a function with its parameters in the segment is answered; the same function with another name is not', async () => {
  expect((await call('GET', "/identityGovernance/accessReviews/definitions/filterByCurrentUser(on='reviewer')")).status).toBe(200);
  expect((await call('GET', "/identityGovernance/accessReviews/definitions/filterByAnybody(on='reviewer')")).status).toBe(404);
});

test('an action on a created resource answers as documented; on an id nobody created, 404; with bad input, 400', async () => {
  const created = await call('POST', '/me/events', { subject: 'x' });
  expect(created.status).toBe(201);
  const id = String(created.json!.id);
  expect((await call('POST', `/me/events/${id}/cancel`, { comment: 'sorry' })).status).toBe(202);
  expect((await call('POST', '/me/events/no-such-event/cancel', { comment: 'sorry' })).status).toBe(404);
  const bad = await call('POST', `/me/events/${id}/cancel`, { comment: 42 });
  expect(bad.status).toBe(400);
  expect(bad.json).toHaveProperty('error.code', 'BadRequest');
});

test('a stateful item the store lacks is 404 even where an example reads a concrete id', async () => {
  expect((await call('GET', '/users/00000000-0000-0000-0000-000000000000')).status).toBe(404);
});

test('a documented body that breaks its own table is corrected: the values at fault become null', () => {
  const seeds = loadContracts(path.join(PROJECT_ROOT, 'contracts'));
  const schemas = new SchemaStore(seeds.registry);
  const example = seeds.examples.find((e) => e.expected.type && schemas.responseSchema(e) && isObject(e.expected.example))!;
  // A page's defect as real pages have it: type placeholders where values belong.
  const body = structuredClone(example.expected.example);
  const slots = typedSlots(body, example.expected.type!, seeds.registry).filter(
    (slot) => slot.type.kind === 'primitive' && !slot.type.collection,
  );
  const dates = slots.filter((slot) => isPrimitive(slot.type, 'DateTimeOffset'));
  const integers = slots.filter((slot) => isPrimitive(slot.type, 'Int32'));
  expect(dates.length + integers.length).toBeGreaterThan(0);
  dates.forEach((slot) => setSlot(slot, 'String (timestamp)'));
  integers.forEach((slot) => setSlot(slot, 'Integer'));
  const schema = schemas.responseSchema(example)!;
  expect(schemas.validate(schema, body).valid).toBe(false);
  const fixed = conformingBody(example, body, schemas, seeds.registry);
  expect(schemas.validate(schema, fixed)).toEqual({ valid: true });
  for (const slot of [...dates, ...integers]) expect(atPath(fixed, slot.path), slot.path.join('.')).toBeNull();
});

const atPath = (value: unknown, keys: (string | number)[]) =>
  keys.reduce<unknown>((current, key) => (current as Record<string | number, unknown>)[key], value);

test('pages documenting one request alike are joined: every property one of them shows, the first one’s values kept', () => {
  expect(unionOf({ id: 'a', settings: { x: 1 } }, { id: 'b', intuneBrand: {}, settings: { y: 2 } })).toEqual({
    id: 'a',
    settings: { x: 1, y: 2 },
    intuneBrand: {},
  });
  expect(unionOf({ value: [{ a: 1 }] }, { value: [{ b: 2 }, { c: 3 }] })).toEqual({ value: [{ a: 1, b: 2 }, { c: 3 }] });
});
