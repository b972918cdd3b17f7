/**
 * What all pages together say about each named type: the union of the properties their tables
 * document and, as far as the documents go, the properties their examples show (types inferred from
 * the example values, never required). Tables win over examples; examples that disagree with each
 * other leave the property untyped rather than guess.
 */
import { isDateTimeOffset } from '../edm/dateTimeOffset';
import { collectionProperty, isCollectionResponse } from '../docs/annotations';
import type { Page, PropertyTable, TypeRef } from '../docs/model';
import { isAnnotationKey, odataTypeOf, simpleTypeName, typeKey } from '../core/odata';
import { isObject } from '../core/json';
import { recordPageFailure } from './pageFailures';

export interface PropertyDef {
  name: string;
  type: TypeRef;
  origin: 'table' | 'example';
  /** A table says a response carries it only when asked for (`$select`): never required otherwise. */
  returnedByDefault?: false;
}

export interface TypeDef {
  key: string;
  /** Simple name as the documents spell it, e.g. `ipSecurityProfile`. */
  name: string;
  /** Qualified name from an `@odata.type`, e.g. `microsoft.graph.ipSecurityProfile`, when one was seen. */
  fullName?: string;
  properties: Map<string, PropertyDef>;
  /** Properties documented by a property table (the ones a full response must carry). */
  tableProperties: string[];
  /** Members, for enum types documented by an enum table (or, failing one, by "Possible values are: …"). */
  members?: string[];
  /** Where the members come from: an enum table, or the descriptions of properties of this type. */
  membersFrom?: 'table' | 'description';
  /** A flags enum: examples combine members (`"Shift,SwapRequest"`). */
  flags?: boolean;
  /** The type it derives from, as its page says ("Inherits from [mobileLobApp](…)"). */
  baseType?: string;
}

function sameType(a: TypeRef, b: TypeRef): boolean {
  if (a.kind !== b.kind || a.collection !== b.collection) return false;
  return a.kind === 'unknown' || (a as { name: string }).name.toLowerCase() === (b as { name: string }).name.toLowerCase();
}

/** A type by name as a registry finds it: by its key (`microsoft.graph.User` → `user`), else by the name lowercased. */
export function lookUp<T>(name: string, byKey: (key: string) => T | undefined): T | undefined {
  return byKey(typeKey(name)) ?? byKey(name.toLowerCase());
}

/** A registry as plain JSON (for the suite cache): the types in order, each with its properties in order. */
export type SerialisedRegistry = (Omit<TypeDef, 'properties'> & { properties: PropertyDef[] })[];

export class TypeRegistry {
  private readonly types = new Map<string, TypeDef>();

  /** The registry as JSON-safe data; `fromJSON` gives back a registry that answers every query the same. */
  toJSON(): SerialisedRegistry {
    return [...this.types.values()].map((def) => ({ ...def, properties: [...def.properties.values()] }));
  }

  static fromJSON(defs: SerialisedRegistry): TypeRegistry {
    const registry = new TypeRegistry();
    for (const def of defs) {
      registry.types.set(def.key, { ...def, properties: new Map(def.properties.map((property) => [property.name, property])) });
    }
    return registry;
  }

  get(name: string): TypeDef | undefined {
    return lookUp(name, (key) => this.types.get(key));
  }

  /** Does `name` derive from `base`, directly or through its bases (a type derives from itself)? */
  derivesFrom(name: string, base: string): boolean {
    const wanted = this.get(base)?.key ?? typeKey(base);
    const seen = new Set<string>();
    for (let def = this.get(name); def && !seen.has(def.key); def = def.baseType ? this.get(def.baseType) : undefined) {
      if (def.key === wanted) return true;
      seen.add(def.key);
    }
    return false;
  }

  all(): TypeDef[] {
    return [...this.types.values()];
  }

  /** The type, created empty if the documents have not described it yet. */
  declare(name: string, key = typeKey(name)): TypeDef {
    let def = this.types.get(key);
    if (!def) {
      def = { key, name: simpleTypeName(name), properties: new Map(), tableProperties: [] };
      this.types.set(key, def);
    }
    // Prefer a qualified name as a body writes it (`ipSecurityProfile`) over a lowercased annotation.
    const qualified = name.replace(/^#/, '');
    if (qualified.includes('.') && !qualified.includes('/') && (!def.fullName || def.fullName === def.fullName.toLowerCase())) {
      def.fullName = qualified;
    }
    return def;
  }

  addTable(typeName: string, table: PropertyTable): void {
    const def = this.declare(typeName);
    for (const row of table.rows) {
      const existing = def.properties.get(row.name);
      if (!existing || existing.origin === 'example') def.properties.set(row.name, { name: row.name, type: row.type, origin: 'table' });
      // Any table saying so is enough: request-body tables rarely speak of what a response carries.
      if (row.returnedByDefault === false) def.properties.get(row.name)!.returnedByDefault = false;
      if (!def.tableProperties.includes(row.name)) def.tableProperties.push(row.name);
    }
  }

  addEnum(typeName: string, members: string[], from: 'table' | 'description' = 'table'): void {
    const def = this.declare(typeName);
    // An enum table is authoritative; the lists in property descriptions only stand in for a missing one.
    if (from === 'description' && def.membersFrom === 'table') return;
    if (from === 'table' && def.membersFrom === 'description') def.members = [];
    def.members = [...new Set([...(def.members ?? []), ...members])];
    def.membersFrom = from;
  }

  /** Learns from an example value said to be of `typeName` (and, recursively, from its parts). */
  absorbExample(typeName: string, value: unknown): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const own = odataTypeOf(value);
    const def = this.declare(own ?? typeName, own ? typeKey(own) : undefined);
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      if (isAnnotationKey(name) || child === null) continue;
      const known = def.properties.get(name);
      if (known?.origin === 'table') {
        this.absorbTyped(known.type, child);
        continue;
      }
      const inferred = this.inferType(`${def.key}/${name}`, child);
      if (!known) def.properties.set(name, { name, type: inferred, origin: 'example' });
      else if (!sameType(known.type, inferred)) known.type = merge(known.type, inferred);
    }
  }

  private absorbTyped(type: TypeRef, value: unknown): void {
    if (type.kind !== 'named') return;
    for (const item of type.collection && Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' && item.includes(',')) this.flagValues.push([type.name, item]);
      this.absorbExample(type.name, item);
    }
  }

  /** Enum-typed values that combine several words with commas, checked against the members at the end. */
  private readonly flagValues: [string, string][] = [];

  /** Marks as flags the enums whose example values combine members (`"Shift,SwapRequest"`). */
  settleFlags(): void {
    for (const [typeName, value] of this.flagValues) {
      const def = this.get(typeName);
      if (!def?.members?.length) continue;
      const members = new Set(def.members.map((m) => m.toLowerCase()));
      const parts = value.split(',').map((part) => part.trim().toLowerCase());
      if (parts.length > 1 && parts.every((part) => members.has(part))) def.flags = true;
    }
  }

  private inferType(syntheticName: string, value: unknown): TypeRef {
    if (Array.isArray(value)) {
      const items = value.filter((item) => item !== null).map((item) => this.inferType(syntheticName, item));
      const first = items[0] ?? { kind: 'unknown', collection: false, text: 'empty collection' };
      const element = items.reduce<TypeRef>((a, b) => (sameType(a, b) ? a : merge(a, b)), first);
      return { ...element, collection: true };
    }
    switch (typeof value) {
      case 'string':
        return { kind: 'primitive', name: isDateTimeOffset(value) ? 'DateTimeOffset' : 'String', collection: false };
      case 'number':
        // An integral example value does not say Int32 or Int64 or Double: accept any number.
        return { kind: 'primitive', name: 'Double', collection: false };
      case 'boolean':
        return { kind: 'primitive', name: 'Boolean', collection: false };
      case 'object': {
        const own = odataTypeOf(value);
        const name = own ? simpleTypeName(own) : syntheticName;
        this.absorbExample(name, value);
        return { kind: 'named', name: own ?? syntheticName, collection: false };
      }
      default:
        return { kind: 'unknown', collection: false, text: typeof value };
    }
  }
}

/** Two examples disagree: keep what both allow, else leave untyped. */
function merge(a: TypeRef, b: TypeRef): TypeRef {
  const names = [a, b].map((t) => (t.kind === 'primitive' ? t.name : t.kind));
  if (a.collection === b.collection && names.every((n) => n === 'String' || n === 'DateTimeOffset')) {
    return { kind: 'primitive', name: 'String', collection: a.collection };
  }
  return { kind: 'unknown', collection: a.collection && b.collection, text: 'examples disagree' };
}

/** The type a page's request-body table documents, when its prose says the body represents one. */
export function requestBodyTypeName(page: Page): string | undefined {
  const ownType = page.requests.map((request) => odataTypeOf(request.body?.value)).find(Boolean);
  return page.requestBodyType?.name ?? (ownType ? simpleTypeName(ownType) : undefined);
}

export function buildTypeRegistry(pages: readonly Page[], resourceTypeOf: (page: Page) => string | undefined): TypeRegistry {
  const registry = new TypeRegistry();
  /** One page's step, so that a page it throws on is that page's finding, not the end of the suite. */
  const eachPage = (step: string, read: (page: Page) => void) => {
    for (const page of pages) {
      try {
        read(page);
      } catch (error) {
        recordPageFailure(page, step, error);
      }
    }
  };
  // Tables first, so that example inference never overrides a documented type.
  eachPage('reading the tables for types', (page) => {
    const resourceType = resourceTypeOf(page);
    if (resourceType && page.baseType) registry.declare(resourceType).baseType = page.baseType.name;
    for (const table of page.propertyTables) {
      if (resourceType && table.role === 'properties') registry.addTable(resourceType, table);
      const bodyType = requestBodyTypeName(page);
      if (bodyType && page.requestBodyType && table.role === 'request-body') registry.addTable(bodyType, table);
    }
    for (const table of page.enumTables) {
      if (table.name) registry.addEnum(table.name, table.members);
    }
  });
  // "Possible values are: `a`, `b`" in the description of a property whose type is a named type: the
  // members of that enum, unless an enum table documents it (or it turns out to be a complex type).
  const described = new Map<string, string[]>();
  for (const page of pages) {
    for (const table of page.propertyTables) {
      for (const row of table.rows) {
        if (row.type.kind !== 'named' || !row.values?.length) continue;
        const values = described.get(row.type.name) ?? [];
        values.push(...row.values);
        described.set(row.type.name, values);
      }
    }
  }
  eachPage('inferring types from the examples', (page) => {
    // Examples the authors keep out of testing are often sketches: they do not describe types.
    for (const example of page.examples.filter((e) => !e.request.ignored)) {
      const bodyType = requestBodyTypeName(page);
      if (bodyType) registry.absorbExample(bodyType, example.request.body?.value);
      const responseType = responseTypeName(page, example.response);
      const value = example.response?.body?.value;
      const annotation = example.response?.annotation ?? {};
      const property = collectionProperty(annotation) ?? 'value';
      const collection = isCollectionResponse(annotation, page);
      // A single resource some pages wrap in `value` (a document defect docs:check reports) is still that resource.
      const wrapped =
        !collection &&
        isObject(value) &&
        isObject(value.value) &&
        Object.keys(value).every((key) => key === 'value' || isAnnotationKey(key)) &&
        (!responseType || registry.get(responseType)?.properties.get('value')?.origin !== 'table');
      const items = collection && isObject(value) && Array.isArray(value[property]) ? value[property] : wrapped ? [value.value] : [value];
      if (responseType) for (const item of items) registry.absorbExample(responseType, item);
    }
  });
  for (const [name, values] of described) {
    const def = registry.get(name);
    if (def && (def.properties.size || def.membersFrom === 'table')) continue;
    registry.addEnum(def?.name ?? name, values, 'description');
  }
  registry.settleFlags();
  return registry;
}

/** The type a response example is documented to carry: annotation, then body, then prose. */
export function responseTypeName(page: Page, response: Page['responses'][number] | undefined): string | undefined {
  const annotated = response?.annotation['@odata.type'];
  if (typeof annotated === 'string' && annotated.trim()) return annotated.trim().replace(/^#/, '');
  return odataTypeOf(response?.body?.value) ?? page.responseType?.name;
}
