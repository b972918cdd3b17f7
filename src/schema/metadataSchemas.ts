/**
 * JSON Schemas from the service's metadata, for holding a body to what the service declares: every
 * declared property of its Edm type (the same Edm formats and ranges as the pages' schemas), enum values
 * as members (flags: comma-separated), `Nullable="false"` forbidding null, collections as arrays,
 * nested structured values by their declared type or a type derived from it that their `@odata.type`
 * names. The metadata says nothing of which properties a response carries: nothing is required.
 *
 * "Extra property": a property that neither the type, nor the derived type its `@odata.type` names,
 * declares, structural or navigation (an expanded navigation property is declared), where the type is
 * not open. Annotations (`@odata.context`, `name@odata.type`, any key with an `@`) are never extra.
 * A collection may be `null` (CSDL's Nullable on a collection speaks of its items).
 *
 * Each structured type is one schema, compiled once (by `$id`) on first use; a nested structured value
 * is held to its type through the `x-metadata-value` keyword, which picks the derived type at run time,
 * so that a schema never pulls in every type of a large model.
 */
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createHash } from 'node:crypto';
import { isObject } from '../core/json';
import { odataTypeOf, unqualifiedName } from '../core/odata';
import { canonicalPrimitive } from '../edm/primitives';
import type { ContractExample } from '../contracts/contractExample';
import { requestBodyTypeName } from '../contracts/typeRegistry';
import { derivesFrom, findPageType, findStructuredType, findType } from '../metadata/lookup';
import type { MetadataModel, Operation, StructuredType, TypeUse } from '../metadata/model';
import { resolvePath } from '../metadata/resolvePath';
import { EDM_KEYWORD, enumSchema, OWNER_KEYWORD, primitiveSchema, type Schema } from './buildSchemas';
import { readSchemaErrors, type SchemaError, type TypedParams } from './schemaErrors';
import { createAjv, type Validation } from './schemaStore';

/** On a schema: the qualified type a JSON object there is declared as (its `@odata.type` may name a derived one). */
export const METADATA_VALUE_KEYWORD = 'x-metadata-value';

const BASE = 'urn:graph-doc-contracts:metadata';
export const metadataTypeId = (qualifiedName: string) => `${BASE}:type:${encodeURIComponent(qualifiedName.toLowerCase())}`;

/** An object key that is an annotation, never a property: `@odata.type`, `manager@odata.navigationLink`. */
const ANNOTATION_KEY = '@';

/** `Edm.Int32` → `Int32`, `microsoft.graph.logonType` → `logonType`, collections as the pages write them. */
export function metadataLabel(use: TypeUse): string {
  const name = use.type.startsWith('Edm.') ? use.type.slice(4) : unqualifiedName(use.type);
  return use.collection ? `${name} collection` : name;
}

function withNull(type: string, nullable: boolean): string | string[] {
  return nullable ? [type, 'null'] : type;
}

/** The schema of one (non-collection) value of a type. */
function elementSchema(model: MetadataModel, type: string, nullable: boolean): Schema {
  if (type.startsWith('Edm.')) {
    const primitive = canonicalPrimitive(type);
    if (primitive && primitive.toLowerCase() === type.slice(4).toLowerCase()) return primitiveSchema(primitive, nullable);
    // GeoJSON objects for the spatial types; nothing to hold Edm.Untyped and the abstract types to.
    return /^Edm\.(Geography|Geometry)/.test(type) ? { type: withNull('object', nullable) } : {};
  }
  const declared = findType(model, type);
  if (!declared) return {};
  switch (declared.kind) {
    case 'definition':
      return elementSchema(model, declared.underlyingType, nullable);
    case 'enum':
      return enumSchema(
        declared.members.map((member) => member.name),
        declared.isFlags,
        nullable,
      );
    default:
      // A complex type that declares nothing, and has no base or derived type to say more (Graph's `Json`): any value.
      if (
        declared.kind === 'complex' &&
        !declared.properties.size &&
        !declared.navigationProperties.size &&
        !declared.baseType &&
        !declared.derivedTypes.length
      )
        return {};
      return { type: withNull('object', nullable), [METADATA_VALUE_KEYWORD]: declared.qualifiedName };
  }
}

/** The schema of a property (parameter, body) of a declared type; `owner` names the type that declares it. */
export function metadataUseSchema(model: MetadataModel, use: TypeUse, nullable: boolean, owner?: string): Schema {
  const held = owner === undefined ? {} : { [OWNER_KEYWORD]: owner };
  if (!use.collection) return { [EDM_KEYWORD]: metadataLabel(use), ...held, ...elementSchema(model, use.type, nullable) };
  return {
    [EDM_KEYWORD]: metadataLabel(use),
    ...held,
    type: ['array', 'null'],
    items: { [EDM_KEYWORD]: metadataLabel({ ...use, collection: false }), ...held, ...elementSchema(model, use.type, nullable) },
  };
}

function objectSchema(id: string, label: string, properties: Record<string, Schema>, open: boolean): Schema {
  return {
    $id: id,
    [EDM_KEYWORD]: label,
    type: 'object',
    properties,
    ...(open ? {} : { patternProperties: { [ANNOTATION_KEY]: {} }, additionalProperties: false }),
  };
}

/** The schema of exactly one structured type (derived types are the keyword's business): declared properties, typed. */
export function buildMetadataSchema(model: MetadataModel, qualifiedTypeName: string): Schema | undefined {
  const type = findStructuredType(model, qualifiedTypeName);
  if (!type) return undefined;
  const properties: Record<string, Schema> = {};
  for (const property of type.properties.values()) {
    properties[property.name] = metadataUseSchema(model, property, property.nullable, unqualifiedName(property.declaredBy));
  }
  for (const navigation of type.navigationProperties.values()) {
    properties[navigation.name] = metadataUseSchema(model, navigation, navigation.nullable, unqualifiedName(navigation.declaredBy));
  }
  return objectSchema(metadataTypeId(type.qualifiedName), type.name, properties, type.openType);
}

/** `^[cC][oO][mM]…$`: a name matched whatever its case (Ajv's patterns take no flags). */
const anyCase = (name: string) =>
  `^${[...name].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('')}$`;

/**
 * What an action's request body may hold: its parameters (the binding parameter aside), each of its type.
 * Named in any case, as the service reads them (`Comment` for `comment`).
 */
export function buildParametersSchema(model: MetadataModel, operation: Operation): Schema {
  const parameters: Record<string, Schema> = { [ANNOTATION_KEY]: {} };
  for (const parameter of operation.parameters)
    parameters[anyCase(parameter.name)] = metadataUseSchema(model, parameter, parameter.nullable, operation.name);
  const signature = [operation.binding, ...operation.parameters].map((p) => (p ? `${p.collection ? 'C:' : ''}${p.type}` : '')).join(',');
  const digest = createHash('sha1').update(`${operation.qualifiedName}(${signature})`).digest('hex');
  return {
    $id: `${BASE}:parameters:${digest}`,
    [EDM_KEYWORD]: operation.name,
    type: 'object',
    patternProperties: parameters,
    additionalProperties: false,
  };
}

/** What a request body is held to: a resource of a type, or an action's parameters. */
export type RequestBodyTarget =
  { kind: 'type'; type: string; element: string } | { kind: 'parameters'; operation: Operation; element: string };

/**
 * The metadata's word on what an example's request body is: the parameters of the action its path calls,
 * the entity type of the collection it POSTs to, the type of the resource it PATCHes or PUTs; else the
 * type the page says the body represents, found by name. Undefined when the metadata says nothing (a
 * `$ref`, an unresolved path on a page naming no type).
 */
export function requestBodyTarget(
  example: Pick<ContractExample, 'method' | 'path' | 'page'>,
  model: MetadataModel,
): RequestBodyTarget | undefined {
  const resolution = resolvePath(model, example.path.segments);
  const method = example.method.toUpperCase();
  if (resolution.resolved) {
    const { addresses, operation, type } = resolution;
    if (addresses === 'reference') return undefined;
    if (addresses === 'operation' && operation?.kind === 'action')
      return { kind: 'parameters', operation, element: operation.qualifiedName };
    if (type && method === 'POST' && addresses === 'collection') return { kind: 'type', type, element: type };
    if (type && (method === 'PATCH' || method === 'PUT') && (addresses === 'entity' || addresses === 'complex'))
      return { kind: 'type', type, element: type };
  }
  const named = requestBodyTypeName(example.page);
  const found = named ? findPageType(model, named, example.page.namespace) : undefined;
  return found && (found.type.kind === 'entity' || found.type.kind === 'complex')
    ? { kind: 'type', type: found.type.qualifiedName, element: found.type.qualifiedName }
    : undefined;
}

/** One Ajv per model: the metadata's type schemas, each compiled once, on first use. */
export class MetadataSchemaStore {
  private readonly ajv: Ajv;

  constructor(readonly model: MetadataModel) {
    this.ajv = createAjv();
    const validateValue = Object.assign(
      (declared: string, data: unknown, _schema?: unknown, context?: { instancePath: string }): boolean => {
        if (!isObject(data)) return true; // Not an object: the sibling `type` keyword says so.
        const at = context?.instancePath ?? '';
        const errors = this.objectErrors(declared, data).map((error) => ({ ...error, pointer: at + error.pointer }));
        validateValue.errors = errors.map((error) => ({
          keyword: METADATA_VALUE_KEYWORD,
          instancePath: error.pointer,
          params: { error } satisfies TypedParams,
        }));
        return errors.length === 0;
      },
      { errors: [] as Partial<ErrorObject>[] },
    );
    this.ajv.addKeyword({ keyword: METADATA_VALUE_KEYWORD, schemaType: 'string', errors: true, validate: validateValue });
  }

  /** The compiled validator of a schema with an `$id`, compiled on first use. */
  private compiled(schema: Schema): ValidateFunction {
    const id = schema.$id as string;
    const known = this.ajv.getSchema(id);
    if (known) return known;
    this.ajv.addSchema(schema);
    return this.ajv.getSchema(id)!;
  }

  private readonly byType = new Map<string, ValidateFunction>();

  /** The validator of exactly one structured type (its schema built and compiled once). */
  private typeValidator(qualifiedName: string): ValidateFunction {
    let validate = this.byType.get(qualifiedName);
    if (!validate) this.byType.set(qualifiedName, (validate = this.compiled(buildMetadataSchema(this.model, qualifiedName)!)));
    return validate;
  }

  /** The errors of an object declared as `declared`: held to the derived type its `@odata.type` names, if it names one. */
  private objectErrors(declared: string, data: Record<string, unknown>): SchemaError[] {
    const named = odataTypeOf(data);
    let effective: StructuredType | undefined = findStructuredType(this.model, declared);
    if (named !== undefined) {
      const derived = findStructuredType(this.model, named);
      if (!derived || !derivesFrom(this.model, derived.qualifiedName, declared)) {
        return [
          {
            kind: 'not-derived',
            pointer: '/@odata.type',
            property: '@odata.type',
            owner: unqualifiedName(declared),
            expected: unqualifiedName(declared),
            value: data['@odata.type'],
          },
        ];
      }
      effective = derived;
    }
    if (!effective) return [];
    const validate = this.typeValidator(effective.qualifiedName);
    return validate(data) ? [] : readSchemaErrors(validate.errors ?? []);
  }

  /** A value declared as `use` (a collection: an array of them), held to the metadata. */
  validate(use: TypeUse | string, value: unknown): Validation {
    const declared: TypeUse = typeof use === 'string' ? { type: findType(this.model, use)?.qualifiedName ?? use, collection: false } : use;
    const schema = metadataUseSchema(this.model, declared, false);
    const id = `${BASE}:value:${encodeURIComponent(JSON.stringify(declared).toLowerCase())}`;
    const validate = this.compiled({ $id: id, ...schema });
    return validate(value) ? { valid: true } : { valid: false, errors: readSchemaErrors(validate.errors ?? []) };
  }

  /** An example's request body against the metadata (see `requestBodyTarget`); no errors when it says nothing. */
  requestErrors(example: Pick<ContractExample, 'method' | 'path' | 'page' | 'body'>): SchemaError[] {
    const body = example.body?.value;
    if (!isObject(body)) return [];
    const target = requestBodyTarget(example, this.model);
    if (!target) return [];
    if (target.kind === 'type') {
      const result = this.validate(target.type, body);
      return result.valid ? [] : result.errors;
    }
    const validate = this.compiled(buildParametersSchema(this.model, target.operation));
    return validate(body) ? [] : readSchemaErrors(validate.errors ?? []);
  }
}

const stores = new WeakMap<MetadataModel, MetadataSchemaStore>();

/** The store of a model, made once. */
export function metadataSchemaStore(model: MetadataModel): MetadataSchemaStore {
  let store = stores.get(model);
  if (!store) stores.set(model, (store = new MetadataSchemaStore(model)));
  return store;
}

/**
 * Does an example's request body break the metadata (`"accountType": "String"` where the metadata declares
 * the enum `userAccountSecurityType`)? Its typed errors; none when it keeps it or the metadata says nothing.
 * Such an example is not sendable to a service that keeps its metadata.
 */
export function metadataRequestErrors(
  example: Pick<ContractExample, 'method' | 'path' | 'page' | 'body'>,
  model: MetadataModel,
): SchemaError[] {
  return metadataSchemaStore(model).requestErrors(example);
}
