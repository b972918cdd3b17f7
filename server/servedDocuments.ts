/**
 * What a reference server is built from, fixed for its lifetime: the pages' contracts and types, their
 * schemas, the collections it keeps state for, every documented request indexed for matching, and the
 * path it serves them under.
 */
import type { ContractExample } from '../src/contracts/contractExample';
import type { Suite } from '../src/contracts/loadContracts';
import type { TypeDef, TypeRegistry } from '../src/contracts/typeRegistry';
import { isObject } from '../src/core/json';
import { SchemaStore } from '../src/schema/schemaStore';
import { documentedCollections, type Collection } from './collections';
import { conformingToAll } from './conformingBody';
import { documentedOperations, type DocumentedOperation } from './documentedResponses';

export class ServedDocuments {
  readonly registry: TypeRegistry;
  readonly schemas: SchemaStore;
  readonly collections: Collection[];
  /** Every documented request, for what the collections do not answer. */
  readonly operations: Map<string, DocumentedOperation[]>;
  /** The resource types of the collections (faults may need "another" type). */
  readonly servedTypes: TypeDef[];
  /** Without a trailing slash and lowercased: used to match request paths. */
  private readonly base: string;

  constructor(
    readonly suite: Suite,
    /** As given, e.g. `/beta`: used in the URLs the server writes. */
    readonly basePath: string,
  ) {
    this.registry = suite.registry;
    this.schemas = new SchemaStore(suite.registry);
    this.collections = documentedCollections(suite);
    this.operations = documentedOperations(suite.examples);
    this.servedTypes = this.collections.map((collection) => collection.type);
    this.base = basePath.replace(/\/+$/, '').toLowerCase();
  }

  /** The segments of a request path below the base path; undefined for a path not under it. */
  segmentsBelowBase(path: string): string[] | undefined {
    if (!path.toLowerCase().startsWith(`${this.base}/`)) return undefined;
    return path.slice(this.base.length).split('/').filter(Boolean);
  }

  /** Is this the service root (`/beta`, `/beta/`)? */
  isServiceRoot(path: string): boolean {
    return path.replace(/\/+$/, '').toLowerCase() === this.base;
  }

  /** A type the documents describe (one with properties), by name. */
  describedType(name: string | undefined): TypeDef | undefined {
    const type = name ? this.registry.get(name) : undefined;
    return type?.properties.size ? type : undefined;
  }

  /** The type a body names (`"@odata.type": "#microsoft.graph.fileAttachment"`), when the documents describe it. */
  namedType(body: unknown): TypeDef | undefined {
    return this.describedType(isObject(body) && typeof body['@odata.type'] === 'string' ? body['@odata.type'].split('.').pop() : undefined);
  }

  /** The described type an example answers with. */
  typeOf(example: ContractExample | undefined): TypeDef | undefined {
    return this.describedType(example?.expected.type);
  }

  /** A documented body corrected where it breaks the tables of each example that shows it (a copy). */
  conform(examples: readonly ContractExample[], body: unknown): unknown {
    return conformingToAll(examples, body, this.schemas, this.registry);
  }
}
