/**
 * Several CSDL documents → one `MetadataModel`. Read as one document, as OData allows: an alias is
 * known in every document (`graph.user` in one file names `microsoft.graph.user` of another), and an
 * `Annotations` element may target a type declared elsewhere (the seeds' revisions file does).
 * Inheritance is flattened: a property declared on a base type is a property of every derived type.
 */
import { canonicalPrimitive } from '../edm/primitives';
import { interpretAnnotations, NO_ANNOTATIONS } from './annotations';
import {
  MetadataError,
  type ContainerChild,
  type ElementAnnotations,
  type EntityContainer,
  type MetadataModel,
  type MetadataType,
  type NavigationProperty,
  type Operation,
  type Parameter,
  type StructuralProperty,
  type StructuredType,
  type TypeUse,
} from './model';
import { readRawDocument, splitCollection, type RawAnnotation, type RawDocument, type RawType } from './rawCsdl';

export interface MetadataSource {
  /** A file name or URL: said in errors and in the model's `documents`. */
  name: string;
  text: string;
}

/** Edm types that are not primitives a property table names (abstract, spatial): kept as written, capitalised as the spec does. */
const OTHER_EDM = new Map(
  [
    'PrimitiveType',
    'Untyped',
    'ComplexType',
    'EntityType',
    'AnnotationPath',
    'PropertyPath',
    'NavigationPropertyPath',
    'Geography',
    'GeographyPoint',
    'GeographyLineString',
    'GeographyPolygon',
    'GeographyMultiPoint',
    'GeographyMultiLineString',
    'GeographyMultiPolygon',
    'GeographyCollection',
    'Geometry',
    'GeometryPoint',
    'GeometryLineString',
    'GeometryPolygon',
    'GeometryMultiPoint',
    'GeometryMultiLineString',
    'GeometryMultiPolygon',
    'GeometryCollection',
  ].map((name) => [name.toLowerCase(), name]),
);

/** How names are resolved across the documents: aliases and namespaces, case aside. */
export class NameResolver {
  /** Lowercased alias or namespace → namespace as declared. */
  private readonly prefixes = new Map<string, string>();
  /** Lowercased qualified name → as declared, for declared types. */
  readonly declared = new Map<string, string>();

  constructor(documents: readonly RawDocument[]) {
    for (const document of documents) {
      for (const schema of document.schemas) this.prefixes.set(schema.namespace.toLowerCase(), schema.namespace);
      for (const reference of document.references) {
        if (!this.prefixes.has(reference.namespace.toLowerCase()))
          this.prefixes.set(reference.namespace.toLowerCase(), reference.namespace);
      }
    }
    for (const document of documents) {
      for (const schema of document.schemas) if (schema.alias) this.prefixes.set(schema.alias.toLowerCase(), schema.namespace);
      for (const reference of document.references)
        if (reference.alias) this.prefixes.set(reference.alias.toLowerCase(), reference.namespace);
    }
  }

  /** `graph.user`, `#microsoft.graph.user`, `Edm.string` → `microsoft.graph.user`, `Edm.String`; an unknown prefix is kept. */
  qualify(written: string): string {
    const name = written.trim().replace(/^#/, '');
    const dot = name.lastIndexOf('.');
    if (dot < 0) return name;
    const prefix = name.slice(0, dot);
    const simple = name.slice(dot + 1);
    if (prefix.toLowerCase() === 'edm') {
      const primitive = canonicalPrimitive(simple);
      return `Edm.${primitive && primitive.toLowerCase() === simple.toLowerCase() ? primitive : (OTHER_EDM.get(simple.toLowerCase()) ?? simple)}`;
    }
    const qualified = `${this.prefixes.get(prefix.toLowerCase()) ?? prefix}.${simple}`;
    return this.declared.get(qualified.toLowerCase()) ?? qualified;
  }

  /** A term's qualified name (`Core.Revisions` → `Org.OData.Core.V1.Revisions`). */
  term(written: string): string {
    const dot = written.lastIndexOf('.');
    return dot < 0
      ? written
      : `${this.prefixes.get(written.slice(0, dot).toLowerCase()) ?? written.slice(0, dot)}.${written.slice(dot + 1)}`;
  }

  /**
   * An annotation target in one canonical spelling, lowercased: the leading qualified name (with an
   * operation's parameter types, `ns.cancel(ns.event, Edm.String)`) resolved, then the path after it.
   */
  target(written: string): string {
    const text = written.replace(/\s+/g, '');
    const head = /^[^/(]*/.exec(text)![0];
    let at = head.length;
    let parameters = '';
    if (text[at] === '(') {
      // The parameter types of one overload, `Collection(…)` nested inside.
      let depth = 0;
      let end = at;
      for (; end < text.length; end++) {
        if (text[end] === '(') depth++;
        else if (text[end] === ')' && --depth === 0) break;
      }
      const types = text
        .slice(at + 1, end)
        .split(/,(?![^(]*\))/)
        .filter(Boolean);
      parameters = `(${types
        .map((part) => {
          const use = splitCollection(part);
          return use.collection ? `Collection(${this.qualify(use.type)})` : this.qualify(use.type);
        })
        .join(',')})`;
      at = end + 1;
    }
    return `${this.qualify(head)}${parameters}${text.slice(at)}`.toLowerCase();
  }
}

const signatureKey = (name: string, types: readonly TypeUse[]) =>
  `${name}(${types.map((use) => (use.collection ? `Collection(${use.type})` : use.type)).join(',')})`.toLowerCase();

/** Reads and joins the documents; a document that is not CSDL throws a `MetadataError` naming it. */
export function readMetadata(sources: readonly MetadataSource[]): MetadataModel {
  if (!sources.length) throw new MetadataError('no metadata document to read');
  const documents = sources.map((source) => readRawDocument(source.name, source.text));
  const names = new NameResolver(documents);

  // Every type declared, under its qualified name (a second declaration of one name is ignored).
  const rawTypes = new Map<string, { raw: RawType; namespace: string }>();
  for (const document of documents) {
    for (const schema of document.schemas) {
      for (const raw of schema.types) {
        const qualified = `${schema.namespace}.${raw.name}`;
        if (rawTypes.has(qualified.toLowerCase())) continue;
        rawTypes.set(qualified.toLowerCase(), { raw, namespace: schema.namespace });
        names.declared.set(qualified.toLowerCase(), qualified);
      }
    }
  }

  // Annotations by canonical target, from `Annotations` elements and from inside the elements they annotate.
  const collected = new Map<string, Record<string, unknown>>();
  const annotate = (target: string, annotations: readonly RawAnnotation[]) => {
    if (!annotations.length) return;
    const key = names.target(target);
    const terms = collected.get(key) ?? {};
    for (const annotation of annotations)
      terms[`${names.term(annotation.term)}${annotation.qualifier ? `#${annotation.qualifier}` : ''}`] = annotation.value;
    collected.set(key, terms);
  };
  for (const document of documents) {
    for (const schema of document.schemas) {
      for (const group of schema.annotationGroups) annotate(group.target, group.annotations);
      for (const raw of schema.types) {
        const qualified = `${schema.namespace}.${raw.name}`;
        annotate(qualified, raw.annotations);
        for (const property of raw.properties) annotate(`${qualified}/${property.name}`, property.annotations);
        for (const member of raw.members) annotate(`${qualified}/${member.name}`, member.annotations);
      }
      for (const raw of schema.operations) {
        const signature = raw.parameters.map((p) => (p.collection ? `Collection(${p.type})` : p.type)).join(',');
        annotate(`${schema.namespace}.${raw.name}(${signature})`, raw.annotations);
        for (const parameter of raw.parameters)
          annotate(`${schema.namespace}.${raw.name}(${signature})/${parameter.name}`, parameter.annotations);
      }
      if (schema.container) {
        annotate(`${schema.namespace}.${schema.container.name}`, schema.container.annotations);
        for (const child of schema.container.children)
          annotate(`${schema.namespace}.${schema.container.name}/${child.name}`, child.annotations);
      }
    }
  }
  const annotations = new Map<string, ElementAnnotations>([...collected].map(([key, terms]) => [key, interpretAnnotations(terms)]));
  const annotationsOf = (...keys: string[]): ElementAnnotations => {
    const found = keys.map((key) => collected.get(key.toLowerCase())).filter((terms) => terms !== undefined);
    if (!found.length) return NO_ANNOTATIONS;
    return found.length === 1
      ? annotations.get(keys.find((key) => collected.has(key.toLowerCase()))!.toLowerCase())!
      : interpretAnnotations(Object.assign({}, ...found) as Record<string, unknown>);
  };
  const use = (type: string, collection: boolean): TypeUse => ({ type: names.qualify(type), collection });

  // Types, inheritance flattened (base first; a cycle or a missing base ends the chain).
  const types = new Map<string, MetadataType>();
  const building = new Set<string>();
  const build = (key: string): MetadataType | undefined => {
    const done = types.get(key);
    if (done) return done;
    const entry = rawTypes.get(key);
    if (!entry || building.has(key)) return undefined;
    building.add(key);
    const { raw, namespace } = entry;
    const qualifiedName = `${namespace}.${raw.name}`;
    const common = { name: raw.name, namespace, qualifiedName, annotations: annotationsOf(qualifiedName) };
    let type: MetadataType;
    if (raw.kind === 'enum') {
      type = {
        ...common,
        kind: 'enum',
        isFlags: raw.isFlags,
        members: raw.members.map(({ name, value }) => ({ name, ...(value !== undefined ? { value } : {}) })),
      };
    } else if (raw.kind === 'definition') {
      type = { ...common, kind: 'definition', underlyingType: names.qualify(raw.underlyingType ?? 'Edm.String') };
    } else {
      const baseType = raw.baseType ? names.qualify(raw.baseType) : undefined;
      const base = baseType ? build(baseType.toLowerCase()) : undefined;
      const inherited = base && base.kind !== 'enum' && base.kind !== 'definition' ? base : undefined;
      const properties = new Map<string, StructuralProperty>();
      const navigationProperties = new Map<string, NavigationProperty>();
      // An inherited property takes the annotations said of it through this type too (`derived/prop`).
      for (const property of inherited?.properties.values() ?? []) {
        properties.set(property.name, {
          ...property,
          annotations: annotationsOf(`${property.declaredBy}/${property.name}`, `${qualifiedName}/${property.name}`),
        });
      }
      for (const property of inherited?.navigationProperties.values() ?? []) {
        navigationProperties.set(property.name, {
          ...property,
          annotations: annotationsOf(`${property.declaredBy}/${property.name}`, `${qualifiedName}/${property.name}`),
        });
      }
      for (const property of raw.properties) {
        const common = {
          name: property.name,
          ...use(property.type, property.collection),
          nullable: property.nullable,
          declaredBy: qualifiedName,
          annotations: annotationsOf(`${qualifiedName}/${property.name}`),
        };
        if (property.navigation) navigationProperties.set(property.name, { ...common, containsTarget: property.containsTarget });
        else properties.set(property.name, common);
      }
      const structured: StructuredType = {
        ...common,
        kind: raw.kind,
        ...(baseType ? { baseType } : {}),
        abstract: raw.abstract,
        openType: raw.openType || Boolean(inherited?.openType),
        hasStream: raw.hasStream || Boolean(inherited?.hasStream),
        ...(raw.key ? { key: raw.key } : inherited?.key ? { key: inherited.key } : {}),
        properties,
        navigationProperties,
        derivedTypes: [],
      };
      type = structured;
    }
    building.delete(key);
    types.set(key, type);
    return type;
  };
  for (const key of rawTypes.keys()) build(key);
  for (const type of types.values()) {
    if (type.kind !== 'entity' && type.kind !== 'complex') continue;
    const base = type.baseType ? types.get(type.baseType.toLowerCase()) : undefined;
    if (base && (base.kind === 'entity' || base.kind === 'complex')) base.derivedTypes.push(type.qualifiedName);
  }

  // Operations, overloads together; a bound one is also found by its simple name, as paths call it.
  const operations = new Map<string, Operation[]>();
  const boundOperations = new Map<string, Operation[]>();
  for (const document of documents) {
    for (const schema of document.schemas) {
      for (const raw of schema.operations) {
        const qualifiedName = `${schema.namespace}.${raw.name}`;
        const parameters: Parameter[] = raw.parameters.map((parameter) => ({
          name: parameter.name,
          ...use(parameter.type, parameter.collection),
          nullable: parameter.nullable,
          annotations: NO_ANNOTATIONS,
        }));
        const all = signatureKey(qualifiedName, parameters);
        const binding = raw.bound ? parameters[0] : undefined;
        for (const parameter of parameters) parameter.annotations = annotationsOf(`${all}/${parameter.name}`);
        const operation: Operation = {
          kind: raw.kind,
          name: raw.name,
          namespace: schema.namespace,
          qualifiedName,
          bound: raw.bound,
          ...(binding ? { binding } : {}),
          parameters: binding ? parameters.slice(1) : parameters,
          ...(raw.returnType
            ? { returnType: { ...use(raw.returnType.type, raw.returnType.collection), nullable: raw.returnType.nullable } }
            : {}),
          composable: raw.composable,
          // Said of every overload (`ns.op`), of this one by all its parameter types, or (actions) by its binding type only.
          annotations: annotationsOf(qualifiedName, all, ...(binding ? [signatureKey(qualifiedName, [binding])] : [])),
        };
        operations.set(qualifiedName.toLowerCase(), [...(operations.get(qualifiedName.toLowerCase()) ?? []), operation]);
        if (raw.bound) boundOperations.set(raw.name.toLowerCase(), [...(boundOperations.get(raw.name.toLowerCase()) ?? []), operation]);
      }
    }
  }

  // The entity container (a service has one; the first declared wins).
  let container: EntityContainer | undefined;
  for (const document of documents) {
    for (const schema of document.schemas) {
      if (!schema.container || container) continue;
      const qualifiedName = `${schema.namespace}.${schema.container.name}`;
      container = { name: schema.container.name, namespace: schema.namespace, qualifiedName, children: new Map() };
      for (const raw of schema.container.children) {
        const target = `${qualifiedName}/${raw.name}`;
        const child: ContainerChild = {
          kind: raw.kind,
          name: raw.name,
          ...(raw.type ? { type: names.qualify(raw.type) } : {}),
          ...(raw.operation ? { operation: names.qualify(raw.operation) } : {}),
          target,
          annotations: annotationsOf(target),
        };
        container.children.set(raw.name.toLowerCase(), child);
      }
    }
  }

  const namespaces = [...new Set(documents.flatMap((document) => document.schemas.map((schema) => schema.namespace)))];
  const aliases = new Map<string, string>();
  for (const document of documents) for (const schema of document.schemas) if (schema.alias) aliases.set(schema.alias, schema.namespace);
  return {
    documents: documents.map(({ name, version, format }) => ({ name, format, ...(version ? { version } : {}) })),
    namespaces,
    aliases,
    types,
    operations,
    boundOperations,
    ...(container ? { container } : {}),
    annotations,
  };
}
