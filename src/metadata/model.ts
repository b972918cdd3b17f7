/**
 * What a service says of itself in its CSDL (`$metadata`), as read by `readMetadata`: one model for all
 * the documents read together, names resolved (aliases replaced by their namespaces, so `graph.user`,
 * `microsoft.graph.user` and `self.alert` each name one type), inheritance flattened, and the
 * annotations the suite acts on (revisions, computed, capability restrictions) interpreted.
 *
 * Type names in the model are qualified as declared (`microsoft.graph.user`), or `Edm.<Primitive>`;
 * lookups of names are case-insensitive (pages and paths disagree on case), the model keeps the
 * declared spelling.
 */

/** A revision of an element (`Org.OData.Core.V1.Revisions`): `Deprecated`, `Retired`, `Added`, `Modified`. */
export interface Revision {
  kind: string;
  /** The date of the revision (`2024-04-10`). */
  date?: string;
  /** When a deprecated element goes away (`2026-04-10`). */
  removalDate?: string;
  description?: string;
  version?: string;
}

/** What the capability annotations allow on an entity set, singleton, navigation property or type; absent = not said. */
export interface Capabilities {
  /** `InsertRestrictions/Insertable`: a POST to the collection. */
  insertable?: boolean;
  /** `UpdateRestrictions/Updatable`. */
  updatable?: boolean;
  /** `UpdateRestrictions/UpdateMethod`: the methods an update takes (`PATCH`, `PUT`). */
  updateMethods?: string[];
  /** `DeleteRestrictions/Deletable`. */
  deletable?: boolean;
  /** `ReadRestrictions/Readable`: reading the collection (or the single resource). */
  readable?: boolean;
  /** `ReadRestrictions/ReadByKeyRestrictions/Readable`: reading one member by key. */
  readableByKey?: boolean;
}

/** The annotations of one element, interpreted where the suite acts on them; `terms` holds every term read. */
export interface ElementAnnotations {
  revisions?: Revision[];
  /** `Org.OData.Core.V1.Computed`: the service sets the value; a client does not. */
  computed?: boolean;
  /** `Org.OData.Core.V1.Immutable`. */
  immutable?: boolean;
  capabilities?: Capabilities;
  description?: string;
  /** Every annotation on the element by qualified term name (`Org.OData.Core.V1.Description`), values as JSON. */
  terms: Record<string, unknown>;
}

/** A type as a property, parameter or return type uses it. */
export interface TypeUse {
  /** Qualified name as declared (`microsoft.graph.logonType`) or `Edm.String`; an undeclared name resolved as far as it goes. */
  type: string;
  collection: boolean;
}

export interface StructuralProperty extends TypeUse {
  name: string;
  /** As declared; CSDL XML's default is true (a collection's Nullable speaks of its items). */
  nullable: boolean;
  /** The type that declares it (a base type, for an inherited property). */
  declaredBy: string;
  annotations: ElementAnnotations;
}

export interface NavigationProperty extends TypeUse {
  name: string;
  nullable: boolean;
  containsTarget: boolean;
  declaredBy: string;
  annotations: ElementAnnotations;
}

interface NamedType {
  /** Simple name as declared: `logonUser`. */
  name: string;
  namespace: string;
  /** `microsoft.graph.logonUser`. */
  qualifiedName: string;
  annotations: ElementAnnotations;
}

export interface StructuredType extends NamedType {
  kind: 'entity' | 'complex';
  baseType?: string;
  abstract: boolean;
  openType: boolean;
  hasStream: boolean;
  /** Key property names, from the type or the nearest base type that declares one. */
  key?: string[];
  /** Structural properties, inherited ones included (base first), by name as declared. */
  properties: Map<string, StructuralProperty>;
  navigationProperties: Map<string, NavigationProperty>;
  /** Types that name this one as their base type, directly. */
  derivedTypes: string[];
}

export interface EnumMember {
  name: string;
  value?: number;
}

export interface EnumType extends NamedType {
  kind: 'enum';
  isFlags: boolean;
  members: EnumMember[];
}

/** A `TypeDefinition`: a named primitive (`UnderlyingType`). */
export interface TypeDefinition extends NamedType {
  kind: 'definition';
  underlyingType: string;
}

export type MetadataType = StructuredType | EnumType | TypeDefinition;

export interface Parameter extends TypeUse {
  name: string;
  nullable: boolean;
  annotations: ElementAnnotations;
}

export interface Operation {
  kind: 'action' | 'function';
  name: string;
  namespace: string;
  qualifiedName: string;
  bound: boolean;
  /** The first parameter of a bound operation: the type (and collection) it is called on. */
  binding?: Parameter;
  /** The parameters a caller passes (the binding parameter left out). */
  parameters: Parameter[];
  returnType?: TypeUse & { nullable: boolean };
  composable: boolean;
  annotations: ElementAnnotations;
}

/** An entity set, a singleton, or an action/function import of the entity container. */
export interface ContainerChild {
  kind: 'entity-set' | 'singleton' | 'action-import' | 'function-import';
  name: string;
  /** The entity type (entity sets, singletons). */
  type?: string;
  /** The qualified name of the imported operation (imports). */
  operation?: string;
  /** `microsoft.graph.GraphService/users`: how annotations target it. */
  target: string;
  annotations: ElementAnnotations;
}

export interface EntityContainer {
  name: string;
  namespace: string;
  qualifiedName: string;
  /** By name, lowercased. */
  children: Map<string, ContainerChild>;
}

export interface MetadataModel {
  /** The documents read, by name, with the CSDL version each declares. */
  documents: { name: string; version?: string; format: 'xml' | 'json' }[];
  /** Declared namespaces, and the alias each schema gives its namespace (`graph` → `microsoft.graph`). */
  namespaces: string[];
  aliases: Map<string, string>;
  /** Every declared type by its qualified name, lowercased. */
  types: Map<string, MetadataType>;
  /** Every action and function by qualified name, lowercased (overloads together). */
  operations: Map<string, Operation[]>;
  /** Bound operations by simple name, lowercased: how paths call them (`…/events/{id}/cancel`). */
  boundOperations: Map<string, Operation[]>;
  container?: EntityContainer;
  /**
   * Every annotation by canonical target (aliases resolved, lowercased): `microsoft.graph.user`,
   * `microsoft.graph.user/calendar`, `microsoft.graph.graphservice/users`, `microsoft.graph.cancel(microsoft.graph.event)`.
   */
  annotations: Map<string, ElementAnnotations>;
}

/** A document that is not CSDL the reader can use: the one line a user reads. */
export class MetadataError extends Error {}
