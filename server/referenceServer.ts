/**
 * The embedded reference target, built from the contracts alone: every documented collection gets an
 * in-memory store with create, list, read, update and delete; input is validated with the same schemas
 * the suite checks responses with; DateTimeOffset values are normalised to UTC as the service does.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Suite } from '../src/contracts/loadContracts';
import { placeholderName } from '../src/contracts/paths';
import { isAnnotationKey } from '../src/core/odata';
import type { TypeDef } from '../src/contracts/typeRegistry';
import { isPrimitive, setSlot, typedSlots } from '../src/contracts/typedValues';
import { atOffset } from '../src/edm/dateTimeOffset';
import { describeSchemaErrors } from '../src/schema/describeErrors';
import { SchemaStore } from '../src/schema/schemaStore';
import { isObject } from '../src/core/json';
import { type Action, type Behaviour, type OutgoingResponse, type Resource, type ServerSwitch, type SwitchContext } from './switches';

export interface ReferenceServerOptions {
  suite: Suite;
  /** Path the documented paths are served under, e.g. `/beta`. */
  basePath?: string;
  switches?: readonly ServerSwitch[];
}

interface Collection {
  /** Template segments, placeholders included, e.g. `Security`, `ipSecurityProfiles`. */
  segments: string[];
  type: TypeDef;
  createStatus: number;
  updateStatus: number;
}

const segmentKey = (segments: readonly string[]) =>
  segments.map((segment) => (placeholderName(segment) !== undefined ? '{}' : segment.toLowerCase())).join('/');

/** Every collection the documents show an operation on, with the type it holds and documented statuses. */
export function documentedCollections(suite: Suite): Collection[] {
  const collections = new Map<string, Collection>();
  for (const example of suite.examples) {
    const type = example.expected.type ? suite.registry.get(example.expected.type) : undefined;
    const template = example.path.template;
    if (!type?.properties.size || !template || example.unusable) continue;
    const segments = template.path.split('/').filter(Boolean);
    const isItem = placeholderName(segments[segments.length - 1] ?? '') !== undefined;
    const collectionSegments = isItem ? segments.slice(0, -1) : segments;
    const key = segmentKey(collectionSegments);
    const collection = collections.get(key) ?? { segments: collectionSegments, type, createStatus: 201, updateStatus: 204 };
    const status = example.expected.statuses[0];
    if (!isItem && example.method === 'POST' && status) collection.createStatus = status;
    if (isItem && (example.method === 'PATCH' || example.method === 'PUT') && status) collection.updateStatus = status;
    collections.set(key, collection);
  }
  return [...collections.values()];
}

function graphError(status: number, code: string, message: string): OutgoingResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), 'request-id': randomUUID() } } },
  };
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function createReferenceServer({ suite, basePath = '/beta', switches = [] }: ReferenceServerOptions): http.Server {
  const schemas = new SchemaStore(suite.registry);
  const collections = documentedCollections(suite);
  const servedTypes = collections.map((collection) => collection.type);
  const behaviour: Behaviour = Object.assign(
    { skipAuth: false, acceptInvalidInput: false, ignoreUpdates: false, unknownIdsFound: false, keepDateOffsets: false, unsentCollectionsEmpty: false },
    ...switches.map((entry) => entry.behaviour ?? {}),
  );
  /** Resources by concrete collection path (lowercased), then id. */
  const stores = new Map<string, Map<string, Resource>>();
  const base = basePath.replace(/\/+$/, '').toLowerCase();

  function normaliseDates(resource: Resource, type: TypeDef): void {
    if (behaviour.keepDateOffsets) return;
    for (const slot of typedSlots(resource, type.name, suite.registry)) {
      if (isPrimitive(slot.type, 'DateTimeOffset') && !slot.type.collection && typeof slot.value === 'string') setSlot(slot, atOffset(slot.value));
    }
  }

  /** The request body as a resource, or the 400 the service gives for a body that breaks the documented types. */
  function readInput(text: string, type: TypeDef): { sent: Resource } | { rejected: OutgoingResponse } {
    const reject = (message: string) => (behaviour.acceptInvalidInput ? { sent: {} } : { rejected: graphError(400, 'BadRequest', message) });
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return reject('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
    }
    if (!isObject(body)) return reject('The request body must be a JSON object.');
    const schema = schemas.requestSchema(type.name);
    const result = schema ? schemas.validate(schema, body) : { valid: true as const };
    if (!result.valid && !behaviour.acceptInvalidInput) return reject(`Invalid request body: ${describeSchemaErrors(result.errors).join('; ')}`);
    return { sent: body };
  }

  function create(sent: Resource, collection: Collection): Resource {
    const resource: Resource = { '@odata.type': `#${collection.type.fullName ?? `microsoft.graph.${collection.type.name}`}`, id: randomUUID() };
    for (const name of collection.type.tableProperties) {
      if (name === 'id') continue;
      const property = collection.type.properties.get(name)!;
      resource[name] = name in sent ? sent[name] : property.type.collection && behaviour.unsentCollectionsEmpty ? [] : null;
    }
    for (const [name, value] of Object.entries(sent)) if (!isAnnotationKey(name) && name !== 'id') resource[name] = value;
    normaliseDates(resource, collection.type);
    return resource;
  }

  async function handle(request: http.IncomingMessage): Promise<{ response: OutgoingResponse; context: Omit<SwitchContext, 'registry' | 'servedTypes' | 'suite'> }> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
    const method = (request.method ?? 'GET').toUpperCase();
    const error = (response: OutgoingResponse) => ({ response, context: { action: 'error' as Action } });
    if (url.pathname === '/health') return { response: { status: 200, headers: { 'content-type': 'application/json' }, body: { status: 'ok' } }, context: { action: 'read' } };

    const path = decodeURIComponent(url.pathname);
    if (!path.toLowerCase().startsWith(`${base}/`)) return error(graphError(404, 'ResourceNotFound', `Not under ${basePath}: ${path}`));
    const segments = path.slice(base.length).split('/').filter(Boolean);

    if (!behaviour.skipAuth && !/^Bearer\s+\S+/i.test(request.headers.authorization ?? '')) {
      return error(graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.'));
    }

    const match = collections
      .map((collection) => ({ collection, item: segments.length === collection.segments.length + 1 }))
      .find(
        ({ collection, item }) =>
          (item || segments.length === collection.segments.length) &&
          collection.segments.every((segment, i) => placeholderName(segment) !== undefined || segment.toLowerCase() === segments[i].toLowerCase()),
      );
    if (!match) return error(graphError(404, 'ResourceNotFound', `Resource not found for the segment '${segments[segments.length - 1] ?? ''}'.`));

    const { collection, item } = match;
    const collectionPath = segments.slice(0, collection.segments.length).join('/');
    const storeKey = collectionPath.toLowerCase();
    const store = stores.get(storeKey) ?? new Map<string, Resource>();
    stores.set(storeKey, store);
    const context = `${url.origin}${basePath}/$metadata#${collectionPath}`;
    const type = collection.type;
    const represent = (resource: Resource) => ({ '@odata.context': `${context}/$entity`, ...structuredClone(resource) });
    const ok = (status: number, body?: unknown): OutgoingResponse => ({
      status,
      headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
      ...(body === undefined ? {} : { body }),
    });

    if (!item) {
      if (method === 'GET') return { response: ok(200, { '@odata.context': context, value: [...store.values()].map((r) => structuredClone(r)) }), context: { action: 'list', type } };
      if (method !== 'POST') return error(graphError(405, 'MethodNotAllowed', `${method} is not supported on ${collectionPath}.`));
      const input = readInput(await readBody(request), type);
      if ('rejected' in input) return error(input.rejected);
      const resource = create(input.sent, collection);
      store.set(String(resource.id), resource);
      return { response: ok(collection.createStatus, represent(resource)), context: { action: 'create', type, sent: input.sent } };
    }

    const id = segments[segments.length - 1];
    let resource = store.get(id);
    if (!resource && behaviour.unknownIdsFound && method !== 'DELETE') resource = { ...create({}, collection), id };
    if (!resource) {
      if (behaviour.unknownIdsFound) return { response: ok(204), context: { action: 'delete', type } };
      return error(graphError(404, 'ResourceNotFound', `No ${type.name} with id '${id}' exists.`));
    }
    switch (method) {
      case 'GET':
        return { response: ok(200, represent(resource)), context: { action: 'read', type } };
      case 'DELETE':
        store.delete(id);
        return { response: ok(204), context: { action: 'delete', type } };
      case 'PATCH':
      case 'PUT': {
        const input = readInput(await readBody(request), type);
        if ('rejected' in input) return error(input.rejected);
        if (!behaviour.ignoreUpdates) {
          const changes = structuredClone(input.sent);
          normaliseDates(changes, type);
          for (const [name, value] of Object.entries(changes)) if (!isAnnotationKey(name) && name !== 'id') resource[name] = value;
          store.set(id, resource);
        }
        const body = collection.updateStatus === 204 ? undefined : represent(resource);
        return { response: ok(collection.updateStatus, body), context: { action: 'update', type, sent: input.sent } };
      }
      default:
        return error(graphError(405, 'MethodNotAllowed', `${method} is not supported on ${collectionPath}/{id}.`));
    }
  }

  return http.createServer((request, reply) => {
    handle(request)
      .then(({ response, context }) => {
        for (const entry of switches) entry.respond?.(response, { ...context, registry: suite.registry, servedTypes, suite });
        const text = response.text ?? (response.body === undefined ? '' : JSON.stringify(response.body, null, response.pretty ? 2 : undefined));
        reply.writeHead(response.status, { 'odata-version': '4.0', ...response.headers });
        reply.end(text);
      })
      .catch((error: unknown) => {
        reply.writeHead(500, { 'content-type': 'application/json' });
        reply.end(JSON.stringify({ error: { code: 'InternalServerError', message: String(error) } }));
      });
  });
}
