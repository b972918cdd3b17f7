/**
 * A documented response body made to keep its page's own promises. Pages break their tables now and
 * then (`"countHits": "Integer"`, an enum value that is not a member, a malformed date);
 * `docs:check` reports each of those, and the reference server, which must conform, answers with the
 * documented body corrected where it breaks the tables: the value at fault becomes null, or an example
 * value of its type where null is not allowed.
 */
import type { Contract } from '../src/contracts/contractExample';
import type { TypeRef } from '../src/docs/model';
import type { TypeRegistry } from '../src/contracts/typeRegistry';
import { setSlot, typedSlots } from '../src/contracts/typedValues';
import { isObject, toPointer } from '../src/core/json';
import type { SchemaStore } from '../src/schema/schemaStore';
import { parentPointer, type SchemaError } from '../src/schema/schemaErrors';

const PRIMITIVE_SAMPLES: Record<string, unknown> = {
  String: 'string',
  Boolean: false,
  Byte: 0,
  SByte: 0,
  Int16: 0,
  Int32: 0,
  Int64: 0,
  Single: 0,
  Double: 0,
  Decimal: 0,
  DateTimeOffset: '2021-01-01T00:00:00Z',
  Date: '2021-01-01',
  TimeOfDay: '00:00:00',
  Duration: 'PT0S',
  Guid: '00000000-0000-0000-0000-000000000000',
  Binary: '',
  Stream: '',
};

/** A value of a documented type (a collection's element when `element`), for a place where null is not allowed. */
export function sampleValue(type: TypeRef, registry: TypeRegistry, element = false): unknown {
  if (type.collection && !element) return [];
  if (type.kind === 'primitive') return PRIMITIVE_SAMPLES[type.name] ?? null;
  if (type.kind !== 'named') return null;
  const def = registry.get(type.name);
  return def?.members?.length ? def.members[0] : {};
}

/** One pass: each value the schema refuses is replaced (by null first; by a sample where null was refused, and in lists). */
function repair(body: unknown, example: Contract, registry: TypeRegistry, errors: readonly SchemaError[]): boolean {
  const typeName = example.expected.type;
  const items = example.expected.body === 'collection' && isObject(body) ? body[example.expected.collectionProperty ?? 'value'] : undefined;
  const slots = !typeName
    ? []
    : Array.isArray(items)
      ? items.flatMap((item, i) => typedSlots(item, typeName, registry, [example.expected.collectionProperty ?? 'value', i]))
      : typedSlots(body, typeName, registry);
  let changed = false;
  for (const error of errors) {
    if (error.kind === 'missing') {
      // A promised property the documented body leaves out (the page says every property is returned): null.
      const parent = atPointer(body, parentPointer(error.pointer));
      const missing = error.property;
      if (isObject(parent) && missing !== undefined && !(missing in parent)) [parent[missing], changed] = [null, true];
      continue;
    }
    const slot = slots.find((candidate) => toPointer(candidate.path) === error.pointer);
    if (!slot) continue;
    const item = typeof slot.key === 'number';
    const value = slot.value === null || item ? sampleValue(slot.type, registry, item) : null;
    if (JSON.stringify(value) === JSON.stringify(slot.value)) continue;
    setSlot(slot, value);
    changed = true;
  }
  return changed;
}

/** The value a JSON pointer (`/value/0/name`) addresses. */
function atPointer(value: unknown, pointer: string): unknown {
  const keys = pointer
    .split('/')
    .slice(1)
    .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'));
  return keys.reduce<unknown>(
    (current, key) => (isObject(current) || Array.isArray(current) ? (current as Record<string, unknown>)[key] : undefined),
    value,
  );
}

/** The body, corrected until the example's response schema accepts it (or nothing more can be corrected). */
export function conformingBody(
  example: Contract,
  body: unknown,
  schemas: SchemaStore,
  registry: TypeRegistry,
  fixed = structuredClone(body),
): unknown {
  const schema = schemas.responseSchema(example);
  if (!schema) return fixed;
  for (let round = 0; round < 4; round++) {
    const result = schemas.validate(schema, fixed);
    if (result.valid || !repair(fixed, example, registry, result.errors)) break;
  }
  return fixed;
}

/** The body corrected for each example in turn: pages that document one request alike may each promise their own types. */
export function conformingToAll(examples: readonly Contract[], body: unknown, schemas: SchemaStore, registry: TypeRegistry): unknown {
  const fixed = structuredClone(body);
  for (const example of examples) conformingBody(example, fixed, schemas, registry, fixed);
  return fixed;
}
