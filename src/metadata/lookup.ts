/** Finding types in a model: by qualified name (any alias, any case), by the simple name a page uses, along inheritance. */
import type { MetadataModel, MetadataType, StructuredType, TypeUse } from './model';

const PREFERRED_NAMESPACE = 'microsoft.graph';

/** A type by qualified name; aliases and case aside (`graph.User`, `#microsoft.graph.user`). */
export function findType(model: MetadataModel, name: string): MetadataType | undefined {
  const bare = name.trim().replace(/^#/, '');
  const direct = model.types.get(bare.toLowerCase());
  if (direct) return direct;
  const dot = bare.lastIndexOf('.');
  if (dot < 0) return undefined;
  const prefix = bare.slice(0, dot).toLowerCase();
  const alias = [...model.aliases].find(([written]) => written.toLowerCase() === prefix)?.[1];
  return alias ? model.types.get(`${alias}.${bare.slice(dot + 1)}`.toLowerCase()) : undefined;
}

export function findStructuredType(model: MetadataModel, name: string): StructuredType | undefined {
  const type = findType(model, name);
  return type?.kind === 'entity' || type?.kind === 'complex' ? type : undefined;
}

/** Simple names lowercased → the types so named, across namespaces (built once per model). */
const bySimpleName = new WeakMap<MetadataModel, Map<string, MetadataType[]>>();

function simpleNameIndex(model: MetadataModel): Map<string, MetadataType[]> {
  let index = bySimpleName.get(model);
  if (!index) {
    index = new Map();
    for (const type of model.types.values()) index.set(type.name.toLowerCase(), [...(index.get(type.name.toLowerCase()) ?? []), type]);
    bySimpleName.set(model, index);
  }
  return index;
}

export interface PageTypeMatch {
  type: MetadataType;
  /** Other types of that simple name, in other namespaces, when the choice was not forced by a namespace. */
  alsoIn?: string[];
}

/**
 * The metadata type a page means: by its qualified name when the page gives a namespace (or the name
 * is qualified), else by simple name across schemas. Where several namespaces declare the name, the
 * page's namespace wins, then `microsoft.graph` (Graph's main namespace), then the first by name;
 * the others are returned in `alsoIn`, to be said.
 */
export function findPageType(model: MetadataModel, name: string, namespace?: string): PageTypeMatch | undefined {
  const bare = name.trim().replace(/^#/, '');
  if (bare.includes('.')) {
    const qualified = findType(model, bare);
    if (qualified) return { type: qualified };
  }
  if (namespace) {
    const inNamespace = findType(model, `${namespace}.${bare}`);
    if (inNamespace) return { type: inNamespace };
  }
  const candidates = simpleNameIndex(model).get(bare.slice(bare.lastIndexOf('.') + 1).toLowerCase()) ?? [];
  if (!candidates.length) return undefined;
  const rank = (type: MetadataType) =>
    type.namespace.toLowerCase() === namespace?.toLowerCase() ? 0 : type.namespace.toLowerCase() === PREFERRED_NAMESPACE ? 1 : 2;
  const [type, ...others] = [...candidates].sort((a, b) => rank(a) - rank(b) || a.qualifiedName.localeCompare(b.qualifiedName));
  return others.length ? { type, alsoIn: others.map((other) => other.qualifiedName) } : { type };
}

/** The type and its base types, nearest first (a cycle ends the chain). */
export function typeChain(model: MetadataModel, name: string): StructuredType[] {
  const chain: StructuredType[] = [];
  for (
    let type = findStructuredType(model, name);
    type && !chain.includes(type);
    type = type.baseType ? findStructuredType(model, type.baseType) : undefined
  ) {
    chain.push(type);
  }
  return chain;
}

/** Does `name` derive from `base` (a type derives from itself)? */
export function derivesFrom(model: MetadataModel, name: string, base: string): boolean {
  const wanted = base.toLowerCase();
  return typeChain(model, name).some((type) => type.qualifiedName.toLowerCase() === wanted);
}

/** `Edm.String`, `Collection(microsoft.graph.user)`: a type use in words, for messages. */
export function describeTypeUse(use: TypeUse): string {
  return use.collection ? `Collection(${use.type})` : use.type;
}

/** The primitive a type use comes down to (a TypeDefinition's underlying type), or the type itself. */
export function underlyingType(model: MetadataModel, type: string): string {
  const found = findType(model, type);
  return found?.kind === 'definition' ? found.underlyingType : (found?.qualifiedName ?? type);
}
