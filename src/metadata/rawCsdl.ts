/**
 * CSDL documents, XML (`edmx:Edmx`) or JSON (`$Version`), read into one plain shape, names still as
 * written: aliases, base types and annotation targets are resolved later, across all the documents of
 * a service (`buildModel.ts`), because an `Annotations` element may target a type of another file.
 *
 * XML is parsed by fast-xml-parser after its validator has checked that the text is well-formed (the
 * parser alone is lenient, and a truncated download must be an error that says where, not a model
 * with types missing).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isObject } from '../core/json';
import { memberNames } from './annotations';
import { MetadataError } from './model';

export interface RawAnnotation {
  /** As written: `Org.OData.Core.V1.Computed`, or through an alias, `Core.Computed`. */
  term: string;
  qualifier?: string;
  /** The value as JSON: records are objects, collections arrays, enum members their names (`"PATCH,PUT"`). */
  value: unknown;
}

export interface RawTypeUse {
  /** As written, without `Collection(…)`: `graph.logonType`, `Edm.String`. */
  type: string;
  collection: boolean;
}

export interface RawProperty extends RawTypeUse {
  name: string;
  navigation: boolean;
  nullable: boolean;
  containsTarget: boolean;
  annotations: RawAnnotation[];
}

export interface RawType {
  kind: 'entity' | 'complex' | 'enum' | 'definition';
  name: string;
  baseType?: string;
  abstract: boolean;
  openType: boolean;
  hasStream: boolean;
  key?: string[];
  properties: RawProperty[];
  members: { name: string; value?: number; annotations: RawAnnotation[] }[];
  isFlags: boolean;
  underlyingType?: string;
  annotations: RawAnnotation[];
}

export interface RawParameter extends RawTypeUse {
  name: string;
  nullable: boolean;
  annotations: RawAnnotation[];
}

export interface RawOperation {
  kind: 'action' | 'function';
  name: string;
  bound: boolean;
  composable: boolean;
  parameters: RawParameter[];
  returnType?: RawTypeUse & { nullable: boolean };
  annotations: RawAnnotation[];
}

export interface RawContainerChild {
  kind: 'entity-set' | 'singleton' | 'action-import' | 'function-import';
  name: string;
  type?: string;
  operation?: string;
  annotations: RawAnnotation[];
}

export interface RawSchema {
  namespace: string;
  alias?: string;
  types: RawType[];
  operations: RawOperation[];
  container?: { name: string; children: RawContainerChild[]; annotations: RawAnnotation[] };
  /** `<Annotations Target="…">` (`$Annotations` in JSON): annotations kept apart from what they target. */
  annotationGroups: { target: string; annotations: RawAnnotation[] }[];
}

export interface RawDocument {
  name: string;
  format: 'xml' | 'json';
  version?: string;
  /** Namespaces referenced from other documents (`Org.OData.Core.V1` as `Core`): their aliases name terms. */
  references: { namespace: string; alias?: string }[];
  schemas: RawSchema[];
}

/** A document by its content: JSON CSDL starts with `{`, anything else is read as XML. */
export function readRawDocument(name: string, text: string): RawDocument {
  const body = text.replace(/^\ufeff/, '').trimStart();
  return body.startsWith('{') ? readJsonDocument(name, body) : readXmlDocument(name, body);
}

// ---------------------------------------------------------------------------------------------- XML

type XmlElement = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every element a list, so that one `Property` and many read alike.
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});

const children = (element: XmlElement | undefined, tag: string): XmlElement[] =>
  ((element?.[tag] as unknown[] | undefined) ?? []).map((child) =>
    typeof child === 'object' && child !== null ? (child as XmlElement) : { '#text': child },
  );
const attribute = (element: XmlElement, name: string): string | undefined => {
  const value = element[`@_${name}`];
  return typeof value === 'string' ? value : undefined;
};
const flag = (element: XmlElement, name: string, fallback = false): boolean => {
  const value = attribute(element, name);
  return value === undefined ? fallback : value.trim().toLowerCase() === 'true';
};
const textOf = (element: XmlElement): string => {
  const text = element['#text'];
  return typeof text === 'string' || typeof text === 'number' || typeof text === 'boolean' ? String(text).trim() : '';
};
const jsonText = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `Collection(graph.x)` → `{ type: 'graph.x', collection: true }`. */
export function splitCollection(written: string): RawTypeUse {
  const match = /^\s*Collection\s*\(\s*(.*?)\s*\)\s*$/i.exec(written);
  return match ? { type: match[1], collection: true } : { type: written.trim(), collection: false };
}

/** `Org.OData.Capabilities.V1.HttpMethod/PATCH Org.OData.Capabilities.V1.HttpMethod/PUT` → `PATCH,PUT`. */
const enumMembers = (text: string) => memberNames(text).join(',');

const CONSTANTS: Record<string, (text: string) => unknown> = {
  Bool: (text) => text.trim().toLowerCase() === 'true',
  Int: Number,
  Float: Number,
  Decimal: Number,
  String: (text) => text,
  Date: (text) => text,
  DateTimeOffset: (text) => text,
  TimeOfDay: (text) => text,
  Duration: (text) => text,
  Guid: (text) => text,
  Binary: (text) => text,
  EnumMember: enumMembers,
  Path: (text) => text,
  PropertyPath: (text) => text,
  NavigationPropertyPath: (text) => text,
  AnnotationPath: (text) => text,
  ModelElementPath: (text) => text,
};

/** An annotation's (or a property value's) value: a constant attribute, or a child expression. */
function xmlValue(element: XmlElement): unknown {
  for (const [name, read] of Object.entries(CONSTANTS)) {
    const value = attribute(element, name);
    if (value !== undefined) return read(value);
  }
  for (const record of children(element, 'Record')) return xmlRecord(record);
  for (const collection of children(element, 'Collection')) return xmlCollection(collection);
  for (const [name, read] of Object.entries(CONSTANTS)) {
    const [first] = children(element, name);
    if (first) return read(textOf(first));
  }
  if (children(element, 'Null').length) return null;
  return true; // A term with no value: a Core.Tag-like `true`.
}

function xmlRecord(record: XmlElement): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const property of children(record, 'PropertyValue')) {
    const name = attribute(property, 'Property');
    if (name !== undefined) value[name] = xmlValue(property);
  }
  return value;
}

function xmlCollection(collection: XmlElement): unknown[] {
  const items: unknown[] = [];
  for (const record of children(collection, 'Record')) items.push(xmlRecord(record));
  for (const [name, read] of Object.entries(CONSTANTS)) for (const item of children(collection, name)) items.push(read(textOf(item)));
  for (const inner of children(collection, 'Collection')) items.push(xmlCollection(inner));
  return items;
}

function xmlAnnotations(element: XmlElement): RawAnnotation[] {
  return children(element, 'Annotation').flatMap((annotation) => {
    const term = attribute(annotation, 'Term');
    if (!term) return [];
    const qualifier = attribute(annotation, 'Qualifier');
    return [{ term, ...(qualifier ? { qualifier } : {}), value: xmlValue(annotation) }];
  });
}

function xmlProperty(element: XmlElement, navigation: boolean): RawProperty {
  const { type, collection } = splitCollection(attribute(element, 'Type') ?? 'Edm.String');
  return {
    name: attribute(element, 'Name') ?? '',
    type,
    collection,
    navigation,
    // CSDL XML: Nullable absent means nullable (for a collection: items may be null).
    nullable: flag(element, 'Nullable', true),
    containsTarget: flag(element, 'ContainsTarget'),
    annotations: xmlAnnotations(element),
  };
}

function xmlType(element: XmlElement, kind: RawType['kind']): RawType {
  const key = children(element, 'Key').flatMap((k) => children(k, 'PropertyRef').map((ref) => attribute(ref, 'Name') ?? ''));
  const baseType = attribute(element, 'BaseType');
  const underlyingType = attribute(element, 'UnderlyingType');
  return {
    kind,
    name: attribute(element, 'Name') ?? '',
    ...(baseType ? { baseType } : {}),
    abstract: flag(element, 'Abstract'),
    openType: flag(element, 'OpenType'),
    hasStream: flag(element, 'HasStream'),
    ...(key.length ? { key } : {}),
    properties: [
      ...children(element, 'Property').map((p) => xmlProperty(p, false)),
      ...children(element, 'NavigationProperty').map((p) => xmlProperty(p, true)),
    ],
    members: children(element, 'Member').map((member) => {
      const value = attribute(member, 'Value');
      return {
        name: attribute(member, 'Name') ?? '',
        ...(value !== undefined && value.trim() !== '' ? { value: Number(value) } : {}),
        annotations: xmlAnnotations(member),
      };
    }),
    isFlags: flag(element, 'IsFlags'),
    ...(underlyingType ? { underlyingType } : {}),
    annotations: xmlAnnotations(element),
  };
}

function xmlOperation(element: XmlElement, kind: RawOperation['kind']): RawOperation {
  const [returns] = children(element, 'ReturnType');
  return {
    kind,
    name: attribute(element, 'Name') ?? '',
    bound: flag(element, 'IsBound'),
    composable: flag(element, 'IsComposable'),
    parameters: children(element, 'Parameter').map((parameter) => ({
      name: attribute(parameter, 'Name') ?? '',
      ...splitCollection(attribute(parameter, 'Type') ?? 'Edm.String'),
      nullable: flag(parameter, 'Nullable', true),
      annotations: xmlAnnotations(parameter),
    })),
    ...(returns
      ? { returnType: { ...splitCollection(attribute(returns, 'Type') ?? 'Edm.String'), nullable: flag(returns, 'Nullable', true) } }
      : {}),
    annotations: xmlAnnotations(element),
  };
}

function xmlContainer(element: XmlElement): NonNullable<RawSchema['container']> {
  const child = (kind: RawContainerChild['kind'], tag: string, typeAttribute: string, field: 'type' | 'operation') =>
    children(element, tag).map((e) => {
      const value = attribute(e, typeAttribute);
      return { kind, name: attribute(e, 'Name') ?? '', ...(value ? { [field]: value } : {}), annotations: xmlAnnotations(e) };
    });
  return {
    name: attribute(element, 'Name') ?? '',
    children: [
      ...child('entity-set', 'EntitySet', 'EntityType', 'type'),
      ...child('singleton', 'Singleton', 'Type', 'type'),
      ...child('action-import', 'ActionImport', 'Action', 'operation'),
      ...child('function-import', 'FunctionImport', 'Function', 'operation'),
    ],
    annotations: xmlAnnotations(element),
  };
}

function xmlSchema(element: XmlElement): RawSchema {
  const [container] = children(element, 'EntityContainer');
  const alias = attribute(element, 'Alias');
  return {
    namespace: attribute(element, 'Namespace') ?? '',
    ...(alias ? { alias } : {}),
    types: [
      ...children(element, 'EntityType').map((e) => xmlType(e, 'entity')),
      ...children(element, 'ComplexType').map((e) => xmlType(e, 'complex')),
      ...children(element, 'EnumType').map((e) => xmlType(e, 'enum')),
      ...children(element, 'TypeDefinition').map((e) => xmlType(e, 'definition')),
    ],
    operations: [
      ...children(element, 'Action').map((e) => xmlOperation(e, 'action')),
      ...children(element, 'Function').map((e) => xmlOperation(e, 'function')),
    ],
    ...(container ? { container: xmlContainer(container) } : {}),
    annotationGroups: children(element, 'Annotations').map((group) => ({
      target: attribute(group, 'Target') ?? '',
      annotations: xmlAnnotations(group),
    })),
  };
}

function readXmlDocument(name: string, text: string): RawDocument {
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    const { line, col, msg } = verdict.err;
    throw new MetadataError(`${name}: not well-formed XML at line ${line}, column ${col}: ${msg}`);
  }
  const [edmx] = children(parser.parse(text) as XmlElement, 'Edmx');
  if (!edmx) throw new MetadataError(`${name}: not a CSDL document (no edmx:Edmx root element, nor CSDL JSON)`);
  const version = attribute(edmx, 'Version');
  return {
    name,
    format: 'xml',
    ...(version ? { version } : {}),
    references: children(edmx, 'Reference').flatMap((reference) =>
      children(reference, 'Include').map((include) => {
        const alias = attribute(include, 'Alias');
        return { namespace: attribute(include, 'Namespace') ?? '', ...(alias ? { alias } : {}) };
      }),
    ),
    schemas: children(edmx, 'DataServices').flatMap((services) => children(services, 'Schema').map(xmlSchema)),
  };
}

// --------------------------------------------------------------------------------------------- JSON

type JsonObject = Record<string, unknown>;
/** Members that are model elements: not `$Keyword`s, not `@annotations`. */
const elements = (object: JsonObject) => Object.entries(object).filter(([key]) => !key.startsWith('$') && !key.includes('@'));

/** `@Core.Description`, `@Org.OData.Core.V1.Revisions#q` on an element; `Member@term` annotates a member. */
function jsonAnnotations(object: JsonObject, prefix = ''): RawAnnotation[] {
  return Object.entries(object).flatMap(([key, value]) => {
    if (!key.startsWith(`${prefix}@`)) return [];
    const [term, qualifier] = key.slice(prefix.length + 1).split('#');
    // An annotation of an annotation (`@A@B`) is not about the element.
    if (!term || term.includes('@')) return [];
    return [{ term, ...(qualifier ? { qualifier } : {}), value }];
  });
}

function jsonTypeUse(object: JsonObject): RawTypeUse {
  return { type: typeof object.$Type === 'string' ? object.$Type : 'Edm.String', collection: object.$Collection === true };
}

function jsonType(name: string, object: JsonObject, kind: RawType['kind']): RawType {
  const key = Array.isArray(object.$Key)
    ? object.$Key.flatMap((part) => (typeof part === 'string' ? [part] : isObject(part) ? Object.values(part).map(String) : []))
    : [];
  return {
    kind,
    name,
    ...(typeof object.$BaseType === 'string' ? { baseType: object.$BaseType } : {}),
    abstract: object.$Abstract === true,
    openType: object.$OpenType === true,
    hasStream: object.$HasStream === true,
    ...(key.length ? { key } : {}),
    properties:
      kind === 'entity' || kind === 'complex'
        ? elements(object)
            .filter(([, value]) => isObject(value))
            .map(([propertyName, value]) => {
              const property = value as JsonObject;
              return {
                name: propertyName,
                ...jsonTypeUse(property),
                navigation: property.$Kind === 'NavigationProperty',
                // CSDL JSON: `$Nullable` absent means not nullable.
                nullable: property.$Nullable === true,
                containsTarget: property.$ContainsTarget === true,
                annotations: jsonAnnotations(property),
              };
            })
        : [],
    members:
      kind === 'enum'
        ? elements(object).map(([member, value]) => ({
            name: member,
            ...(typeof value === 'number' ? { value } : {}),
            annotations: jsonAnnotations(object, member),
          }))
        : [],
    isFlags: object.$IsFlags === true,
    ...(typeof object.$UnderlyingType === 'string' ? { underlyingType: object.$UnderlyingType } : {}),
    annotations: jsonAnnotations(object),
  };
}

function jsonOperation(name: string, overload: JsonObject): RawOperation {
  const returns = isObject(overload.$ReturnType) ? overload.$ReturnType : undefined;
  return {
    kind: overload.$Kind === 'Function' ? 'function' : 'action',
    name,
    bound: overload.$IsBound === true,
    composable: overload.$IsComposable === true,
    parameters: (Array.isArray(overload.$Parameter) ? overload.$Parameter : []).filter(isObject).map((parameter) => ({
      name: jsonText(parameter.$Name),
      ...jsonTypeUse(parameter),
      nullable: parameter.$Nullable === true,
      annotations: jsonAnnotations(parameter),
    })),
    ...(returns ? { returnType: { ...jsonTypeUse(returns), nullable: returns.$Nullable === true } } : {}),
    annotations: jsonAnnotations(overload),
  };
}

function jsonContainer(name: string, object: JsonObject): NonNullable<RawSchema['container']> {
  return {
    name,
    children: elements(object)
      .filter(([, value]) => isObject(value))
      .map(([childName, value]) => {
        const child = value as JsonObject;
        const annotations = jsonAnnotations(child);
        if (typeof child.$Action === 'string')
          return { kind: 'action-import' as const, name: childName, operation: child.$Action, annotations };
        if (typeof child.$Function === 'string')
          return { kind: 'function-import' as const, name: childName, operation: child.$Function, annotations };
        return {
          kind: child.$Collection === true ? ('entity-set' as const) : ('singleton' as const),
          name: childName,
          ...(typeof child.$Type === 'string' ? { type: child.$Type } : {}),
          annotations,
        };
      }),
    annotations: jsonAnnotations(object),
  };
}

const JSON_KINDS: Record<string, RawType['kind']> = {
  EntityType: 'entity',
  ComplexType: 'complex',
  EnumType: 'enum',
  TypeDefinition: 'definition',
};

function jsonSchema(namespace: string, object: JsonObject): RawSchema {
  const schema: RawSchema = {
    namespace,
    ...(typeof object.$Alias === 'string' ? { alias: object.$Alias } : {}),
    types: [],
    operations: [],
    annotationGroups: isObject(object.$Annotations)
      ? Object.entries(object.$Annotations).flatMap(([target, annotations]) =>
          isObject(annotations) ? [{ target, annotations: jsonAnnotations(annotations) }] : [],
        )
      : [],
  };
  for (const [name, value] of elements(object)) {
    if (Array.isArray(value)) schema.operations.push(...value.filter(isObject).map((overload) => jsonOperation(name, overload)));
    else if (isObject(value) && value.$Kind === 'EntityContainer') schema.container = jsonContainer(name, value);
    else if (isObject(value) && typeof value.$Kind === 'string' && JSON_KINDS[value.$Kind])
      schema.types.push(jsonType(name, value, JSON_KINDS[value.$Kind]));
  }
  return schema;
}

function readJsonDocument(name: string, text: string): RawDocument {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new MetadataError(`${name}: not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(document) || typeof document.$Version !== 'string') {
    throw new MetadataError(`${name}: not a CSDL JSON document (no "$Version" member)`);
  }
  const references = isObject(document.$Reference) ? Object.values(document.$Reference).filter(isObject) : [];
  return {
    name,
    format: 'json',
    version: document.$Version,
    references: references.flatMap((reference) =>
      (Array.isArray(reference.$Include) ? reference.$Include : []).filter(isObject).map((include) => ({
        namespace: jsonText(include.$Namespace),
        ...(typeof include.$Alias === 'string' ? { alias: include.$Alias } : {}),
      })),
    ),
    schemas: elements(document)
      .filter(([, value]) => isObject(value))
      .map(([namespace, value]) => jsonSchema(namespace, value as JsonObject)),
  };
}
