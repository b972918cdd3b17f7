/**
 * The CSDL a folder's pages imply, for a reference server to serve as its `$metadata` when the folder
 * holds none of its own: one schema (the pages' namespace, `microsoft.graph` by default) with
 *
 * - the types the pages describe (`TypeRegistry`): enums with their members (flags where examples combine
 *   them), structured types with their properties (Edm types, collections, CSDL's default nullability),
 *   base types from "Inherits from" (a property a base declares is not declared again); a type whose
 *   chain has an `id` is an entity type keyed by it, any other a complex type; a type the pages name but
 *   describe nowhere is an empty open complex type;
 * - an entity container from the documented paths: a first segment followed by a key is an entity set,
 *   any other a singleton; each further name a (contained) navigation property of the type reached, a
 *   collection where a key follows it or an example lists it; `name(…)` and a name after a collection
 *   are functions (GET) or actions (POST) bound there; a POST to a name nothing else shows as a
 *   collection, answered without `201`, is an action. The type at each place is the one its examples
 *   return or create; where none says, a type named after the segment is made (so that the path resolves).
 *
 * Pure: pages in, XML text out (read back by src/metadata, which the self-tests do).
 */
import type { Suite } from '../contracts/loadContracts';
import { isObject } from '../core/json';
import { placeholderName } from '../contracts/paths';
import type { TypeDef, TypeRegistry } from '../contracts/typeRegistry';
import type { TypeRef } from '../docs/model';

export interface ImpliedCsdlOptions {
  /** The schema's namespace; default: the one most pages give (`Namespace: …`), else `microsoft.graph`. */
  namespace?: string;
  /**
   * Types open (default): the pages say what a type holds at least, never that it holds nothing else (tables
   * leave properties out, examples show more). `false` closes them, for pages known to describe their types whole.
   */
  openTypes?: boolean;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
/** A CSDL simple identifier from a name the documents use (`ipsecurityprofile/ipCategories` → `ipsecurityprofile_ipCategories`). */
const identifier = (name: string) => {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
};

interface Structured {
  name: string;
  baseType?: string;
  properties: Map<string, { type: string; collection: boolean }>;
  navigation: Map<string, { type: string; collection: boolean }>;
  entity: boolean;
  open: boolean;
  abstract: boolean;
}

interface Bound {
  name: string;
  kind: 'action' | 'function';
  binding: string;
  collection: boolean;
  parameters: string[];
  returnType?: { type: string; collection: boolean };
}

/** A place the paths reach: a container child or a navigation property, with what its examples say. */
interface Place {
  name: string;
  children: Map<string, Place>;
  keyed: boolean;
  listed: boolean;
  created: boolean;
  /** Types its examples return or create (by registry key), most said first. */
  types: Map<string, number>;
  posted: { ok: boolean }[];
  /** What the POSTs to it send: the request-body table's rows and the example bodies' names (an action's parameters). */
  sent: Set<string>;
  operations: Map<
    string,
    { name: string; kind: 'action' | 'function'; collection: boolean; args: Set<string>; returns?: { type: string; collection: boolean } }
  >;
}

const newPlace = (name: string): Place => ({
  name,
  children: new Map(),
  keyed: false,
  listed: false,
  created: false,
  types: new Map(),
  posted: [],
  sent: new Set(),
  operations: new Map(),
});
const SPECIAL = /^\$(ref|value|count|batch|metadata)$/i;

/** What a page's POST sends: its request-body table's rows, and the names its example bodies hold (annotations aside). */
function sentNames(page: Suite['pages'][number]): string[] {
  const rows = page.propertyTables.filter((table) => table.role === 'request-body').flatMap((table) => table.rows.map((row) => row.name));
  const shown = page.examples.flatMap(({ request }) => {
    const body = request.method.toUpperCase() === 'POST' ? request.body?.value : undefined;
    return isObject(body) ? Object.keys(body).filter((key) => !key.includes('@')) : [];
  });
  return [...new Set([...rows, ...shown])];
}

/** `delta(token='{token}')` → name and argument names. */
function call(segment: string): { name: string; args: string[] } | undefined {
  const match = /^([^(]+)\((.*)\)$/.exec(segment);
  if (!match) return undefined;
  const args = [...match[2].replace(/'(?:[^']|'')*'/g, "''").matchAll(/(?:^|,)\s*([A-Za-z_]\w*)\s*=/g)].map((m) => m[1]);
  return { name: match[1].trim(), args };
}

function pagesNamespace(suite: Suite): string {
  const counts = new Map<string, number>();
  for (const page of suite.pages) if (page.namespace) counts.set(page.namespace, (counts.get(page.namespace) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'microsoft.graph';
}

export function impliedCsdl(suite: Suite, options: ImpliedCsdlOptions = {}): string {
  const namespace = options.namespace ?? pagesNamespace(suite);
  // The entity container is named as Graph's.
  const containerName = 'GraphService';
  const registry: TypeRegistry = suite.registry;
  const q = (name: string) => `${namespace}.${name}`;

  // CSDL names for the registry's types, unique case-insensitively.
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const nameFor = (key: string, wanted: string) => {
    let name = identifier(wanted);
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${identifier(wanted)}${n}`;
    taken.add(name.toLowerCase());
    names.set(key, name);
    return name;
  };
  for (const def of registry.all()) nameFor(def.key, def.name);
  const defOf = (name: string): TypeDef | undefined => registry.get(name);

  const enums = new Map<string, TypeDef>();
  const structured = new Map<string, Structured>();
  const undescribed = new Set<string>();
  const typeOf = (ref: TypeRef): { type: string; collection: boolean } => {
    if (ref.kind === 'primitive') return { type: `Edm.${ref.name}`, collection: ref.collection };
    if (ref.kind === 'unknown') return { type: 'Edm.Untyped', collection: ref.collection };
    const def = defOf(ref.name);
    if (def) return { type: q(names.get(def.key)!), collection: ref.collection };
    const name = nameFor(`?${ref.name.toLowerCase()}`, ref.name);
    undescribed.add(name);
    return { type: q(name), collection: ref.collection };
  };

  for (const def of registry.all()) {
    const name = names.get(def.key)!;
    if (def.members?.length && !def.properties.size) {
      enums.set(name, def);
      continue;
    }
    const base = def.baseType ? defOf(def.baseType) : undefined;
    // A base no page describes is still the base: an empty abstract type of that name.
    const baseName = base
      ? names.get(base.key)!
      : def.baseType
        ? (names.get(`?${def.baseType.toLowerCase()}`) ?? nameFor(`?${def.baseType.toLowerCase()}`, def.baseType))
        : undefined;
    if (def.baseType && !base && baseName && !structured.has(baseName)) {
      structured.set(baseName, {
        name: baseName,
        properties: new Map(),
        navigation: new Map(),
        entity: false,
        open: false,
        abstract: true,
      });
    }
    structured.set(name, {
      name,
      ...(baseName && base !== def ? { baseType: baseName } : {}),
      properties: new Map([...def.properties.values()].map((property) => [property.name, typeOf(property.type)])),
      navigation: new Map(),
      entity: false,
      open: false,
      abstract: false,
    });
  }
  const chain = (name: string): Structured[] => {
    const found: Structured[] = [];
    for (let type = structured.get(name); type && !found.includes(type); type = type.baseType ? structured.get(type.baseType) : undefined)
      found.push(type);
    return found;
  };
  const hasId = (name: string) => chain(name).some((type) => type.properties.has('id'));
  const ensure = (name: string, entity: boolean): Structured => {
    let type = structured.get(name);
    if (!type) {
      type = { name, properties: new Map(), navigation: new Map(), entity, open: false, abstract: false };
      structured.set(name, type);
    }
    if (entity && !hasId(name)) {
      // An entity set's or singleton's type must be keyed: the root of its chain gets the `id` pages use.
      const root = chain(name).pop()!;
      root.properties = new Map([['id', { type: 'Edm.String', collection: false }], ...root.properties]);
    }
    return type;
  };

  // The documented paths, each with what its examples say it returns or creates.
  const root = newPlace('');
  const said = new Map<string, { method: string; type?: string; body: string; statuses: number[] }[]>();
  for (const example of suite.examples) {
    const template = example.path.template;
    if (!template) continue;
    const key = `${example.method.toUpperCase()} ${template.path.toLowerCase()}`;
    said.set(key, [
      ...(said.get(key) ?? []),
      {
        method: example.method.toUpperCase(),
        ...(example.expected.type ? { type: example.expected.type } : {}),
        body: example.expected.body,
        statuses: example.expected.statuses,
      },
    ]);
  }
  for (const page of suite.pages) {
    for (const template of page.templates) {
      const method = (template.method ?? 'GET').toUpperCase();
      const segments = template.path
        .replace(/[?#].*$/, '')
        .split('/')
        .filter(Boolean);
      const examples = said.get(`${method} ${template.path.toLowerCase()}`) ?? [];
      let place = root;
      let atCollection = false;
      for (let index = 0; index < segments.length; index++) {
        // `root:/{item-path}:` addresses an item under `root`, typed as `root` is: `root` is the place.
        const itemPath = segments[index].endsWith(':') && !segments[index].includes('(');
        const segment = itemPath ? segments[index].replace(/:+$/, '') : segments[index];
        const last = itemPath || index === segments.length - 1;
        if (SPECIAL.test(segment) || segment.includes(':') || !segment) break;
        if (placeholderName(segment) !== undefined) {
          place.keyed = true;
          atCollection = false;
          if (last) for (const example of examples) if (example.type && example.body === 'resource') bump(place.types, example.type);
          continue;
        }
        if (segment.includes('.') && !segment.includes('(')) continue; // A cast.
        const invoked = call(segment);
        if (invoked || (atCollection && place !== root)) {
          const name = invoked?.name ?? segment;
          const operation = place.operations.get(name.toLowerCase()) ?? {
            name,
            kind: method === 'GET' ? 'function' : 'action',
            collection: atCollection,
            args: new Set<string>(),
          };
          for (const arg of invoked?.args ?? []) operation.args.add(arg);
          const returned = examples.find((example) => example.type && (example.body === 'resource' || example.body === 'collection'));
          if (returned && !operation.returns) operation.returns = { type: returned.type!, collection: returned.body === 'collection' };
          place.operations.set(name.toLowerCase(), operation);
          break;
        }
        const child = place.children.get(segment.toLowerCase()) ?? newPlace(segment);
        place.children.set(segment.toLowerCase(), child);
        place = child;
        atCollection = place.keyed;
        if (last) {
          for (const example of examples) {
            if (example.body === 'collection') child.listed = true;
            if (example.type && (example.body === 'collection' || example.body === 'resource')) bump(child.types, example.type);
            if (method === 'POST') child.posted.push({ ok: example.statuses.includes(201) || example.body === 'resource' });
          }
          if (method === 'POST' && !examples.length) child.posted.push({ ok: false });
          if (method === 'POST') for (const name of sentNames(page)) child.sent.add(name);
        }
        if (itemPath) break;
      }
    }
  }
  for (const place of root.children.values()) settleCollections(place);

  // Types at each place; actions where a POST reaches a name that is no collection.
  const sets: string[] = [];
  const operations: Bound[] = [];
  const placeType = (place: Place, fallback: string): string => {
    const [best] = [...place.types].sort((a, b) => b[1] - a[1]);
    const def = best ? defOf(best[0]) : undefined;
    return def ? names.get(def.key)! : (names.get(`!${fallback.toLowerCase()}`) ?? nameFor(`!${fallback.toLowerCase()}`, fallback));
  };
  const visit = (place: Place, owner: string | undefined) => {
    const isAction =
      owner !== undefined &&
      !place.keyed &&
      !place.listed &&
      !place.children.size &&
      place.posted.length > 0 &&
      place.posted.every((post) => !post.ok);
    if (isAction) {
      operations.push({ name: identifier(place.name), kind: 'action', binding: owner, collection: false, parameters: [...place.sent] });
      return;
    }
    const collection = place.keyed || place.listed;
    const type = placeType(place, place.name);
    ensure(type, true);
    if (owner === undefined) {
      sets.push(
        collection
          ? `      <EntitySet Name="${escape(identifier(place.name))}" EntityType="${escape(q(type))}" />`
          : `      <Singleton Name="${escape(identifier(place.name))}" Type="${escape(q(type))}" />`,
      );
    } else {
      const from = ensure(owner, true);
      if (!from.navigation.has(place.name) && !chain(owner).some((t) => t.properties.has(place.name)))
        from.navigation.set(identifier(place.name), { type: q(type), collection });
    }
    for (const operation of place.operations.values()) {
      const returns = operation.returns ? defOf(operation.returns.type) : undefined;
      operations.push({
        name: identifier(operation.name),
        kind: operation.kind,
        binding: type,
        collection: operation.collection,
        parameters: [...operation.args],
        ...(returns ? { returnType: { type: names.get(returns.key)!, collection: operation.returns!.collection } } : {}),
      });
    }
    for (const child of place.children.values()) visit(child, type);
  };
  for (const place of root.children.values()) visit(place, undefined);
  for (const name of undescribed) ensure(name, false).open = true;
  if (options.openTypes ?? true) for (const type of structured.values()) type.open = true;
  // Entity types: those keyed by `id` along their chain; and every base of an entity type.
  for (const type of structured.values()) if (hasId(type.name)) for (const t of chain(type.name)) t.entity = true;

  return writeXml(namespace, containerName, enums, structured, operations, sets, chain);
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** A place is a collection when a key follows it anywhere, when an example lists it, or when a POST creates in it. */
function settleCollections(place: Place): void {
  if (place.posted.some((post) => post.ok)) place.created = true;
  if (place.created && !place.children.size) place.listed = true;
  for (const child of place.children.values()) settleCollections(child);
}

function writeXml(
  namespace: string,
  containerName: string,
  enums: Map<string, TypeDef>,
  structured: Map<string, Structured>,
  operations: Bound[],
  sets: string[],
  chain: (name: string) => Structured[],
): string {
  const q = (name: string) => `${namespace}.${name}`;
  const use = (type: string, collection: boolean) => escape(collection ? `Collection(${type})` : type);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<!-- The CSDL the pages imply (src/impliedMetadata): types from their tables, the container from their paths. -->',
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">',
    '  <edmx:DataServices>',
    `    <Schema Namespace="${escape(namespace)}" xmlns="http://docs.oasis-open.org/odata/ns/edm">`,
  ];
  for (const [name, def] of [...enums].sort((a, b) => a[0].localeCompare(b[0]))) {
    lines.push(`      <EnumType Name="${escape(name)}"${def.flags ? ' IsFlags="true"' : ''}>`);
    def.members!.forEach((member, index) =>
      lines.push(`        <Member Name="${escape(identifier(member))}" Value="${def.flags ? 2 ** index : index}" />`),
    );
    lines.push('      </EnumType>');
  }
  for (const type of [...structured.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const inherited = new Set(
      chain(type.name)
        .slice(1)
        .flatMap((base) => [...base.properties.keys(), ...base.navigation.keys()]),
    );
    // Keyed where `id` is declared: the root, or a type under an abstract base that has none.
    const keyed = type.entity && type.properties.has('id') && !inherited.has('id');
    const element = type.entity ? 'EntityType' : 'ComplexType';
    lines.push(
      `      <${element} Name="${escape(type.name)}"${type.baseType ? ` BaseType="${escape(q(type.baseType))}"` : ''}${type.abstract ? ' Abstract="true"' : ''}${type.open ? ' OpenType="true"' : ''}>`,
    );
    if (keyed) lines.push('        <Key>', '          <PropertyRef Name="id" />', '        </Key>');
    for (const [name, property] of type.properties) {
      if (inherited.has(name) || !/^[A-Za-z_]\w*$/.test(name)) continue;
      lines.push(
        `        <Property Name="${escape(name)}" Type="${use(property.type, property.collection)}"${keyed && name === 'id' ? ' Nullable="false"' : ''} />`,
      );
    }
    for (const [name, navigation] of type.navigation) {
      if (inherited.has(name)) continue;
      lines.push(
        `        <NavigationProperty Name="${escape(name)}" Type="${use(navigation.type, navigation.collection)}" ContainsTarget="true" />`,
      );
    }
    lines.push(`      </${element}>`);
  }
  for (const operation of operations) {
    const element = operation.kind === 'action' ? 'Action' : 'Function';
    lines.push(`      <${element} Name="${escape(operation.name)}" IsBound="true">`);
    lines.push(`        <Parameter Name="bindingParameter" Type="${use(q(operation.binding), operation.collection)}" />`);
    // What a parameter holds the pages do not say in a form a metadata would: any value (Edm.Untyped).
    for (const parameter of operation.parameters) lines.push(`        <Parameter Name="${escape(parameter)}" Type="Edm.Untyped" />`);
    if (operation.returnType)
      lines.push(`        <ReturnType Type="${use(q(operation.returnType.type), operation.returnType.collection)}" />`);
    else if (operation.kind === 'function') lines.push('        <ReturnType Type="Edm.Untyped" />');
    lines.push(`      </${element}>`);
  }
  lines.push(
    `      <EntityContainer Name="${escape(containerName)}">`,
    ...sets,
    '      </EntityContainer>',
    '    </Schema>',
    '  </edmx:DataServices>',
    '</edmx:Edmx>',
    '',
  );
  return lines.join('\n');
}
