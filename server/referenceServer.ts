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
import {
  DEFAULT_BODY_BYTES,
  DEFAULT_DELAY_MS,
  DEFAULT_TOKEN_TTL_MS,
  type Condition,
  type ConditionContext,
  type ConditionHooks,
  type ConditionSettings,
  type Delivery,
  type RequestInfo,
} from './conditions';
import { graphError, type Behaviour, type OutgoingResponse, type Resource, type ServerSwitch, type SwitchContext } from './switches';

export interface ReferenceServerOptions {
  suite: Suite;
  /** Path the documented paths are served under, e.g. `/beta`. */
  basePath?: string;
  switches?: readonly ServerSwitch[];
  /** Conditions (server/conditions.ts) and their parameters. */
  conditions?: readonly Condition[];
  conditionSettings?: Partial<Omit<ConditionSettings, 'basePath' | 'listResources'>>;
  /** Returned by /health, so a run can tell its own server from another one on the same port. */
  nonce?: string;
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

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** What a server is built from, fixed for its lifetime. */
interface Served {
  suite: Suite;
  schemas: SchemaStore;
  collections: Collection[];
  servedTypes: TypeDef[];
  behaviour: Behaviour;
  /** As given, e.g. `/beta`: used in the URLs the server writes. */
  basePath: string;
  /** Without a trailing slash and lowercased: used to match request paths. */
  base: string;
}

/** Resources by concrete collection path (lowercased): the path as first addressed, and the resources by id. */
type Stores = Map<string, { path: string; items: Map<string, Resource> }>;

/** A documented collection found at a concrete request path. */
interface Route {
  collection: Collection;
  /** True when the path addresses one resource (`…/{id}`). */
  item: boolean;
  /** The concrete collection path, e.g. `Security/ipSecurityProfiles`. */
  collectionPath: string;
}

type HandledContext = Omit<SwitchContext, 'registry' | 'servedTypes'> & Omit<ConditionContext, 'action' | 'request'>;

interface Handled {
  response: OutgoingResponse;
  context: HandledContext;
}

const DEFAULT_BEHAVIOUR: Behaviour = {
  skipAuth: false,
  acceptInvalidInput: false,
  ignoreUpdates: false,
  unknownIdsFound: false,
  keepDateOffsets: false,
  unsentCollectionsEmpty: false,
};

const failed = (response: OutgoingResponse): Handled => ({ response, context: { action: 'error' } });

function ok(status: number, body?: unknown): OutgoingResponse {
  return {
    status,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    ...(body === undefined ? {} : { body }),
  };
}

function requestInfo(request: http.IncomingMessage): RequestInfo {
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    path: decodeURIComponent(url.pathname),
    url,
    headers: request.headers,
    localPort: request.socket.localPort ?? 0,
    body: () => readBody(request),
  };
}

/** The documented collection a path (below the base path, split in segments) addresses, if any. */
function matchRoute(collections: readonly Collection[], segments: readonly string[]): Route | undefined {
  const match = collections
    .map((collection) => ({ collection, item: segments.length === collection.segments.length + 1 }))
    .find(
      ({ collection, item }) =>
        (item || segments.length === collection.segments.length) &&
        collection.segments.every(
          (segment, i) => placeholderName(segment) !== undefined || segment.toLowerCase() === segments[i].toLowerCase(),
        ),
    );
  return match && { ...match, collectionPath: segments.slice(0, match.collection.segments.length).join('/') };
}

function storeFor(stores: Stores, collectionPath: string): Map<string, Resource> {
  const key = collectionPath.toLowerCase();
  const store = stores.get(key) ?? { path: collectionPath, items: new Map<string, Resource>() };
  stores.set(key, store);
  return store.items;
}

function listResources(stores: Stores, origin: string, basePath: string): string[] {
  return [...stores.values()].flatMap(({ path, items }) => [...items.keys()].map((id) => `${origin}${basePath}/${path}/${id}`));
}

function normaliseDates(served: Served, resource: Resource, type: TypeDef): void {
  if (served.behaviour.keepDateOffsets) return;
  for (const slot of typedSlots(resource, type.name, served.suite.registry)) {
    if (isPrimitive(slot.type, 'DateTimeOffset') && !slot.type.collection && typeof slot.value === 'string')
      setSlot(slot, atOffset(slot.value));
  }
}

/** The request body as a resource, or the 400 the service gives for a body that breaks the documented types. */
function readInput(served: Served, text: string, type: TypeDef): { sent: Resource } | { rejected: OutgoingResponse } {
  const { behaviour, schemas } = served;
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
  if (!result.valid && !behaviour.acceptInvalidInput)
    return reject(`Invalid request body: ${describeSchemaErrors(result.errors).join('; ')}`);
  return { sent: body };
}

/** A new resource: every documented property (null when not sent), what was sent, a fresh id. */
function createResource(served: Served, sent: Resource, collection: Collection): Resource {
  const resource: Resource = {
    '@odata.type': `#${collection.type.fullName ?? `microsoft.graph.${collection.type.name}`}`,
    id: randomUUID(),
  };
  for (const name of collection.type.tableProperties) {
    if (name === 'id') continue;
    const property = collection.type.properties.get(name)!;
    resource[name] = name in sent ? sent[name] : property.type.collection && served.behaviour.unsentCollectionsEmpty ? [] : null;
  }
  for (const [name, value] of Object.entries(sent)) if (!isAnnotationKey(name) && name !== 'id') resource[name] = value;
  normaliseDates(served, resource, collection.type);
  return resource;
}

/** URLs of the addressed collection: its `@odata.context` and its location. */
function collectionUrls(served: Served, request: RequestInfo, route: Route) {
  return {
    odataContext: `${request.url.origin}${served.basePath}/$metadata#${route.collectionPath}`,
    collectionUrl: `${request.url.origin}${served.basePath}/${route.collectionPath}`,
  };
}

const represent = (odataContext: string, resource: Resource) => ({
  '@odata.context': `${odataContext}/$entity`,
  ...structuredClone(resource),
});

/** GET (list) and POST (create) on a collection. */
async function handleCollection(served: Served, store: Map<string, Resource>, route: Route, request: RequestInfo): Promise<Handled> {
  const { method } = request;
  const { collection, collectionPath } = route;
  const type = collection.type;
  const { odataContext, collectionUrl } = collectionUrls(served, request, route);
  if (method === 'GET') {
    return {
      response: ok(200, { '@odata.context': odataContext, value: [...store.values()].map((r) => structuredClone(r)) }),
      context: { action: 'list', type, collectionUrl },
    };
  }
  if (method !== 'POST') return failed(graphError(405, 'MethodNotAllowed', `${method} is not supported on ${collectionPath}.`));
  const input = readInput(served, await request.body(), type);
  if ('rejected' in input) return failed(input.rejected);
  const resource = createResource(served, input.sent, collection);
  store.set(String(resource.id), resource);
  const itemUrl = `${collectionUrl}/${String(resource.id)}`;
  return {
    response: ok(collection.createStatus, represent(odataContext, resource)),
    context: { action: 'create', type, sent: input.sent, collectionUrl, itemUrl },
  };
}

/** GET, DELETE, PATCH and PUT on one resource. */
async function handleItem(served: Served, store: Map<string, Resource>, route: Route, id: string, request: RequestInfo): Promise<Handled> {
  const { method } = request;
  const { collection, collectionPath } = route;
  const { behaviour } = served;
  const type = collection.type;
  const { odataContext, collectionUrl } = collectionUrls(served, request, route);
  const urls = { collectionUrl, itemUrl: `${collectionUrl}/${id}` };
  let resource = store.get(id);
  if (!resource && behaviour.unknownIdsFound && method !== 'DELETE') resource = { ...createResource(served, {}, collection), id };
  if (!resource) {
    if (behaviour.unknownIdsFound) return { response: ok(204), context: { action: 'delete', type, ...urls } };
    return failed(graphError(404, 'ResourceNotFound', `No ${type.name} with id '${id}' exists.`));
  }
  switch (method) {
    case 'GET':
      return { response: ok(200, represent(odataContext, resource)), context: { action: 'read', type, ...urls } };
    case 'DELETE':
      store.delete(id);
      return { response: ok(204), context: { action: 'delete', type, ...urls } };
    case 'PATCH':
    case 'PUT': {
      const input = readInput(served, await request.body(), type);
      if ('rejected' in input) return failed(input.rejected);
      if (!behaviour.ignoreUpdates) {
        const changes = structuredClone(input.sent);
        normaliseDates(served, changes, type);
        for (const [name, value] of Object.entries(changes)) if (!isAnnotationKey(name) && name !== 'id') resource[name] = value;
        store.set(id, resource);
      }
      const body = collection.updateStatus === 204 ? undefined : represent(odataContext, resource);
      return { response: ok(collection.updateStatus, body), context: { action: 'update', type, sent: input.sent, ...urls } };
    }
    default:
      return failed(graphError(405, 'MethodNotAllowed', `${method} is not supported on ${collectionPath}/{id}.`));
  }
}

/** The 401 for a request without an acceptable token, or undefined when it may go on. */
function refuseUnauthorised(served: Served, hooks: readonly ConditionHooks[], request: RequestInfo): OutgoingResponse | undefined {
  if (served.behaviour.skipAuth) return undefined;
  const checks = hooks.flatMap((hook) => (hook.authorize ? [hook.authorize.bind(hook)] : []));
  if (checks.length) return checks.map((authorize) => authorize(request)).find(Boolean);
  return /^Bearer\s+\S+/i.test(request.headers.authorization ?? '')
    ? undefined
    : graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
}

/** An API request: base path, token, documented collection, then the collection or item handler. */
async function handleApi(served: Served, stores: Stores, hooks: readonly ConditionHooks[], request: RequestInfo): Promise<Handled> {
  const { path } = request;
  if (!path.toLowerCase().startsWith(`${served.base}/`))
    return failed(graphError(404, 'ResourceNotFound', `Not under ${served.basePath}: ${path}`));
  const segments = path.slice(served.base.length).split('/').filter(Boolean);
  const refused = refuseUnauthorised(served, hooks, request);
  if (refused) return failed(refused);
  const route = matchRoute(served.collections, segments);
  if (!route)
    return failed(graphError(404, 'ResourceNotFound', `Resource not found for the segment '${segments[segments.length - 1] ?? ''}'.`));
  const store = storeFor(stores, route.collectionPath);
  return route.item
    ? handleItem(served, store, route, segments[segments.length - 1], request)
    : handleCollection(served, store, route, request);
}

function applySwitches(served: Served, switches: readonly ServerSwitch[], { response, context }: Handled): void {
  const { type, sent, action } = context;
  for (const entry of switches)
    entry.respond?.(response, {
      action,
      ...(type && { type }),
      ...(sent !== undefined && { sent }),
      registry: served.suite.registry,
      servedTypes: served.servedTypes,
      suite: served.suite,
    });
}

function applyConditions(hooks: readonly ConditionHooks[], { response, context }: Handled, request: RequestInfo): void {
  for (const hook of hooks) hook.respond?.(response, { ...context, request });
}

function serialise(response: OutgoingResponse): string | Buffer {
  return (
    response.bytes ??
    response.text ??
    (response.body === undefined ? '' : JSON.stringify(response.body, null, response.pretty ? 2 : undefined))
  );
}

function writeResponse(reply: http.ServerResponse, response: OutgoingResponse, delivery: Delivery = {}): void {
  if (delivery.hang) return;
  const send = () => {
    const text = serialise(response);
    const headers = { 'odata-version': '4.0', ...response.headers };
    if (delivery.stallBody) {
      reply.writeHead(response.status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
      reply.flushHeaders();
      return;
    }
    reply.writeHead(response.status, headers);
    reply.end(text);
  };
  if (delivery.delayMs) setTimeout(send, delivery.delayMs);
  else send();
}

function healthResponse(nonce: string | undefined): OutgoingResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: { status: 'ok', ...(nonce && { nonce }) } };
}

export function createReferenceServer(options: ReferenceServerOptions): http.Server {
  const { suite, basePath = '/beta', switches = [], conditions = [], nonce } = options;
  const collections = documentedCollections(suite);
  const served: Served = {
    suite,
    schemas: new SchemaStore(suite.registry),
    collections,
    servedTypes: collections.map((collection) => collection.type),
    behaviour: switches.reduce<Behaviour>((merged, entry) => ({ ...merged, ...entry.behaviour }), { ...DEFAULT_BEHAVIOUR }),
    basePath,
    base: basePath.replace(/\/+$/, '').toLowerCase(),
  };
  const stores: Stores = new Map();
  const hooks = conditions.map((condition) =>
    condition.start({
      tokenTtlMs: DEFAULT_TOKEN_TTL_MS,
      delayMs: DEFAULT_DELAY_MS,
      bodyBytes: DEFAULT_BODY_BYTES,
      ...options.conditionSettings,
      basePath,
      listResources: (origin) => listResources(stores, origin, basePath),
    }),
  );
  const delivery = hooks.reduce<Delivery>((merged, hook) => ({ ...merged, ...hook.delivery }), {});

  /** The response for one request, and how to send it (conditions' delivery applies to API requests only). */
  async function answer(raw: http.IncomingMessage): Promise<{ response: OutgoingResponse; delivery?: Delivery }> {
    const request = requestInfo(raw);
    if (request.url.pathname === '/health') return { response: healthResponse(nonce) };
    for (const hook of hooks) {
      const own = await hook.endpoint?.(request);
      if (own) return { response: own };
    }
    const early = hooks.map((hook) => hook.before?.(request)).find(Boolean);
    const handled = early ? failed(early) : await handleApi(served, stores, hooks, request);
    applySwitches(served, switches, handled);
    applyConditions(hooks, handled, request);
    // The service root answers at once, as a gateway does while the services behind it hang: the
    // suite's check that the target is there passes, and each test then meets the condition.
    const serviceRoot = request.path.replace(/\/+$/, '').toLowerCase() === served.base;
    return { response: handled.response, ...(serviceRoot ? {} : { delivery }) };
  }

  return http.createServer((request, reply) => {
    answer(request)
      .then(({ response, delivery }) => writeResponse(reply, response, delivery))
      .catch((error: unknown) => {
        reply.writeHead(500, { 'content-type': 'application/json' });
        reply.end(JSON.stringify({ error: { code: 'InternalServerError', message: String(error) } }));
      });
  });
}
