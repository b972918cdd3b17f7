/**
 * The pages against the service's metadata, offline: for each page table and documented operation,
 * what the page says that the metadata does not (see METADATA_FINDING_KINDS). Everything comes from
 * the two documents: a page type is found in the metadata by its qualified name when the page gives a
 * namespace, else by simple name (`microsoft.graph` first where several namespaces declare it); types
 * are compared after normalisation (aliases, `Edm.` prefixes, case), properties after inheritance is
 * flattened.
 */
import fs from 'node:fs';
import path from 'node:path';
import { countBy } from '../core/collections';
import type { MetadataFinding, MetadataFindingKind } from '../core/findingKinds';
import { unqualifiedName } from '../core/odata';
import type { EnumTable, Page, PropertyRow, PropertyTable, TypeRef } from '../docs/model';
import { resourcePageType, type Suite } from '../contracts/loadContracts';
import { canonicalPrimitive } from '../edm/primitives';
import { findPageType, findType, underlyingType } from '../metadata/lookup';
import type { EnumType, MetadataModel, MetadataType, Operation, StructuredType, TypeUse } from '../metadata/model';
import { pathSegments, resolvePath, type PathRevision, type ResolvedPath } from '../metadata/resolvePath';
import { describeSchemaErrors } from '../schema/describeErrors';
import { metadataLabel, metadataSchemaStore, requestBodyTarget, type RequestBodyTarget } from '../schema/metadataSchemas';

export interface MetadataCheckOptions {
  /** A page's text, for what its prose says (deprecation); by default read from the suite's folder. */
  pageText?: (page: Page) => string | undefined;
}

type Add = (finding: Omit<MetadataFinding, 'page'>) => void;

/** The evolvable-enum sentinel: services add it to every enum; pages need not list it. */
const SENTINEL = 'unknownfuturevalue';

/** What the page says of deprecation or retirement, in any of the words Graph's pages use. */
const SPEAKS_OF_DEPRECATION = /deprecat|retire|obsolete|no longer (?:supported|available)|will stop|removed|legacy|sunset/i;

/**
 * What a resource page's JSON representation annotation says (`"blockType": "resource"`,
 * `"@odata.type": "microsoft.graph.workbookChartAxisTitle"`, `"baseType": …`): the qualified name the page
 * gives its type, which wins over its title's (`ChartAxisTitle resource type`).
 */
export function resourceAnnotation(text: string): { type?: string; baseType?: string } {
  for (const comment of text.matchAll(/<!--([\s\S]*?)-->/g)) {
    if (!/"?blockType"?\s*:\s*"resource"/.test(comment[1])) continue;
    const type = /"@odata\.type"\s*:\s*"#?([\w.]+)"/.exec(comment[1])?.[1];
    const baseType = /"baseType"\s*:\s*"#?([\w.]+)"/.exec(comment[1])?.[1];
    return { ...(type ? { type } : {}), ...(baseType ? { baseType } : {}) };
  }
  return {};
}

/** The page says its type inherits (`Inherits from`, `derived from`, `a subclass of`): base properties are documented on the base's page. */
const SPEAKS_OF_INHERITANCE = /inherit|derived? from|derives from|subclass of|extends \[|base type/i;

/** A named type, or declared properties and parameters, that page rows are compared with. */
interface Members {
  /** What the rows belong to: `logonUser`, `action cancel`. */
  what: string;
  /** Element prefix for the findings: `microsoft.graph.logonUser`, `microsoft.graph.cancel`. */
  element: string;
  byName: Map<string, { name: string; use: TypeUse; declaredBy: string }>;
}

function typeMembers(type: StructuredType): Members {
  const byName = new Map<string, { name: string; use: TypeUse; declaredBy: string }>();
  for (const property of [...type.properties.values(), ...type.navigationProperties.values()]) {
    byName.set(property.name.toLowerCase(), { name: property.name, use: property, declaredBy: property.declaredBy });
  }
  return { what: type.name, element: type.qualifiedName, byName };
}

/** The parameters of an operation and of its overloads bound alike (`getX(period=…)` beside `getX(date=…)`). */
function parameterMembers(model: MetadataModel, operation: Operation): Members {
  const byName = new Map<string, { name: string; use: TypeUse; declaredBy: string }>();
  const sameBinding = (other: Operation) =>
    other.binding?.type === operation.binding?.type && other.binding?.collection === operation.binding?.collection;
  const overloads = (model.operations.get(operation.qualifiedName.toLowerCase()) ?? [operation]).filter(sameBinding);
  for (const overload of overloads) {
    for (const parameter of overload.parameters) {
      if (!byName.has(parameter.name.toLowerCase()))
        byName.set(parameter.name.toLowerCase(), { name: parameter.name, use: parameter, declaredBy: operation.qualifiedName });
    }
  }
  return { what: `${operation.kind} ${operation.name}`, element: operation.qualifiedName, byName };
}

const pageWords = (type: TypeRef) => `${type.kind === 'unknown' ? type.text : type.name}${type.collection ? ' collection' : ''}`;

/** How a page's type differs from the metadata's, after normalisation; undefined when it does not. */
function typeDifference(model: MetadataModel, page: TypeRef, declared: TypeUse): string | undefined {
  if (page.kind === 'unknown') return undefined;
  const metadataName = underlyingType(model, declared.type);
  const metadataType = findType(model, metadataName);
  const kindOf = (type: MetadataType | undefined) =>
    type?.kind === 'enum'
      ? 'the enum '
      : type?.kind === 'complex'
        ? 'the complex type '
        : type?.kind === 'entity'
          ? 'the entity type '
          : '';
  const said = `the page says ${pageWords(page)}, the metadata declares ${kindOf(metadataType)}${metadataLabel(declared)}`;
  if (page.collection !== declared.collection) return `${said} (${declared.collection ? 'a collection' : 'a single value'})`;
  if (page.kind === 'primitive') {
    if (!metadataName.startsWith('Edm.')) return said;
    return canonicalPrimitive(metadataName) === page.name ? undefined : said;
  }
  if (metadataName.startsWith('Edm.')) return said;
  return unqualifiedName(metadataName).toLowerCase() === page.name.toLowerCase() ? undefined : said;
}

/** Enum members: those only on one side, and those spelled in another case, in words; undefined when they agree. */
function memberDifference(pageMembers: readonly string[], declared: EnumType, pageOnlyOnly = false): string | undefined {
  const metadataMembers = declared.members.map((member) => member.name);
  const exact = new Set(metadataMembers);
  const byCase = new Map(metadataMembers.map((member) => [member.toLowerCase(), member]));
  const pageSet = new Set(pageMembers);
  const pageByCase = new Set(pageMembers.map((member) => member.toLowerCase()));
  const respelled = pageMembers
    .filter((member) => !exact.has(member) && byCase.has(member.toLowerCase()))
    .map((member) => `${member} (metadata: ${byCase.get(member.toLowerCase())})`);
  const pageOnly = pageMembers.filter((member) => !byCase.has(member.toLowerCase()));
  const metadataOnly = pageOnlyOnly
    ? []
    : metadataMembers.filter(
        (member) => !pageByCase.has(member.toLowerCase()) && member.toLowerCase() !== SENTINEL && !pageSet.has(member),
      );
  const some = (members: string[]) =>
    members.length > 12 ? `${members.slice(0, 12).join(', ')}, … (${members.length} in all)` : members.join(', ');
  const parts = [
    ...(respelled.length ? [`spelled in another case: ${some(respelled)}`] : []),
    ...(pageOnly.length ? [`only on the page: ${some(pageOnly)}`] : []),
    ...(metadataOnly.length ? [`only in the metadata: ${some(metadataOnly)}`] : []),
  ];
  return parts.length ? parts.join('; ') : undefined;
}

/**
 * The values a description lists for its property: the backquoted words of the sentence that says
 * "Possible values are: …" (not those of a later sentence: "Supports `$filter` (`eq`)").
 */
export function listedValues(description: string): string[] {
  const at = description.search(
    /possible values|supported values|valid values|allowed values|values are supported|following values|the values are|can be one of|one of the following/i,
  );
  if (at < 0) return [];
  const sentence = description.slice(at).split(/\.(?:\s|$)|<br|\|/i)[0];
  return [...new Set([...sentence.matchAll(/`([^`]+)`/g)].map((match) => match[1].trim()).filter((value) => /^[\w.-]+$/.test(value)))];
}

function compareRows(model: MetadataModel, rows: readonly PropertyRow[], members: Members, add: Add): void {
  for (const row of rows) {
    if (row.name.startsWith('@')) continue; // `@odata.type` rows describe annotations, not properties.
    const member = members.byName.get(row.name.toLowerCase());
    const line = row.line !== undefined ? { line: row.line } : {};
    if (!member) {
      add({
        kind: 'unknown-property',
        ...line,
        element: members.element,
        message: `${row.name}: ${members.what} has no such ${members.what.includes(' ') ? 'parameter' : 'property'} in the metadata`,
      });
      continue;
    }
    const element = `${member.declaredBy}/${member.name}`;
    if (member.name !== row.name) {
      add({ kind: 'unknown-property', ...line, element, message: `${row.name}: the metadata spells it ${member.name}` });
    }
    const difference = typeDifference(model, row.type, member.use);
    if (difference) add({ kind: 'property-type', ...line, element, message: `${row.name}: ${difference}` });
    const declared = findType(model, member.use.type);
    const values = row.values?.length ? listedValues(row.description) : [];
    if (!difference && declared?.kind === 'enum' && values.length) {
      // "Possible values are: …" in a description: the members the page names must be the enum's.
      const members = memberDifference(values, declared, true);
      if (members)
        add({ kind: 'enum-members', ...line, element: declared.qualifiedName, message: `${row.name} (${declared.name}): ${members}` });
    }
  }
}

function compareEnumTable(model: MetadataModel, page: Page, table: EnumTable, add: Add): void {
  // `### mediaSizes values` under a `mediaSizes | String collection` row: the values a string property takes, not an enum type.
  const property = page.propertyTables.flatMap((t) => t.rows).find((row) => row.name.toLowerCase() === table.name!.toLowerCase());
  if (property && property.type.kind !== 'named') return;
  const match = findPageType(model, property?.type.kind === 'named' ? property.type.name : table.name!, page.namespace);
  // Values of a property the metadata types as a string (`signInAudience values` in enums.md): nothing to compare;
  // where the page types that property as an enum, its row's type says the difference.
  if (!match && (property || stringProperties(model).has(table.name!.toLowerCase()))) return;
  if (!match) {
    add({
      kind: 'unknown-type',
      line: table.line,
      element: table.name!,
      message: `enum ${table.name}: the metadata declares no type of that name`,
    });
    return;
  }
  if (match.type.kind !== 'enum') {
    add({
      kind: 'property-type',
      line: table.line,
      element: match.type.qualifiedName,
      message: `${table.name}: the page lists it as an enum, the metadata declares a ${match.type.kind} type`,
    });
    return;
  }
  const difference = memberDifference(table.members, match.type);
  if (difference)
    add({ kind: 'enum-members', line: table.line, element: match.type.qualifiedName, message: `${match.type.name}: ${difference}` });
}

const stringPropertyNames = new WeakMap<MetadataModel, Set<string>>();

/** Names (lowercased) of the properties some type declares as `Edm.String`: enum tables may list their values. */
function stringProperties(model: MetadataModel): Set<string> {
  let names = stringPropertyNames.get(model);
  if (!names) {
    names = new Set();
    for (const type of model.types.values()) {
      if (type.kind !== 'entity' && type.kind !== 'complex') continue;
      for (const property of type.properties.values()) if (property.type === 'Edm.String') names.add(property.name.toLowerCase());
    }
    stringPropertyNames.set(model, names);
  }
  return names;
}

/** A path template as the service resolves it: no query, no scheme, host or version segment. */
function templateSegments(template: string): string[] {
  const segments = pathSegments(template.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, ''));
  return /^(v\d+(\.\d+)?|beta)$/i.test(segments[0] ?? '') ? segments.slice(1) : segments;
}

/** What the capability annotations say against a documented method, in words; undefined when they allow it. */
function ruledOut(method: string, resolved: ResolvedPath): string | undefined {
  const { capabilities: allowed, addresses } = resolved;
  if (addresses !== 'collection' && addresses !== 'entity') return undefined;
  if (method === 'POST' && addresses === 'collection' && allowed.insertable === false) return 'InsertRestrictions/Insertable is false';
  if ((method === 'PATCH' || method === 'PUT') && addresses === 'entity') {
    if (allowed.updatable === false) return 'UpdateRestrictions/Updatable is false';
    if (allowed.updateMethods?.length && !allowed.updateMethods.includes(method))
      return `UpdateRestrictions/UpdateMethod is ${allowed.updateMethods.join(', ')}`;
  }
  if (method === 'DELETE' && addresses === 'entity' && allowed.deletable === false) return 'DeleteRestrictions/Deletable is false';
  if (method === 'GET' && allowed.readable === false) return 'ReadRestrictions/Readable is false';
  const byKey = resolved.segments[resolved.segments.length - 1]?.kind === 'key';
  if (method === 'GET' && byKey && allowed.readableByKey === false) return 'ReadRestrictions/ReadByKeyRestrictions/Readable is false';
  return undefined;
}

const describeRevision = ({ element, revision }: PathRevision) =>
  `${element} is ${revision.kind.toLowerCase()}${revision.date ? ` since ${revision.date}` : ''}${revision.removalDate ? `, removal date ${revision.removalDate}` : ''}${revision.description ? ` ("${revision.description}")` : ''}`;
const ENDS = /^(deprecated|retired)$/i;

function readPageText(suite: Suite, page: Page): string | undefined {
  try {
    return fs.readFileSync(path.join(suite.dir, page.file), 'utf8');
  } catch {
    return undefined;
  }
}

/** `/value/3/id` and `/value/0/id` say the same thing: keep one. */
const collapsed = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, '/*');

export function checkAgainstMetadata(suite: Suite, model: MetadataModel, options: MetadataCheckOptions = {}): MetadataFinding[] {
  const findings: MetadataFinding[] = [];
  const pageText = options.pageText ?? ((page: Page) => readPageText(suite, page));
  const examplesByPage = new Map<Page, Suite['examples']>();
  for (const example of suite.examples) examplesByPage.set(example.page, [...(examplesByPage.get(example.page) ?? []), example]);
  const listings: Listing[] = [];
  for (const page of suite.pages) {
    if (page.unreadable) continue;
    const add: Add = (finding) => findings.push({ page: page.file, ...finding });
    try {
      let read: { text: string | undefined } | undefined;
      const listing = comparePage(model, page, examplesByPage.get(page) ?? [], add, () => (read ??= { text: pageText(page) }).text);
      if (listing) listings.push(listing);
    } catch (error) {
      // A page the comparison fails on is that page's finding, not the end of the check.
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      add({
        kind: 'unknown-type',
        element: '',
        message: `docs:check could not compare this page with the metadata (a bug to report): ${message}`,
      });
    }
  }
  omissions(listings, (page, finding) => findings.push({ page, ...finding }));
  return unique(findings);
}

/** How the metadata spells a property (or parameter) a body writes in another case (`comment` for `Comment`), if it does. */
function declaredSpelling(
  model: MetadataModel,
  target: RequestBodyTarget | undefined,
  owner?: string,
  property?: string,
): string | undefined {
  if (!owner || !property) return undefined;
  const operation = target?.kind === 'parameters' && target.operation.name === owner ? target.operation : undefined;
  const type = operation ? undefined : findPageType(model, owner)?.type;
  const names = operation
    ? operation.parameters.map((parameter) => parameter.name)
    : type?.kind === 'entity' || type?.kind === 'complex'
      ? [...type.properties.keys(), ...type.navigationProperties.keys()]
      : [];
  return names.find((name) => name !== property && name.toLowerCase() === property.toLowerCase());
}

/** What a resource page lists of its type: the omissions are judged over every page of the type together. */
interface Listing {
  type: StructuredType;
  page: string;
  line?: number;
  listed: Set<string>;
  rows: number;
  inherits: boolean;
  read: string;
}

function comparePage(
  model: MetadataModel,
  page: Page,
  examples: Suite['examples'],
  add: Add,
  text: () => string | undefined,
): Listing | undefined {
  const deprecations: PathRevision[] = [];
  let listing: Listing | undefined;

  // A resource page: its type, its properties (both ways), its enums.
  const titled = resourcePageType(page);
  let propertyTables = page.propertyTables.filter((table) => table.role === 'properties' && table.rows.length);
  const annotated = titled ? resourceAnnotation(text() ?? '') : {};
  const resourceType = annotated.type ?? titled;
  if (resourceType) {
    const match = (annotated.type ? findPageType(model, annotated.type) : undefined) ?? findPageType(model, titled!, page.namespace);
    const line = propertyTables[0]?.line ?? page.enumTables[0]?.line;
    const at = line !== undefined ? { line } : {};
    if (!match && propertyTables.length) {
      add({ kind: 'unknown-type', ...at, element: resourceType, message: `${resourceType}: the metadata declares no type of that name` });
    } else if (match && (match.type.kind === 'entity' || match.type.kind === 'complex')) {
      const type = match.type;
      // Where several namespaces declare the name and the page gives none: `microsoft.graph` first, and said.
      const read = match.alsoIn ? ` (read as ${type.qualifiedName}; ${match.alsoIn.join(', ')} has that name too)` : '';
      // The first table is the type's; a further table is only where most of its rows are the type's properties
      // (others describe something nested: the JSON inside a policy's `definition`, a setting's fields).
      const members = typeMembers(type);
      const ofType = (table: PropertyTable) =>
        table.rows.filter((row) => members.byName.has(row.name.toLowerCase())).length * 2 >= table.rows.length;
      propertyTables = propertyTables.filter((table, index) => index === 0 || ofType(table));
      for (const table of propertyTables)
        compareRows(model, table.rows, members, (finding) => add({ ...finding, message: finding.message + read }));
      if (propertyTables.length) {
        listing = {
          type,
          page: page.file,
          ...at,
          listed: new Set(propertyTables.flatMap((table) => table.rows.map((row) => row.name.toLowerCase()))),
          rows: propertyTables.reduce((sum, table) => sum + table.rows.length, 0),
          // Inherited properties are documented on the base type's page when the page says it inherits.
          inherits: Boolean(page.baseType) || SPEAKS_OF_INHERITANCE.test(text() ?? ''),
          read,
        };
      }
      for (const revision of type.annotations.revisions ?? []) deprecations.push({ element: type.qualifiedName, revision });
    }
  }
  for (const table of page.enumTables) if (table.name) compareEnumTable(model, page, table, add);

  // Documented operations: paths, methods, deprecations; an action's or function's parameters.
  const operations: Operation[] = [];
  for (const template of page.templates) {
    const segments = templateSegments(template.path);
    if (!segments.length) continue;
    const method = (template.method ?? '').toUpperCase();
    const said = `${method ? `${method} ` : ''}${template.path}`;
    const resolution = resolvePath(model, segments);
    if (!resolution.resolved) {
      const last = resolution.segments[resolution.segments.length - 1];
      add({
        kind: 'unresolved-path',
        line: template.line,
        element: last?.element ?? last?.type ?? model.container?.qualifiedName ?? '',
        message: `${said}: "${resolution.text}" does not resolve: ${resolution.reason}`,
      });
      continue;
    }
    const rule = method ? ruledOut(method, resolution) : undefined;
    if (rule) {
      const source = [...resolution.segments].reverse().find((segment) => segment.kind !== 'key' && segment.element);
      add({
        kind: 'method-ruled-out',
        line: template.line,
        element: source?.element ?? resolution.type ?? '',
        message: `${said}: ${rule} for ${source?.element ?? resolution.type}`,
      });
    }
    deprecations.push(...resolution.revisions);
    if (resolution.operation) operations.push(resolution.operation);
  }
  const parameterTables = (operation: Operation): PropertyTable[] =>
    page.propertyTables.filter(
      (table) =>
        table.rows.length &&
        (table.role === 'request-body'
          ? operation.kind === 'action'
          : operation.kind === 'function' && /parameter/.test(table.section) && !/query|path|header/.test(table.section)),
    );
  const [operation] = operations;
  if (operation && operations.every((other) => other.qualifiedName === operation.qualifiedName)) {
    for (const table of parameterTables(operation)) compareRows(model, table.rows, parameterMembers(model, operation), add);
  } else if (!operations.length && page.requestBodyType) {
    // A create or update page: its request-body table lists properties of the type the body represents.
    const match = findPageType(model, page.requestBodyType.name, page.namespace);
    if (match && (match.type.kind === 'entity' || match.type.kind === 'complex')) {
      for (const table of page.propertyTables.filter((t) => t.role === 'request-body'))
        compareRows(model, table.rows, typeMembers(match.type), add);
    }
  }

  // Deprecated or retired elements the page says nothing of.
  const ending = deprecations.filter(({ revision }) => ENDS.test(revision.kind));
  if (ending.length && !SPEAKS_OF_DEPRECATION.test(text() ?? '')) {
    const seen = new Set<string>();
    for (const revision of ending) {
      if (seen.has(revision.element)) continue;
      seen.add(revision.element);
      const line = page.templates[0]?.line ?? propertyTables[0]?.line;
      add({
        kind: 'undocumented-deprecation',
        ...(line !== undefined ? { line } : {}),
        element: revision.element,
        message: `${describeRevision(revision)}; the page does not say so`,
      });
    }
  }

  // Example request bodies the metadata would refuse.
  const store = metadataSchemaStore(model);
  const reported = new Set<string>();
  for (const example of examples) {
    for (const error of store.requestErrors(example)) {
      const key = `${example.pair.request.line}:${error.kind}:${collapsed(error.pointer)}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const owner = error.owner ? (findPageType(model, error.owner)?.type.qualifiedName ?? error.owner) : '';
      const spelled =
        error.kind === 'not-declared' ? declaredSpelling(model, requestBodyTarget(example, model), error.owner, error.property) : undefined;
      add({
        kind: 'example-value',
        line: example.pair.request.line,
        element: error.property ? `${owner}/${error.property}` : owner,
        example: example.pair.name,
        pointer: error.pointer,
        message: `request body: ${spelled ? `${error.property}: the metadata spells it ${spelled}` : describeSchemaErrors([error]).join('; ')}`,
      });
    }
  }
  return listing;
}

/**
 * Structural properties no page of their type lists. Several pages may document one type, each a facet
 * of it (Intune's `user` pages list the two properties Intune adds): what one lists, the type's pages
 * list. The omissions are said once, on the page that lists the most.
 */
function omissions(listings: readonly Listing[], add: (page: string, finding: Omit<MetadataFinding, 'page'>) => void): void {
  const byType = new Map<StructuredType, Listing[]>();
  for (const listing of listings) byType.set(listing.type, [...(byType.get(listing.type) ?? []), listing]);
  for (const [type, pages] of byType) {
    const listed = new Set(pages.flatMap((listing) => [...listing.listed]));
    const inherits = pages.some((listing) => listing.inherits);
    const [main] = [...pages].sort((a, b) => b.rows - a.rows || a.page.localeCompare(b.page));
    const where = pages.length > 1 ? `none of the ${pages.length} pages of the type lists` : 'the page does not list';
    for (const property of type.properties.values()) {
      if (listed.has(property.name.toLowerCase()) || (inherits && property.declaredBy !== type.qualifiedName)) continue;
      add(main.page, {
        kind: 'undocumented-property',
        ...(main.line !== undefined ? { line: main.line } : {}),
        element: `${property.declaredBy}/${property.name}`,
        message: `${property.name} (${metadataLabel(property)}): a ${type.name} property ${where}${main.read}`,
      });
    }
  }
}

function unique(findings: readonly MetadataFinding[]): MetadataFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = JSON.stringify([finding.page, finding.line, finding.kind, finding.element, finding.pointer, finding.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Findings counted by kind, most first. */
export const countByKind = (findings: readonly MetadataFinding[]): [MetadataFindingKind, number][] =>
  countBy(findings, (finding) => finding.kind);
