/**
 * The embedded reference target, built from the contracts alone: every documented collection gets an
 * in-memory store with create, list, read, update and delete; input is validated with the same schemas
 * the suite checks responses with; DateTimeOffset values are normalised to UTC as the service does.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ContractExample } from '../src/contracts/contractExample';
import { isAsyncCreate, type Suite } from '../src/contracts/loadContracts';
import { placeholderName } from '../src/contracts/paths';
import { isAnnotationKey } from '../src/core/odata';
import type { TypeDef } from '../src/contracts/typeRegistry';
import { isPrimitive, setSlot, typedSlots } from '../src/contracts/typedValues';
import { atOffset } from '../src/edm/dateTimeOffset';
import { describeSchemaErrors } from '../src/schema/describeErrors';
import { SchemaStore } from '../src/schema/schemaStore';
import type { Schema } from '../src/schema/buildSchemas';
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
import { conformingToAll } from './conformingBody';
import {
  documentedBody,
  documentedOperations,
  unionOf,
  documentedResponse,
  findDocumentedOperations,
  type DocumentedOperation,
} from './documentedResponses';
import { FAULTS } from './faults';
import { TOLERANCES } from './tolerances';
import {
  parseSwitchList,
  graphError,
  type Action,
  type Behaviour,
  type OutgoingResponse,
  type Resource,
  type ServerSwitch,
  type SwitchContext,
} from './switches';

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
  /** Creates answer `202 Accepted` with the new resource's `Location` and no body, as the documents show. */
  asyncCreate: boolean;
}

const segmentKey = (segments: readonly string[]) =>
  segments.map((segment) => (placeholderName(segment) !== undefined ? '{}' : segment.toLowerCase())).join('/');

/** A documented create: a POST on a collection path answered with one resource of a described type. */
function createdType(suite: Suite, example: ContractExample): TypeDef | undefined {
  const template = example.path.template;
  if (example.method !== 'POST' || example.unusable || !template || example.expected.expectError) return undefined;
  if (example.expected.body !== 'resource' && !isAsyncCreate(example)) return undefined;
  const segments = template.path.split('/').filter(Boolean);
  if (placeholderName(segments[segments.length - 1] ?? '') !== undefined) return undefined;
  const type = example.expected.type ? suite.registry.get(example.expected.type) : undefined;
  return type?.properties.size ? type : undefined;
}

/**
 * The collections the server keeps state for: those the documents show a create on, answered `201 Created`
 * or addressed item by item elsewhere (`…/{id}`). A POST answered `200` on a path nobody addresses items
 * under is an action that happens to return a resource (`assignLicense`): its documented response serves it.
 */
export function documentedCollections(suite: Suite): Collection[] {
  const templates = suite.examples.flatMap((example) =>
    example.path.template ? [example.path.template.path.split('/').filter(Boolean)] : [],
  );
  const itemParents = new Set(
    templates
      .filter((segments) => placeholderName(segments[segments.length - 1] ?? '') !== undefined)
      .map((segments) => segmentKey(segments.slice(0, -1))),
  );
  const collections = new Map<string, Collection>();
  for (const example of suite.examples) {
    const type = createdType(suite, example);
    if (!type) continue;
    const segments = example.path.template!.path.split('/').filter(Boolean);
    const key = segmentKey(segments);
    const status = example.expected.statuses[0] ?? 201;
    const asyncCreate = isAsyncCreate(example);
    if (collections.has(key) || (status !== 201 && !asyncCreate && !itemParents.has(key))) continue;
    collections.set(key, { segments, type, createStatus: status, updateStatus: 204, asyncCreate });
  }
  // Documented update statuses of the items of those collections.
  for (const example of suite.examples) {
    const template = example.path.template?.path.split('/').filter(Boolean);
    if (!template || example.unusable || !(example.method === 'PATCH' || example.method === 'PUT')) continue;
    if (placeholderName(template[template.length - 1] ?? '') === undefined) continue;
    const collection = collections.get(segmentKey(template.slice(0, -1)));
    const status = example.expected.statuses[0];
    if (collection && status && !example.expected.expectError) collection.updateStatus = status;
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
  /** Every documented request, for what the collections do not answer. */
  operations: Map<string, DocumentedOperation[]>;
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
  let body: Promise<string> | undefined;
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    path: decodeURIComponent(url.pathname),
    url,
    headers: request.headers,
    localPort: request.socket.localPort ?? 0,
    // Read once, whoever asks first: a request may be offered to more than one handler.
    body: () => (body ??= readBody(request)),
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
function readInput(served: Served, text: string, schema: Schema | undefined): { sent: Resource } | { rejected: OutgoingResponse } {
  const { behaviour, schemas } = served;
  const reject = (message: string) => (behaviour.acceptInvalidInput ? { sent: {} } : { rejected: graphError(400, 'BadRequest', message) });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return reject('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
  if (!isObject(body)) return reject('The request body must be a JSON object.');
  const result = schema ? schemas.validate(schema, body) : { valid: true as const };
  if (!result.valid && !behaviour.acceptInvalidInput)
    return reject(`Invalid request body: ${describeSchemaErrors(result.errors).join('; ')}`);
  return { sent: body };
}

/**
 * A new resource: every property of its type's table (null when neither sent nor documented), what the
 * documented create response shows, what was sent, a fresh id.
 */
function createResource(served: Served, sent: Resource, type: TypeDef, documented?: unknown): Resource {
  const resource: Resource = { '@odata.type': `#${type.fullName ?? `microsoft.graph.${type.name}`}`, id: randomUUID() };
  for (const name of type.tableProperties) {
    if (name === 'id') continue;
    const property = type.properties.get(name)!;
    resource[name] = property.type.collection && served.behaviour.unsentCollectionsEmpty ? [] : null;
  }
  const shown = isObject(documented) ? structuredClone(documented) : {};
  for (const [name, value] of Object.entries({ ...shown, ...sent })) if (!isAnnotationKey(name) && name !== 'id') resource[name] = value;
  normaliseDates(served, resource, type);
  return resource;
}

/** URLs of the addressed collection: its `@odata.context` and its location. */
function collectionUrls(served: Served, request: RequestInfo, route: Route) {
  return {
    odataContext: `${request.url.origin}${served.basePath}/$metadata#${route.collectionPath}`,
    collectionUrl: `${request.url.origin}${served.basePath}/${route.collectionPath}`,
  };
}

/** A copy of a stored resource with what a documented response shows of it and the store lacks. */
function withShown(resource: Resource, documented: unknown): Resource {
  const shown = isObject(documented) ? documented : {};
  const missing = Object.entries(shown).filter(([name]) => !isAnnotationKey(name) && !(name in resource));
  return { ...structuredClone(resource), ...structuredClone(Object.fromEntries(missing)) };
}

/** A stored resource as answered: with what the documented response of the same request shows and the store lacks. */
const represent = (odataContext: string, resource: Resource, documented?: unknown) => ({
  '@odata.context': `${odataContext}/$entity`,
  ...withShown(resource, documented),
});

/** The documented examples that send this request (a body already read is passed as `sent`). */
function documentedFor(
  served: Served,
  stores: Stores,
  segments: readonly string[],
  request: RequestInfo,
  sent?: unknown,
): DocumentedOperation[] {
  return findDocumentedOperations(served.operations, { method: request.method, segments, query: request.url.search, sent }, (path, index) =>
    knownId(served, stores, path, index),
  );
}

/** The documented body of the closest examples, corrected where it breaks the first one's tables (a copy). */
const conformedBody = (served: Served, operations: readonly DocumentedOperation[]) =>
  operations.length
    ? conform(
        served,
        operations.map((operation) => operation.example),
        documentedBody(operations),
      )
    : undefined;

const conform = (served: Served, examples: readonly ContractExample[], body: unknown) =>
  conformingToAll(examples, body, served.schemas, served.suite.registry);

/** A type the documents describe (one with properties), by name. */
function describedType(served: Served, name: string | undefined): TypeDef | undefined {
  const type = name ? served.suite.registry.get(name) : undefined;
  return type?.properties.size ? type : undefined;
}

/** The type a body names (`"@odata.type": "#microsoft.graph.fileAttachment"`), when the documents describe it. */
const namedType = (served: Served, body: unknown) =>
  describedType(served, isObject(body) && typeof body['@odata.type'] === 'string' ? body['@odata.type'].split('.').pop() : undefined);

const typeOf = (served: Served, example: ContractExample | undefined) => describedType(served, example?.expected.type);

/**
 * The documented examples that send a request, without those about another type than the stored resource's
 * (derived types share collections); examples that return no resource (a delete) all stay.
 */
function sameType(served: Served, operations: readonly DocumentedOperation[], resource: Resource): DocumentedOperation[] {
  const name = typeof resource['@odata.type'] === 'string' ? resource['@odata.type'].replace(/^#/, '').toLowerCase() : '';
  return operations.filter(({ example }) => {
    const type = typeOf(served, example);
    return !type || (type.fullName ?? `microsoft.graph.${type.name}`).toLowerCase() === name;
  });
}

/** GET (list) and POST (create) on a collection. */
async function handleCollection(served: Served, stores: Stores, route: Route, segments: string[], request: RequestInfo): Promise<Handled> {
  const { method } = request;
  const { collection, collectionPath } = route;
  const store = storeFor(stores, collectionPath);
  const { odataContext, collectionUrl } = collectionUrls(served, request, route);
  if (method === 'GET') {
    // Nothing stored yet: the list the documents show (a deployment is seldom empty). Else what is stored,
    // each item with what the documented list shows of its items and the store lacks.
    const documented = conformedBody(served, documentedFor(served, stores, segments, request));
    const shownItems = isObject(documented) && Array.isArray(documented.value) ? documented.value : [];
    const shown = shownItems.reduce<unknown>((union, item) => (union === undefined ? item : unionOf(union, item)), undefined);
    const body =
      !store.size && documented !== undefined
        ? documented
        : { '@odata.context': odataContext, value: [...store.values()].map((resource) => withShown(resource, shown)) };
    return { response: ok(200, body), context: { action: 'list', type: collection.type, collectionUrl } };
  }
  if (method !== 'POST') return failed(graphError(405, 'MethodNotAllowed', `${method} is not supported on ${collectionPath}.`));
  // The documented create this request performs decides the type (a collection may hold derived types) and the values shown.
  const text = await request.body();
  const parsed = parsedOrUndefined(text);
  const documented = documentedFor(served, stores, segments, request, parsed);
  const example = documented[0]?.example;
  const type = namedType(served, parsed) ?? typeOf(served, example) ?? collection.type;
  // A create the documents show sending nothing (`POST …/members` with the member in the URL), or no JSON
  // (`createForward` with a MIME message as text/plain), has no properties to take from the body.
  const sendsNothing = example !== undefined && example.body?.value === undefined && (!text.trim() || example.body !== undefined);
  const input = sendsNothing
    ? { sent: {} }
    : readInput(served, text, (example && served.schemas.exampleRequestSchema(example)) ?? served.schemas.requestSchema(type.name));
  if ('rejected' in input) return failed(input.rejected);
  const resource = createResource(served, input.sent, type, conformedBody(served, documented));
  // An id the client chose (domains, schema extensions) is kept, as the service keeps it.
  if (typeof input.sent.id === 'string' && input.sent.id && !store.has(input.sent.id)) resource.id = input.sent.id;
  store.set(String(resource.id), resource);
  const itemUrl = `${collectionUrl}/${String(resource.id)}`;
  // A create documented as completing later answers `202 Accepted`, no body, and where the resource will be.
  const response = collection.asyncCreate
    ? { status: 202, headers: { location: itemUrl } }
    : ok(collection.createStatus, represent(odataContext, resource));
  return {
    response,
    context: { action: 'create', type, sent: input.sent, collectionUrl, itemUrl },
  };
}

/** GET, DELETE, PATCH and PUT on one resource. */
async function handleItem(served: Served, stores: Stores, route: Route, segments: string[], request: RequestInfo): Promise<Handled> {
  const { method } = request;
  const { collection, collectionPath } = route;
  const { behaviour } = served;
  const store = storeFor(stores, collectionPath);
  const id = segments[segments.length - 1];
  const { odataContext, collectionUrl } = collectionUrls(served, request, route);
  const urls = { collectionUrl, itemUrl: `${collectionUrl}/${id}` };
  let resource = store.get(id);
  if (!resource && behaviour.unknownIdsFound && method !== 'DELETE') resource = { ...createResource(served, {}, collection.type), id };
  if (!resource) {
    if (behaviour.unknownIdsFound) return { response: ok(204), context: { action: 'delete', type: collection.type, ...urls } };
    return failed(graphError(404, 'ResourceNotFound', `No ${collection.type.name} with id '${id}' exists.`));
  }
  const type = namedType(served, resource) ?? collection.type;
  const text = SENDS_BODY.has(method) ? await request.body() : '';
  const documented = sameType(served, documentedFor(served, stores, segments, request, parsedOrUndefined(text)), resource);
  const shown = conformedBody(served, documented);
  switch (method) {
    case 'GET':
      return { response: ok(200, represent(odataContext, resource, shown)), context: { action: 'read', type, ...urls } };
    case 'DELETE': {
      store.delete(id);
      const status = documented[0]?.example.pair.response?.status ?? 204;
      return { response: ok(status, status === 204 ? undefined : shown), context: { action: 'delete', type, ...urls } };
    }
    case 'PATCH':
    case 'PUT': {
      const example = documented[0]?.example;
      const input = readInput(
        served,
        text,
        (example && served.schemas.exampleRequestSchema(example)) ?? served.schemas.requestSchema(type.name),
      );
      if ('rejected' in input) return failed(input.rejected);
      if (!behaviour.ignoreUpdates) {
        const changes = structuredClone(input.sent);
        normaliseDates(served, changes, type);
        for (const [name, value] of Object.entries(changes)) if (!isAnnotationKey(name) && name !== 'id') resource[name] = value;
        store.set(id, resource);
      }
      // The example that sends this update documents its status; else the collection's documented one.
      const status = example?.pair.response?.status ?? collection.updateStatus;
      const body = status === 204 ? undefined : represent(odataContext, resource, shown);
      return { response: ok(status, body), context: { action: 'update', type, sent: input.sent, ...urls } };
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

/** The store of the collection at a concrete path, without making one. */
function existingStore(stores: Stores, collectionPath: string): Map<string, Resource> | undefined {
  return stores.get(collectionPath.toLowerCase())?.items;
}

/** Is the segment at `index` an id of a resource the server holds (in the collection its prefix addresses)? */
function knownId(served: Served, stores: Stores, segments: readonly string[], index: number): boolean {
  const route = matchRoute(served.collections, segments.slice(0, index));
  return Boolean(route && !route.item && existingStore(stores, route.collectionPath)?.has(segments[index]));
}

/** What a documented response does, in the words switches and conditions understand. */
function documentedAction(example: ContractExample, status: number): Action {
  switch (example.method) {
    case 'GET':
      return example.expected.body === 'collection' ? 'list' : 'read';
    case 'POST':
      return status === 201 ? 'create' : 'action';
    case 'PATCH':
    case 'PUT':
      return 'update';
    case 'DELETE':
      return 'delete';
    default:
      return 'action';
  }
}

const SENDS_BODY = new Set(['POST', 'PATCH', 'PUT']);

function parsedOrUndefined(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A request the collections do not answer: the documented example that sends it gives the response. A
 * body that breaks the example's request types is refused as the service would (400), before matching.
 */
async function handleDocumented(served: Served, stores: Stores, segments: string[], request: RequestInfo): Promise<Handled | undefined> {
  const text = SENDS_BODY.has(request.method) ? await request.body() : '';
  const sent = parsedOrUndefined(text);
  const operations = documentedFor(served, stores, segments, request, sent);
  if (!operations.length) return undefined;
  const { example } = operations[0];
  if (isObject(example.body?.value)) {
    const input = readInput(served, text, served.schemas.exampleRequestSchema(example));
    if ('rejected' in input) return failed(input.rejected);
  }
  const response = documentedResponse(operations, sent, (examples, body) => conform(served, examples, body));
  const type = example.expected.type ? served.suite.registry.get(example.expected.type) : undefined;
  return {
    response,
    context: { action: documentedAction(example, response.status), ...(type && { type }), ...(sent !== undefined && { sent }) },
  };
}

const notFound = (segments: readonly string[]) =>
  failed(graphError(404, 'ResourceNotFound', `Resource not found for the segment '${segments[segments.length - 1] ?? ''}'.`));

/**
 * An API request: base path and token; then the stateful collection it addresses (an item the server
 * holds, or the collection itself); else the documented response of the example that sends it; else
 * the collection's own answer for an unknown item (404), or 404.
 */
async function handleApi(served: Served, stores: Stores, hooks: readonly ConditionHooks[], request: RequestInfo): Promise<Handled> {
  const { path } = request;
  if (!path.toLowerCase().startsWith(`${served.base}/`))
    return failed(graphError(404, 'ResourceNotFound', `Not under ${served.basePath}: ${path}`));
  const segments = path.slice(served.base.length).split('/').filter(Boolean);
  const refused = refuseUnauthorised(served, hooks, request);
  if (refused) return failed(refused);
  const route = matchRoute(served.collections, segments);
  if (route && !route.item) return handleCollection(served, stores, route, segments, request);
  if (route && existingStore(stores, route.collectionPath)?.has(segments[segments.length - 1]))
    return handleItem(served, stores, route, segments, request);
  const documented = await handleDocumented(served, stores, segments, request);
  if (documented) return documented;
  return route ? handleItem(served, stores, route, segments, request) : notFound(segments);
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
    operations: documentedOperations(suite.examples),
    servedTypes: collections.map((collection) => collection.type),
    behaviour: switches.reduce<Behaviour>((merged, entry) => ({ ...merged, ...entry.behaviour }), { ...DEFAULT_BEHAVIOUR }),
    basePath,
    base: basePath.replace(/\/+$/, '').toLowerCase(),
  };
  const stores: Stores = new Map();
  const storesBySwitches = new Map<string, Stores>([['', stores]]);
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
    // TEMPORARY (replaced by the server-rooms branch): switches chosen per request.
    const header = process.env.REFERENCE_SWITCH_HEADER === '1' ? String(request.headers['x-reference-switches'] ?? '') : '';
    const extra = header ? parseSwitchList(header, [...FAULTS, ...TOLERANCES], 'x-reference-switches') : [];
    const now = extra.length
      ? { ...served, behaviour: extra.reduce<Behaviour>((m, e) => ({ ...m, ...e.behaviour }), { ...served.behaviour }) }
      : served;
    let storesNow = storesBySwitches.get(header);
    if (!storesNow) storesBySwitches.set(header, (storesNow = new Map() as Stores));
    const early = hooks.map((hook) => hook.before?.(request)).find(Boolean);
    const handled = early ? failed(early) : await handleApi(now, storesNow, hooks, request);
    applySwitches(now, [...switches, ...extra], handled);
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
