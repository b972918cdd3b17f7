/**
 * The values of a JSON body paired with the documented property each one fills, recursively:
 * what the reference server normalises, what faults and negative requests break.
 */
import type { TypeRef } from '../docs/model';
import { isAnnotationKey } from '../core/odata';
import type { PropertyDef, TypeRegistry } from './typeRegistry';
import { isObject } from '../core/json';

export interface TypedSlot {
  /** Keys from the body root, e.g. `['ipReferenceData', 0, 'asn']`. */
  path: (string | number)[];
  parent: Record<string, unknown> | unknown[];
  key: string | number;
  value: unknown;
  property: PropertyDef;
  /** The type of this value: the property's type, or its element type for collection items. */
  type: TypeRef;
}

export function typedSlots(value: unknown, typeName: string, registry: TypeRegistry, path: (string | number)[] = []): TypedSlot[] {
  const def = registry.get(typeName);
  if (!def || !isObject(value)) return [];
  const slots: TypedSlot[] = [];
  for (const [key, child] of Object.entries(value)) {
    const property = def.properties.get(key);
    if (!property || isAnnotationKey(key)) continue;
    slots.push({ path: [...path, key], parent: value, key, value: child, property, type: property.type });
    const element = { ...property.type, collection: false } as TypeRef;
    const items = property.type.collection && Array.isArray(child) ? child : property.type.collection ? [] : undefined;
    items?.forEach((item, index) => {
      slots.push({ path: [...path, key, index], parent: child as unknown[], key: index, value: item, property, type: element });
      if (element.kind === 'named') slots.push(...typedSlots(item, element.name, registry, [...path, key, index]));
    });
    if (!items && property.type.kind === 'named') slots.push(...typedSlots(child, property.type.name, registry, [...path, key]));
  }
  return slots;
}

/** Sets a slot's value in place. */
export function setSlot(slot: TypedSlot, value: unknown): void {
  (slot.parent as Record<string | number, unknown>)[slot.key] = value;
}

export const isPrimitive = (type: TypeRef, name: string) => type.kind === 'primitive' && type.name === name;
