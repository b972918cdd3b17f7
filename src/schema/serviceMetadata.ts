/**
 * The service's own description (its CSDL `$metadata`) as the suite's third witness, for one run: what a
 * documented path resolves to, what the metadata declares at a place in a body, a body held to the
 * declared type, an example's request body held to what its path takes, the revisions (deprecation,
 * retirement) along a path. Resolutions are kept per path; schemas are compiled once per type.
 */
import type { Contract, ContractExample } from '../contracts/contractExample';
import { findStructuredType } from '../metadata/lookup';
import type { MetadataModel, StructuralProperty, TypeUse } from '../metadata/model';
import { readMetadata, type MetadataSource } from '../metadata/readMetadata';
import { resolvePath, type PathResolution } from '../metadata/resolvePath';
import { revisionStatus, type RevisionStatus } from '../metadata/revisions';
import { metadataSchemaStore } from './metadataSchemas';
import type { SchemaError } from './schemaErrors';

/** Where the metadata of a run came from, for the report: `GET https://host/beta/$metadata (1.4 MB, sha256 …)`. */
export interface MetadataOrigin {
  source: string;
  bytes: number;
  sha256: string;
}

export class ServiceMetadata {
  private readonly resolutions = new Map<string, PathResolution>();

  constructor(
    readonly model: MetadataModel,
    readonly origin?: MetadataOrigin,
  ) {}

  static read(texts: readonly MetadataSource[], origin?: MetadataOrigin): ServiceMetadata {
    return new ServiceMetadata(readMetadata(texts), origin);
  }

  /** The documented path a contract calls, as the metadata resolves it (its template, else the example's own path). */
  resolve(contract: Pick<Contract, 'path'>): PathResolution {
    const path = contract.path.template?.path ?? `/${contract.path.segments.join('/')}`;
    let resolution = this.resolutions.get(path);
    if (!resolution) this.resolutions.set(path, (resolution = resolvePath(this.model, path)));
    return resolution;
  }

  /** A value declared as `use`, held to the metadata: its typed errors, none when it keeps it. */
  errors(use: TypeUse, value: unknown): SchemaError[] {
    const result = metadataSchemaStore(this.model).validate(use, value);
    return result.valid ? [] : result.errors;
  }

  /** What an example's request body breaks of what its path takes (an action's parameters, the collection's type). */
  requestErrors(example: Pick<ContractExample, 'method' | 'path' | 'page' | 'body'>): SchemaError[] {
    return metadataSchemaStore(this.model).requestErrors(example);
  }

  /**
   * What the metadata declares at a JSON pointer of a body of type `use` (`/ipReferenceData/0/asn` →
   * `Edm.Int64`), when it declares anything there; inheritance flattened, array indices stepped over.
   */
  declaredAt(use: TypeUse, pointer: string): TypeUse | undefined {
    let current: TypeUse | undefined = use;
    for (const part of pointer.split('/').slice(1)) {
      if (!current) return undefined;
      if (current.collection && /^\d+$/.test(part)) {
        current = { ...current, collection: false };
        continue;
      }
      const name = part.replace(/~1/g, '/').replace(/~0/g, '~');
      const properties: StructuralProperty[] = [...(findStructuredType(this.model, current.type)?.properties.values() ?? [])];
      const property = properties.find((p) => p.name.toLowerCase() === name.toLowerCase());
      current = property && { type: property.type, collection: property.collection };
    }
    return current;
  }

  /** The deprecation or retirement of what a contract calls, on `today` (YYYY-MM-DD). */
  revision(contract: Pick<Contract, 'path'>, today: string): RevisionStatus | undefined {
    const resolved = this.resolve(contract);
    if (!resolved.resolved) return undefined;
    const status = revisionStatus(resolved.revisions, today);
    return status.deprecated || status.retired ? status : undefined;
  }
}
