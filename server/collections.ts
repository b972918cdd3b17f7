/**
 * The collections the reference server keeps state for, found in the documents, and which of them a
 * request path addresses.
 */
import type { ContractExample } from '../src/contracts/contractExample';
import { collectionKey, createsIn, isAsyncCreate, type Suite } from '../src/contracts/loadContracts';
import { placeholderName } from '../src/contracts/paths';
import type { TypeDef } from '../src/contracts/typeRegistry';

export interface Collection {
  /** Template segments, placeholders included, e.g. `Security`, `ipSecurityProfiles`. */
  segments: string[];
  type: TypeDef;
  createStatus: number;
  updateStatus: number;
  /** Creates answer `202 Accepted` with the new resource's `Location` and no body, as the documents show. */
  asyncCreate: boolean;
}

/** A documented collection found at a concrete request path. */
export interface Route {
  collection: Collection;
  /** True when the path addresses one resource (`…/{id}`). */
  item: boolean;
  /** The concrete collection path, e.g. `Security/ipSecurityProfiles`. */
  collectionPath: string;
}

/** A documented create: a POST on a collection path answered with one resource of a described type. */
function createdType(suite: Suite, example: ContractExample): TypeDef | undefined {
  if (createsIn(example) === undefined || example.expected.expectError) return undefined;
  const segments = example.path.template!.path.split('/').filter(Boolean);
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
      .map((segments) => collectionKey(segments.slice(0, -1))),
  );
  const collections = new Map<string, Collection>();
  for (const example of suite.examples) {
    const type = createdType(suite, example);
    if (!type) continue;
    const segments = example.path.template!.path.split('/').filter(Boolean);
    const key = collectionKey(segments);
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
    const collection = collections.get(collectionKey(template.slice(0, -1)));
    const status = example.expected.statuses[0];
    if (collection && status && !example.expected.expectError) collection.updateStatus = status;
  }
  return [...collections.values()];
}

/** The documented collection a path (below the base path, split in segments) addresses, if any. */
export function matchRoute(collections: readonly Collection[], segments: readonly string[]): Route | undefined {
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
