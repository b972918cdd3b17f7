/**
 * One Ajv instance per suite. Type schemas are added on first reference and every validator is
 * compiled once (Ajv caches by `$id`), so a run of one page does not pay for the whole corpus.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import type { Contract, ContractExample } from '../contracts/contractExample';
import { requestBodyTypeName, type TypeRegistry } from '../contracts/typeRegistry';
import { addEdmFormats } from './edmFormats';
import {
  buildBodyTableSchema,
  buildRequestSchema,
  buildResponseSchema,
  buildTypeSchema,
  EDM_KEYWORD,
  OWNER_KEYWORD,
  referencedIds,
  typeSchemaId,
  withContentId,
  type Schema,
} from './buildSchemas';
import { readSchemaErrors, type SchemaError } from './schemaErrors';

export function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    allowUnionTypes: true,
    // Our schemas put `required` beside `allOf` and `minimum` beside union types on purpose.
    strictRequired: false,
    strictTypes: false,
  });
  ajv.addVocabulary([EDM_KEYWORD, OWNER_KEYWORD]);
  return addEdmFormats(ajv);
}

/** A value held to a schema: valid, or the typed errors that say what is wrong where. */
export type Validation = { valid: true } | { valid: false; errors: SchemaError[] };

export class SchemaStore {
  private readonly ajv = createAjv();
  private readonly typeIds: Map<string, string>;
  private readonly added = new Set<string>();

  constructor(private readonly registry: TypeRegistry) {
    this.typeIds = new Map(registry.all().map((def) => [typeSchemaId(def.key), def.key]));
  }

  /** Adds (not compiles) a schema and, first, every type schema it refers to. */
  private add(schema: Schema): void {
    const id = schema.$id as string;
    if (this.added.has(id)) return;
    this.added.add(id);
    for (const ref of referencedIds(schema)) {
      const key = this.typeIds.get(ref);
      if (key !== undefined) this.add(buildTypeSchema(this.registry.get(key)!, this.registry));
    }
    this.ajv.addSchema(schema);
  }

  /** The compiled validator for a schema with an `$id`, compiling it on first use. */
  validator(schema: Schema): ValidateFunction {
    this.add(schema);
    return this.ajv.getSchema(schema.$id as string)!;
  }

  validate(schema: Schema, value: unknown): Validation {
    const validate = this.validator(schema);
    return validate(value) ? { valid: true } : { valid: false, errors: readSchemaErrors(validate.errors ?? []) };
  }

  responseSchema(example: Contract): Schema | undefined {
    return buildResponseSchema(example, this.registry);
  }

  /**
   * The schema a documented example's request body is held to: its type's and its page's request-body
   * table's (an action's parameters), both; the negative tests break the table, the server refuses by it.
   */
  exampleRequestSchema(example: ContractExample): Schema | undefined {
    const typeName = requestBodyTypeName(example.page) ?? example.expected.type;
    const rows = example.page.propertyTables.filter((table) => table.role === 'request-body').flatMap((table) => table.rows);
    const parts = [typeName ? this.requestSchema(typeName) : undefined, buildBodyTableSchema(rows, this.registry)]
      .filter((part): part is Schema => part !== undefined)
      .map(({ $id: _id, ...part }) => part);
    if (!parts.length) return undefined;
    return withContentId(parts.length === 1 ? parts[0] : { type: 'object', allOf: parts });
  }

  requestSchema(typeName: string): Schema | undefined {
    const def = this.registry.get(typeName);
    return def?.properties.size ? buildRequestSchema(def) : undefined;
  }
}
