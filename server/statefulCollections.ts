/**
 * The collections the documents create in keep state: list and create on the collection; read, update
 * and delete on a resource it holds. Input is held to the documented types (400 otherwise), dates are
 * normalised to UTC as the service does, and what the documented response of the same request shows
 * (and the store lacks) is added to the answer.
 */
import { randomUUID } from 'node:crypto';
import { isPrimitive, setSlot, typedSlots } from '../src/contracts/typedValues';
import type { TypeDef } from '../src/contracts/typeRegistry';
import { isObject } from '../src/core/json';
import { isAnnotationKey } from '../src/core/odata';
import { atOffset } from '../src/edm/dateTimeOffset';
import type { Route } from './collections';
import type { DocumentedAnswers } from './documentedAnswers';
import { unionOf, type DocumentedOperation } from './documentedResponses';
import { failed, graphError, jsonResponse, type Answer, type RequestInfo } from './http';
import { parsedOrUndefined, SENDS_BODY } from './requestInput';
import type { ServedDocuments } from './servedDocuments';
import type { Resource, ResourceStore } from './store';
import type { Behaviour } from './switches';

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

export class StatefulCollections {
  constructor(
    private readonly documents: ServedDocuments,
    private readonly store: ResourceStore,
    private readonly behaviour: Behaviour,
    /** The documented examples of the same requests: what they show fills in the answers. */
    private readonly documented: DocumentedAnswers,
  ) {}

  /** Does the store hold the resource an item path (`…/{id}`) addresses? */
  holds(route: Route, segments: readonly string[]): boolean {
    return this.store.holds(route.collectionPath, segments[segments.length - 1]);
  }

  /** GET (list) and POST (create) on a collection. */
  async answerCollection(route: Route, segments: string[], request: RequestInfo): Promise<Answer> {
    const { method } = request;
    const { collection, collectionPath } = route;
    const store = this.store.itemsOf(collectionPath);
    const { odataContext, collectionUrl } = this.collectionUrls(request, route);
    if (method === 'GET') {
      // Nothing stored yet: the list the documents show (a deployment is seldom empty). Else what is stored,
      // each item with what the documented list shows of its items and the store lacks.
      const documented = this.documented.conformedBody(this.documented.find(segments, request));
      const shownItems = isObject(documented) && Array.isArray(documented.value) ? documented.value : [];
      const shown = shownItems.reduce<unknown>((union, item) => (union === undefined ? item : unionOf(union, item)), undefined);
      const body =
        !store.size && documented !== undefined
          ? documented
          : { '@odata.context': odataContext, value: [...store.values()].map((resource) => withShown(resource, shown)) };
      return { response: jsonResponse(200, body), context: { action: 'list', type: collection.type, collectionUrl } };
    }
    if (method !== 'POST') return failed(graphError(405, 'MethodNotAllowed', `${method} is not supported on ${collectionPath}.`));
    // The documented create this request performs decides the type (a collection may hold derived types) and the values shown.
    const text = await request.body();
    const parsed = parsedOrUndefined(text);
    const documented = this.documented.find(segments, request, parsed);
    const example = documented[0]?.example;
    const type = this.documents.namedType(parsed) ?? this.documents.typeOf(example) ?? collection.type;
    // A create the documents show sending nothing (`POST …/members` with the member in the URL), or no JSON
    // (`createForward` with a MIME message as text/plain), has no properties to take from the body.
    const sendsNothing = example !== undefined && example.body?.value === undefined && (!text.trim() || example.body !== undefined);
    const input = sendsNothing
      ? { sent: {} }
      : this.documented.readInput(
          parsed,
          (example && this.documents.schemas.exampleRequestSchema(example)) ?? this.documents.schemas.requestSchema(type.name),
        );
    if ('rejected' in input) return failed(input.rejected);
    const resource = this.createResource(input.sent, type, this.documented.conformedBody(documented));
    // An id the client chose (domains, schema extensions) is kept, as the service keeps it.
    if (typeof input.sent.id === 'string' && input.sent.id && !store.has(input.sent.id)) resource.id = input.sent.id;
    store.set(String(resource.id), resource);
    const itemUrl = `${collectionUrl}/${String(resource.id)}`;
    // A create documented as completing later answers `202 Accepted`, no body, and where the resource will be.
    const response = collection.asyncCreate
      ? { status: 202, headers: { location: itemUrl } }
      : jsonResponse(collection.createStatus, represent(odataContext, resource));
    return { response, context: { action: 'create', type, sent: input.sent, collectionUrl, itemUrl } };
  }

  /** GET, DELETE, PATCH and PUT on one resource (an id the store lacks: 404, unless a switch finds every id). */
  async answerItem(route: Route, segments: string[], request: RequestInfo): Promise<Answer> {
    const { method } = request;
    const { collection, collectionPath } = route;
    const store = this.store.itemsOf(collectionPath);
    const id = segments[segments.length - 1];
    const { odataContext, collectionUrl } = this.collectionUrls(request, route);
    const urls = { collectionUrl, itemUrl: `${collectionUrl}/${id}` };
    let resource = store.get(id);
    if (!resource && this.behaviour.unknownIdsFound && method !== 'DELETE') resource = { ...this.createResource({}, collection.type), id };
    if (!resource) {
      if (this.behaviour.unknownIdsFound)
        return { response: jsonResponse(204), context: { action: 'delete', type: collection.type, ...urls } };
      return failed(graphError(404, 'ResourceNotFound', `No ${collection.type.name} with id '${id}' exists.`));
    }
    const type = this.documents.namedType(resource) ?? collection.type;
    const text = SENDS_BODY.has(method) ? await request.body() : '';
    const sent = parsedOrUndefined(text);
    const documented = this.sameType(this.documented.find(segments, request, sent), resource);
    const shown = this.documented.conformedBody(documented);
    switch (method) {
      case 'GET':
        return { response: jsonResponse(200, represent(odataContext, resource, shown)), context: { action: 'read', type, ...urls } };
      case 'DELETE': {
        store.delete(id);
        const status = documented[0]?.example.pair.response?.status ?? 204;
        return { response: jsonResponse(status, status === 204 ? undefined : shown), context: { action: 'delete', type, ...urls } };
      }
      case 'PATCH':
      case 'PUT': {
        const example = documented[0]?.example;
        const input = this.documented.readInput(
          sent,
          (example && this.documents.schemas.exampleRequestSchema(example)) ?? this.documents.schemas.requestSchema(type.name),
        );
        if ('rejected' in input) return failed(input.rejected);
        if (!this.behaviour.ignoreUpdates) {
          const changes = structuredClone(input.sent);
          this.normaliseDates(changes, type);
          for (const [name, value] of Object.entries(changes)) if (!isAnnotationKey(name) && name !== 'id') resource[name] = value;
          store.set(id, resource);
        }
        // The example that sends this update documents its status; else the collection's documented one.
        const status = example?.pair.response?.status ?? collection.updateStatus;
        const body = status === 204 ? undefined : represent(odataContext, resource, shown);
        return { response: jsonResponse(status, body), context: { action: 'update', type, sent: input.sent, ...urls } };
      }
      default:
        return failed(graphError(405, 'MethodNotAllowed', `${method} is not supported on ${collectionPath}/{id}.`));
    }
  }

  /**
   * A new resource: every property of its type's table (null when neither sent nor documented), what the
   * documented create response shows, what was sent, a fresh id.
   */
  private createResource(sent: Resource, type: TypeDef, documented?: unknown): Resource {
    const resource: Resource = { '@odata.type': `#${type.fullName ?? `microsoft.graph.${type.name}`}`, id: randomUUID() };
    for (const name of type.tableProperties) {
      if (name === 'id') continue;
      const property = type.properties.get(name)!;
      resource[name] = property.type.collection && this.behaviour.unsentCollectionsEmpty ? [] : null;
    }
    const shown = isObject(documented) ? structuredClone(documented) : {};
    for (const [name, value] of Object.entries({ ...shown, ...sent })) if (!isAnnotationKey(name) && name !== 'id') resource[name] = value;
    this.normaliseDates(resource, type);
    return resource;
  }

  private normaliseDates(resource: Resource, type: TypeDef): void {
    if (this.behaviour.keepDateOffsets) return;
    for (const slot of typedSlots(resource, type.name, this.documents.registry)) {
      if (isPrimitive(slot.type, 'DateTimeOffset') && !slot.type.collection && typeof slot.value === 'string')
        setSlot(slot, atOffset(slot.value));
    }
  }

  /** URLs of the addressed collection: its `@odata.context` and its location. */
  private collectionUrls(request: RequestInfo, route: Route) {
    const { basePath } = this.documents;
    return {
      odataContext: `${request.url.origin}${basePath}/$metadata#${route.collectionPath}`,
      collectionUrl: `${request.url.origin}${basePath}/${route.collectionPath}`,
    };
  }

  /**
   * The documented examples that send a request, without those about another type than the stored resource's
   * (derived types share collections); examples that return no resource (a delete) all stay.
   */
  private sameType(operations: readonly DocumentedOperation[], resource: Resource): DocumentedOperation[] {
    const name = typeof resource['@odata.type'] === 'string' ? resource['@odata.type'].replace(/^#/, '').toLowerCase() : '';
    return operations.filter(({ example }) => {
      const type = this.documents.typeOf(example);
      return !type || (type.fullName ?? `microsoft.graph.${type.name}`).toLowerCase() === name;
    });
  }
}
