/**
 * The resources a reference server holds, in memory: one map of resources by id per concrete collection
 * path (`Security/ipSecurityProfiles`, `users/{id}/events` with the id filled in), matched without case
 * as the service matches paths.
 */

/** A resource as stored and answered: a JSON object. */
export interface Resource {
  [property: string]: unknown;
}

export class ResourceStore {
  /** By collection path, lowercased: the path as first addressed, and the resources by id. */
  private readonly collections = new Map<string, { path: string; items: Map<string, Resource> }>();

  /** The resources of the collection at a concrete path (an empty collection the first time). */
  itemsOf(collectionPath: string): Map<string, Resource> {
    const key = collectionPath.toLowerCase();
    const collection = this.collections.get(key) ?? { path: collectionPath, items: new Map<string, Resource>() };
    this.collections.set(key, collection);
    return collection.items;
  }

  /** Does the collection at a concrete path hold a resource with this id? */
  holds(collectionPath: string, id: string): boolean {
    return this.collections.get(collectionPath.toLowerCase())?.items.has(id) ?? false;
  }

  /** Absolute URLs of every resource held, e.g. for the `stateful-leftovers` listing. */
  urls(origin: string, basePath: string): string[] {
    return [...this.collections.values()].flatMap(({ path, items }) => [...items.keys()].map((id) => `${origin}${basePath}/${path}/${id}`));
  }
}
