/**
 * A documented path walked through the metadata, segment by segment, as the service resolves it
 * (case-insensitive): entity sets, singletons and operation imports first; then keys, structural and
 * navigation properties, casts (`…/microsoft.graph.group`), bound actions and functions (qualified or
 * not, with their parameters: `filterByCurrentUser(on='reviewer')`, `delta()`), `$ref`, `$value`,
 * `$count`, and Graph's path-based addressing (`root:/{item-path}:`). The result says what the path
 * addresses, with the capability and revision annotations that apply to it, or at which segment and
 * why it does not resolve.
 *
 * A segment where a key belongs is a key, whatever it says (`{id}`, `{id | userPrincipalName}`, a
 * concrete id): the service cannot tell a misspelt name there from an id either.
 */
import { unqualifiedName } from '../core/odata';
import { mergeCapabilities } from './annotations';
import { derivesFrom, findStructuredType, findType, typeChain } from './lookup';
import type { Capabilities, ContainerChild, ElementAnnotations, MetadataModel, Operation, Revision, StructuredType } from './model';

export type SegmentKind =
  | 'entity-set'
  | 'singleton'
  | 'action-import'
  | 'function-import'
  | 'key'
  | 'property'
  | 'navigation'
  | 'cast'
  | 'action'
  | 'function'
  | 'item-path'
  | 'ref'
  | 'value'
  | 'count';

export interface ResolvedSegment {
  /** The segment as the path writes it. */
  text: string;
  kind: SegmentKind;
  /** What the path addresses after this segment: a qualified type name or `Edm.*` (none after `$ref` of a collection). */
  type?: string;
  collection: boolean;
  /** The metadata element the segment names: `microsoft.graph.GraphService/users`, `microsoft.graph.user/memberOf`, `microsoft.graph.event.cancel`. */
  element?: string;
}

/** A revision that applies to a path, with the element it is said of. */
export interface PathRevision {
  element: string;
  revision: Revision;
}

export interface ResolvedPath {
  resolved: true;
  segments: ResolvedSegment[];
  /** What the whole path addresses. */
  type?: string;
  collection: boolean;
  /**
   * `collection` (of entities: POST creates in it), `entity` (one: PATCH/PUT/DELETE apply), `complex`,
   * `primitive`, `operation` (the path calls an action or function), `reference` (`$ref`), `value`, `count`.
   */
  addresses: 'collection' | 'entity' | 'complex' | 'primitive' | 'operation' | 'reference' | 'value' | 'count';
  /** The operation the path calls, when it ends in one. */
  operation?: Operation;
  /**
   * What the capability annotations allow on what the path addresses: said of the entity set, singleton
   * or navigation property it goes through last, else of the addressed type (or a base type).
   */
  capabilities: Capabilities;
  /** Revisions (deprecations) of every element the path goes through: sets, navigation properties, operations, types. */
  revisions: PathRevision[];
}

export interface UnresolvedPath {
  resolved: false;
  /** Index of the segment that does not resolve. */
  segment: number;
  text: string;
  /** Why, in words: `user has no property, navigation property or bound operation "memberOff"`. */
  reason: string;
  /** The segments before it, resolved. */
  segments: ResolvedSegment[];
}

export type PathResolution = ResolvedPath | UnresolvedPath;

interface State {
  type?: string;
  collection: boolean;
  kind: SegmentKind;
  operation?: Operation;
  /** Capabilities said of the set, singleton or navigation property that addressed the current resource(s). */
  source?: Capabilities;
}

/** `/users/{id}/memberOf?$top=5` → its segments (query, fragment and empty segments left out). */
export function pathSegments(path: string): string[] {
  return path
    .replace(/[?#].*$/, '')
    .split('/')
    .filter((segment) => segment !== '');
}

/** `filterByCurrentUser(on='reviewer')` → name and the text in parentheses; `users` → name only. */
function splitCall(segment: string): { name: string; args?: string } {
  const match = /^([^(]*)\((.*)\)$/.exec(segment.trim());
  return match ? { name: match[1].trim(), args: match[2] } : { name: segment.trim() };
}

/** Parameter names a call writes (`startDateTime={start},endDateTime=…` → both); none for positional or empty. */
function argumentNames(args: string | undefined): string[] {
  if (!args) return [];
  const unquoted = args.replace(/'(?:[^']|'')*'/g, "''");
  return [...unquoted.matchAll(/(?:^|,)\s*([A-Za-z_]\w*)\s*=/g)].map((match) => match[1].toLowerCase());
}

const isStructured = (model: MetadataModel, type: string | undefined): StructuredType | undefined =>
  type === undefined ? undefined : findStructuredType(model, type);

function addressOf(model: MetadataModel, state: State): ResolvedPath['addresses'] {
  switch (state.kind) {
    case 'ref':
      return 'reference';
    case 'value':
      return 'value';
    case 'count':
      return 'count';
    case 'action':
    case 'function':
    case 'action-import':
    case 'function-import':
      return 'operation';
  }
  const type = state.type ? findType(model, state.type) : undefined;
  if (type?.kind === 'entity') return state.collection ? 'collection' : 'entity';
  if (type?.kind === 'complex') return 'complex';
  if (type === undefined && state.type && !state.type.startsWith('Edm.')) return state.collection ? 'collection' : 'entity';
  return 'primitive';
}

/** Bound operations of a name that take (a collection of) `type` as their binding parameter. */
function boundTo(model: MetadataModel, name: string, type: string, collection: boolean): Operation[] {
  const qualified = name.includes('.') ? model.operations.get(name.toLowerCase()) : undefined;
  const candidates = qualified ?? model.boundOperations.get(unqualifiedName(name).toLowerCase()) ?? [];
  // The nearest binding first: `delta` bound to users before `delta` bound to directory objects.
  const chain = typeChain(model, type).map((base) => base.qualifiedName.toLowerCase());
  const distance = (operation: Operation) => chain.indexOf(operation.binding!.type.toLowerCase());
  return candidates
    .filter((operation) => operation.binding && operation.binding.collection === collection && distance(operation) >= 0)
    .sort((a, b) => distance(a) - distance(b));
}

/** The overload whose parameters include every name the call writes (the first, when it writes none). */
function pickOverload(operations: readonly Operation[], args: string | undefined): Operation | undefined {
  const names = argumentNames(args);
  return operations.find((operation) =>
    names.every((name) => operation.parameters.some((parameter) => parameter.name.toLowerCase() === name)),
  );
}

/** Annotations of a navigation property said through the type that reaches it or a base type (`user/calendar`). */
function navigationAnnotations(model: MetadataModel, owner: string, name: string): ElementAnnotations | undefined {
  for (const type of typeChain(model, owner)) {
    const found = model.annotations.get(`${type.qualifiedName}/${name}`.toLowerCase());
    if (found) return found;
  }
  return undefined;
}

export function resolvePath(model: MetadataModel, path: string | readonly string[]): PathResolution {
  const segments = typeof path === 'string' ? pathSegments(path) : [...path];
  const resolved: ResolvedSegment[] = [];
  const revisions: PathRevision[] = [];
  const noteRevisions = (element: string, annotations: ElementAnnotations | undefined) => {
    for (const revision of annotations?.revisions ?? []) {
      if (!revisions.some((known) => known.element === element && known.revision === revision)) revisions.push({ element, revision });
    }
  };
  const noteType = (type: string | undefined) => {
    const declared = type ? findType(model, type) : undefined;
    if (declared) noteRevisions(declared.qualifiedName, declared.annotations);
  };
  const fail = (index: number, reason: string): UnresolvedPath => ({
    resolved: false,
    segment: index,
    text: segments[index],
    reason,
    segments: resolved,
  });
  if (!segments.length) return fail(0, 'the path is empty');

  let state: State;
  // The first segment: a child of the entity container.
  {
    const { name, args } = splitCall(segments[0]);
    const child: ContainerChild | undefined = model.container?.children.get(name.toLowerCase());
    if (!child) {
      return fail(
        0,
        `${model.container ? `the entity container ${model.container.name}` : 'the metadata (no entity container)'} has no entity set, singleton or operation import "${name}"`,
      );
    }
    noteRevisions(child.target, child.annotations);
    if (child.kind === 'entity-set' || child.kind === 'singleton') {
      const keyed = child.kind === 'entity-set' && args !== undefined;
      state = {
        type: child.type,
        collection: child.kind === 'entity-set' && !keyed,
        kind: keyed ? 'key' : child.kind,
        source: child.annotations.capabilities,
      };
      resolved.push({
        text: segments[0],
        kind: child.kind,
        type: child.type,
        collection: child.kind === 'entity-set',
        element: child.target,
      });
      if (keyed) resolved.push({ text: `(${args})`, kind: 'key', type: child.type, collection: false });
      noteType(child.type);
    } else {
      const overloads = model.operations.get(child.operation?.toLowerCase() ?? '') ?? [];
      const operation = pickOverload(overloads, args) ?? overloads[0];
      if (!operation)
        return fail(0, `the import "${name}" names ${child.operation ?? 'no operation'}, which the metadata does not declare`);
      noteRevisions(operation.qualifiedName, operation.annotations);
      state = { type: operation.returnType?.type, collection: operation.returnType?.collection ?? false, kind: child.kind, operation };
      resolved.push({
        text: segments[0],
        kind: child.kind,
        ...(state.type ? { type: state.type } : {}),
        collection: state.collection,
        element: child.target,
      });
      noteType(state.type);
    }
  }

  for (let index = 1; index < segments.length; index++) {
    const text = segments[index];
    const here = state.type ? unqualifiedName(state.type) : 'it';
    if (state.kind === 'action' || state.kind === 'action-import')
      return fail(index, `nothing follows an action (${state.operation?.name}) in a path`);
    if (state.kind === 'ref' || state.kind === 'value' || state.kind === 'count')
      return fail(index, `nothing follows ${state.kind === 'ref' ? '$ref' : state.kind === 'value' ? '$value' : '$count'} in a path`);
    const lower = text.toLowerCase();
    // `childFolders/{id}/.../messages`: the page elides a repetition of what came before; the walk goes on from here.
    if (/^(\.\.\.|…)$/.test(text)) continue;

    if (lower === '$count') {
      if (!state.collection) return fail(index, `$count needs a collection; ${here} is a single value here`);
      state = { type: 'Edm.Int32', collection: false, kind: 'count' };
      resolved.push({ text, kind: 'count', type: 'Edm.Int32', collection: false });
      continue;
    }
    if (lower === '$ref') {
      const last = resolved[resolved.length - 1];
      const reachedByNavigation = resolved.some((segment) => segment.kind === 'navigation') || last?.kind === 'key';
      if (!reachedByNavigation && last?.kind !== 'entity-set')
        return fail(index, '$ref addresses a reference: it follows a navigation property or an entity');
      state = { ...state, kind: 'ref' };
      resolved.push({ text, kind: 'ref', ...(state.type ? { type: state.type } : {}), collection: state.collection });
      continue;
    }
    if (lower === '$value') {
      state = { ...state, kind: 'value' };
      resolved.push({ text, kind: 'value', ...(state.type ? { type: state.type } : {}), collection: false });
      continue;
    }

    // Graph's path-based addressing: `root:/folder/file.txt:` addresses one item the way `root` is typed.
    // Only a segment that ends with a colon opens (or is) an item path: ids carry colons too (`19:abc@thread.tacv2`).
    const colon = text.endsWith(':') && !text.includes('(') ? text.indexOf(':') : -1;
    if (colon >= 0) {
      // The item path runs to the segment that closes it with a colon (this one, for `root:file.txt:`), or to the end.
      let end = index;
      const closesHere = text.endsWith(':') && text.length - 1 > colon;
      while (!closesHere && end + 1 < segments.length) if (segments[++end].endsWith(':')) break;
      const base = text.slice(0, colon);
      if (base !== '') {
        const step = resolveStep(model, state, base, resolved, noteRevisions, noteType);
        if ('reason' in step) return fail(index, step.reason);
        state = step;
      }
      state = { ...state, collection: false, kind: 'item-path' };
      resolved.push({
        text: segments.slice(index, end + 1).join('/'),
        kind: 'item-path',
        ...(state.type ? { type: state.type } : {}),
        collection: false,
      });
      index = end;
      continue;
    }

    const next = resolveStep(model, state, text, resolved, noteRevisions, noteType);
    if ('reason' in next) return fail(index, next.reason);
    state = next;
  }

  const addresses = addressOf(model, state);
  const typeCapabilities =
    addresses === 'collection' || addresses === 'entity'
      ? typeChain(model, state.type ?? '').map((type) => type.annotations.capabilities)
      : [];
  return {
    resolved: true,
    segments: resolved,
    ...(state.type ? { type: state.type } : {}),
    collection: state.collection,
    addresses,
    ...(state.operation && addresses === 'operation' ? { operation: state.operation } : {}),
    capabilities: addresses === 'collection' || addresses === 'entity' ? mergeCapabilities(state.source, ...typeCapabilities) : {},
    revisions,
  };
}

/** One segment after the first, from where the path stands; the new state, or why the segment does not resolve. */
function resolveStep(
  model: MetadataModel,
  state: State,
  text: string,
  resolved: ResolvedSegment[],
  noteRevisions: (element: string, annotations: ElementAnnotations | undefined) => void,
  noteType: (type: string | undefined) => void,
): State | { reason: string } {
  const { name, args } = splitCall(text);
  const lower = name.toLowerCase();
  const here = state.type ? unqualifiedName(state.type) : 'it';
  // After a placeholder that stands for navigation properties of several types, nothing can be told apart.
  if (state.kind === 'navigation' && state.type === undefined) {
    resolved.push({ text, kind: 'navigation', collection: false });
    return state;
  }
  const structured = isStructured(model, state.type);
  const undeclared = state.type !== undefined && !state.type.startsWith('Edm.') && !findType(model, state.type);
  if (undeclared && !state.collection) return { reason: `${state.type} is not declared in the metadata, so "${name}" cannot be looked up` };

  // A property or navigation property of a single structured value.
  if (structured && !state.collection) {
    const property = [...structured.properties.values()].find((candidate) => candidate.name.toLowerCase() === lower);
    if (property && args === undefined) {
      const element = `${property.declaredBy}/${property.name}`;
      noteRevisions(element, property.annotations);
      resolved.push({ text, kind: 'property', type: property.type, collection: property.collection, element });
      noteType(property.type);
      return { type: property.type, collection: property.collection, kind: 'property' };
    }
    const navigation = [...structured.navigationProperties.values()].find((candidate) => candidate.name.toLowerCase() === lower);
    if (navigation && (args === undefined || navigation.collection)) {
      const element = `${navigation.declaredBy}/${navigation.name}`;
      const annotations = navigationAnnotations(model, structured.qualifiedName, navigation.name);
      noteRevisions(element, annotations);
      resolved.push({
        text: args === undefined ? text : name,
        kind: 'navigation',
        type: navigation.type,
        collection: navigation.collection,
        element,
      });
      noteType(navigation.type);
      const source = annotations?.capabilities;
      if (args !== undefined) {
        resolved.push({ text: `(${args})`, kind: 'key', type: navigation.type, collection: false });
        return { type: navigation.type, collection: false, kind: 'key', ...(source ? { source } : {}) };
      }
      return { type: navigation.type, collection: navigation.collection, kind: 'navigation', ...(source ? { source } : {}) };
    }
  }

  // A placeholder where a name belongs (`…/apiConnectorConfiguration/{step}/$ref`): any navigation property,
  // typed where they all share one type (else the walk cannot tell what follows).
  if (structured && !state.collection && /^\{[^}]*\}$/.test(text)) {
    const types = new Set([...structured.navigationProperties.values()].map((navigation) => `${navigation.type}|${navigation.collection}`));
    if (types.size === 1) {
      const [navigation] = structured.navigationProperties.values();
      resolved.push({ text, kind: 'navigation', type: navigation.type, collection: navigation.collection });
      return { type: navigation.type, collection: navigation.collection, kind: 'navigation' };
    }
    resolved.push({ text, kind: 'navigation', collection: false });
    return { collection: false, kind: 'navigation' };
  }

  // A cast to a derived type (`…/microsoft.graph.group`).
  if (name.includes('.') && args === undefined && state.type) {
    const cast = findStructuredType(model, name);
    if (cast && derivesFrom(model, cast.qualifiedName, state.type)) {
      resolved.push({ text, kind: 'cast', type: cast.qualifiedName, collection: state.collection, element: cast.qualifiedName });
      noteType(cast.qualifiedName);
      return { ...state, type: cast.qualifiedName, kind: 'cast' };
    }
  }

  // A bound action or function.
  if (state.type) {
    const operations = boundTo(model, name, state.type, state.collection);
    if (operations.length) {
      const operation = pickOverload(operations, args);
      if (!operation) {
        return { reason: `no overload of ${operations[0].name} bound to ${here} takes the parameters ${argumentNames(args).join(', ')}` };
      }
      noteRevisions(operation.qualifiedName, operation.annotations);
      const type = operation.returnType?.type;
      const collection = operation.returnType?.collection ?? false;
      resolved.push({ text, kind: operation.kind, ...(type ? { type } : {}), collection, element: operation.qualifiedName });
      noteType(type);
      return { ...(type ? { type } : {}), collection, kind: operation.kind, operation };
    }
  }

  // A key of a collection of entities; not a word that names an operation bound to something else (`/users/cancel`).
  const elsewhere = model.boundOperations.get(unqualifiedName(name).toLowerCase()) ?? model.operations.get(lower) ?? [];
  const namesOperation = elsewhere.length > 0 && !/^\{.*\}$/.test(text);
  if (state.collection && (structured?.kind === 'entity' || undeclared) && !namesOperation) {
    resolved.push({ text, kind: 'key', ...(state.type ? { type: state.type } : {}), collection: false });
    return { ...state, collection: false, kind: 'key' };
  }

  // Why not, as precisely as the metadata allows.
  if (elsewhere.length) {
    const derived = elsewhere.find(
      (operation) =>
        operation.binding &&
        state.type &&
        derivesFrom(model, operation.binding.type, state.type) &&
        operation.binding.collection === state.collection,
    );
    if (derived?.binding) {
      return {
        reason: `${derived.kind} ${derived.name} is bound to ${unqualifiedName(derived.binding.type)}, a type derived from ${here}: the path needs a cast (…/${derived.binding.type}/${derived.name})`,
      };
    }
    const bindings = [
      ...new Set(
        elsewhere.map((operation) =>
          operation.binding
            ? `${operation.binding.collection ? 'a collection of ' : ''}${unqualifiedName(operation.binding.type)}`
            : 'nothing (unbound)',
        ),
      ),
    ];
    return {
      reason: `${elsewhere[0].kind} ${elsewhere[0].name} is bound to ${bindings.slice(0, 5).join(', ')}${bindings.length > 5 ? ', …' : ''}, not to ${state.collection ? 'a collection of ' : ''}${here}`,
    };
  }
  if (!structured)
    return {
      reason: `${state.type ?? 'the result'} is ${state.collection ? 'a collection of ' : ''}${state.type?.startsWith('Edm.') ? 'primitive values' : 'no structured type'}: "${name}" cannot follow`,
    };
  if (state.collection)
    return { reason: `"${name}" follows a collection of ${here}: only a key, a cast, $count, $ref or a bound operation can` };
  return { reason: `${here} has no property, navigation property or bound operation "${name}"` };
}
