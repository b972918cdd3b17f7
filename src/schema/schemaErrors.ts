/**
 * The one reader of Ajv's errors: each becomes a typed `SchemaError` saying what is wrong where (a JSON
 * pointer), in the documents' terms (the `x-edm-type` labels the schema builders put on every schema)
 * and naming the type that holds the property (`x-edm-owner`), so that nothing outside `src/schema`
 * reads `keyword` or `params`. Words are made from these at the edge (`describeErrors.ts`).
 */
import type { ErrorObject } from 'ajv';
import { escapePointer } from '../core/json';
import { EDM_KEYWORD, flagsPatternMembers, OWNER_KEYWORD } from './buildSchemas';

interface Located {
  /** JSON pointer of the value at fault (of the missing or undeclared property itself, for those). */
  pointer: string;
  /** The property at `pointer` (its last name, array indexes aside); absent for the body itself and its items. */
  property?: string;
  /** The documented (or declared) type that holds that property, when the schema says: `logonUser` for `/logonUsers/0/accountType`. */
  owner?: string;
  /** What was expected there, as the documents name it: `Int32`, `userAccountSecurityType`, `ipSecurityProfile`. */
  expected: string;
}

export type SchemaError = Located &
  (
    | /** A promised property is absent (`expected`: the type of the object that lacks it). */ { kind: 'missing' }
    | /** A value of another JSON type (or a string where a number belongs, `null` where null is not allowed). */ {
        kind: 'wrong-type';
        value: unknown;
      }
    | /** A number outside its Edm type's range (`2147483648` for an Int32). */ { kind: 'out-of-range'; value: unknown }
    | /** A string that breaks its Edm type's grammar (`format`: `edm-date-time-offset`, `edm-guid`, `date`, …). */ {
        kind: 'format';
        format: string;
        value: unknown;
      }
    | /** A value no member of the enum is (`flags`: a flags enum, where members combine with commas). */ {
        kind: 'not-a-member';
        members: string[];
        flags: boolean;
        value: unknown;
      }
    | /** A property the type does not declare (`expected`: the type), where only declared properties may be. */ { kind: 'not-declared' }
    | /** An `@odata.type` naming neither the declared type nor one derived from it (`value`: the name given). */ {
        kind: 'not-derived';
        value: unknown;
      }
  );

/** The error a custom keyword passes up (`x-metadata-value`): already typed, pointer from the body's root. */
export interface TypedParams {
  error: SchemaError;
}

const label = (schema: Record<string, unknown> | undefined): string | undefined =>
  typeof schema?.[EDM_KEYWORD] === 'string' ? schema[EDM_KEYWORD] : undefined;
const owner = (schema: Record<string, unknown> | undefined): string | undefined =>
  typeof schema?.[OWNER_KEYWORD] === 'string' ? schema[OWNER_KEYWORD] : undefined;

/** The documented type the failing schema names, else JSON Schema's own type words. */
function documentedType(error: ErrorObject): string {
  const schema: Record<string, unknown> | undefined = error.parentSchema;
  const type = schema?.type;
  return label(schema) ?? (Array.isArray(type) ? type.join(' or ') : typeof type === 'string' ? type : 'the documented type');
}

/** The last property name of a pointer (`/logonUsers/0/accountType` → `accountType`), array indexes aside. */
function propertyAt(pointer: string): string | undefined {
  const name = pointer
    .split('/')
    .slice(1)
    .filter((part) => !/^\d+$/.test(part))
    .pop();
  return name?.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The pointer of the object holding the value at `pointer` (`/a/b` → `/a`). */
export const parentPointer = (pointer: string) => pointer.slice(0, Math.max(0, pointer.lastIndexOf('/')));

const located = (pointer: string, expected: string, holder?: string): Located => {
  const property = propertyAt(pointer);
  return { pointer, ...(property !== undefined ? { property } : {}), ...(holder !== undefined ? { owner: holder } : {}), expected };
};

/** Wrappers that repeat what their inner keywords said. */
const WRAPPERS = new Set(['allOf', '$ref', 'if', 'anyOf', 'oneOf']);

function readError(error: ErrorObject): SchemaError | undefined {
  if (WRAPPERS.has(error.keyword)) return undefined;
  const params = error.params as Record<string, unknown>;
  if (params && typeof params.error === 'object' && params.error !== null && 'kind' in params.error)
    return (params as unknown as TypedParams).error;
  const expected = documentedType(error);
  const schema: Record<string, unknown> | undefined = error.parentSchema;
  const here = (kind: 'wrong-type' | 'out-of-range') => ({
    kind,
    ...located(error.instancePath, expected, owner(schema)),
    value: error.data,
  });
  switch (error.keyword) {
    case 'required': {
      const pointer = `${error.instancePath}/${escapePointer(params.missingProperty as string)}`;
      return { kind: 'missing', ...located(pointer, expected, label(schema)), property: params.missingProperty as string };
    }
    case 'additionalProperties': {
      const pointer = `${error.instancePath}/${escapePointer(params.additionalProperty as string)}`;
      return { kind: 'not-declared', ...located(pointer, expected, label(schema)), property: params.additionalProperty as string };
    }
    case 'minimum':
    case 'maximum':
      return here('out-of-range');
    case 'format':
      return { kind: 'format', ...located(error.instancePath, expected, owner(schema)), format: String(params.format), value: error.data };
    case 'enum': {
      const members = ((params.allowedValues as unknown[] | undefined) ?? []).filter((value) => value !== null).map(String);
      return { kind: 'not-a-member', ...located(error.instancePath, expected, owner(schema)), members, flags: false, value: error.data };
    }
    case 'pattern': {
      // A flags enum is a pattern of its members; a floating-point type's special values (`INF`, `NaN`) are one too.
      const members = flagsPatternMembers(String(params.pattern));
      if (!members) return here('wrong-type');
      return { kind: 'not-a-member', ...located(error.instancePath, expected, owner(schema)), members, flags: true, value: error.data };
    }
    default:
      return here('wrong-type');
  }
}

/** Ajv's errors (validated with `verbose`, so each carries its data and schema), typed. */
export function readSchemaErrors(errors: readonly ErrorObject[]): SchemaError[] {
  return errors.map(readError).filter((error): error is SchemaError => error !== undefined);
}
