/**
 * What the documents get wrong, found without any server: every page's own examples held to its own
 * tables (and to the types the other pages describe), plus what the parser and the operation model
 * noticed (repairs, URLs that match no template, status prose against status lines, ...).
 *
 * Each finding names the page, the example, where in the body (a JSON pointer) and what is wrong.
 */
import { describeSchemaErrors } from '../schema/describeErrors';
import type { SchemaError } from '../schema/schemaErrors';
import { escapePointer } from '../core/json';
import { headerValue } from '../docs/httpMessage';
import type { FindingKind } from '../core/findingKinds';
import type { Finding, PropertyTable } from '../docs/model';
import { canonicalPrimitive } from '../edm/primitives';
import { propertySchema, withContentId, type Schema } from '../schema/buildSchemas';
import { SchemaStore } from '../schema/schemaStore';
import type { ContractExample } from '../contracts/contractExample';
import type { Suite } from '../contracts/loadContracts';
import { isAnnotationKey } from '../core/odata';
import { requestBodyTypeName } from '../contracts/typeRegistry';
import { isObject } from '../core/json';
import { permissionsFindings } from './permissionsFindings';

export interface DocsCheck {
  pages: number;
  examples: number;
  findings: Finding[];
}

/**
 * Values that name a type instead of being one (`"Integer"`, `"String (timestamp)"`, `"Boolean"`),
 * as generated reference pages write them.
 */
const TYPE_WORD = /^([A-Za-z][\w.]*)(\s*\([^)]*\))?$/;
const PLACEHOLDER_WORDS = new Set([
  'string',
  'integer',
  'int',
  'number',
  'boolean',
  'bool',
  'datetime',
  'timestamp',
  'guid',
  'object',
  'enum',
]);

function typePlaceholder(value: string): boolean {
  const match = TYPE_WORD.exec(value.trim());
  if (!match) return false;
  const word = match[1].replace(/^edm\./i, '');
  // A bare word that is a primitive name (`String`, `Int32`, `DateTimeOffset`), capitalised as types are,
  // or any such word with a parenthesised comment (`String (identifier)`).
  const known = PLACEHOLDER_WORDS.has(word.toLowerCase()) || canonicalPrimitive(word) !== undefined;
  return known && (/^[A-Z]/.test(word) || match[2] !== undefined);
}

/** Every string in a JSON value with its pointer; annotation members (`@odata.type`) left out. */
function strings(value: unknown, pointer = ''): [string, string][] {
  if (typeof value === 'string') return [[pointer, value]];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${pointer}/${index}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) =>
      isAnnotationKey(key) ? [] : strings(child, `${pointer}/${escapePointer(key)}`),
    );
  }
  return [];
}

function errorKind(error: SchemaError): FindingKind {
  switch (error.kind) {
    case 'missing':
      return 'missing-property';
    case 'format':
      return 'format';
    case 'not-a-member':
      return 'enum';
    default:
      return 'type';
  }
}

/** `/value/3/id` and `/value/0/id` say the same thing about a collection example: keep one. */
const collapsed = (pointer: string) => pointer.replace(/\/\d+(?=\/|$)/g, '/*');

/** The page's own request-body table, as a schema: the parameters an action takes, or the properties sent. */
function requestTableSchema(table: PropertyTable, suite: Suite): Schema {
  const properties: Record<string, Schema> = {};
  for (const row of table.rows) properties[row.name] = propertySchema(row.type, suite.registry);
  return withContentId({ type: 'object', properties });
}

interface BodyContext {
  example: ContractExample;
  where: 'request' | 'response';
  line?: number;
  /** Pointer of the checked value within the body (`/value` for a resource a page wraps in `value`). */
  at?: string;
  add: (finding: Omit<Finding, 'page' | 'example'>) => void;
}

/** Values the documents list for a property ("Possible values are: `a`, `b`"), by property name. */
function documentedValues(suite: Suite): Map<string, Set<string>> {
  const values = new Map<string, Set<string>>();
  for (const page of [...suite.pages, ...(suite.typePages ?? [])]) {
    for (const table of page.propertyTables) {
      for (const row of table.rows) {
        if (!row.values?.length) continue;
        const set = values.get(row.name) ?? new Set<string>();
        for (const value of row.values) set.add(value);
        values.set(row.name, set);
      }
    }
  }
  return values;
}

function checkBody(
  value: unknown,
  schema: Schema | undefined,
  store: SchemaStore,
  context: BodyContext,
  allowed: Map<string, Set<string>>,
): void {
  const { example, where, line, at = '' } = context;
  const add = (finding: Omit<Finding, 'page' | 'example'>) =>
    context.add({ ...finding, ...(finding.pointer !== undefined ? { pointer: at + finding.pointer } : {}) });
  const byPointer = new Map<string, { kind: FindingKind; message: string }[]>();
  if (schema) {
    const result = store.validate(schema, value);
    if (!result.valid) {
      const seen = new Set<string>();
      for (const error of result.errors) {
        // A truncated example shows some properties only; the rest are not missing.
        if (error.kind === 'missing' && (where === 'request' || example.expected.truncated)) continue;
        const { pointer } = error;
        const key = `${error.kind}:${collapsed(pointer)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const message of describeSchemaErrors([error])) {
          byPointer.set(pointer, [...(byPointer.get(pointer) ?? []), { kind: errorKind(error), message }]);
        }
      }
    }
  }
  // Type placeholders: reported as such, with what the schema expected there if it said anything.
  const reported = new Set<string>();
  for (const [pointer, text] of strings(value)) {
    if (!typePlaceholder(text)) continue;
    const property =
      pointer
        .split('/')
        .filter((part) => !/^\d+$/.test(part))
        .pop() ?? '';
    if (allowed.get(property)?.has(text)) continue;
    const schemaSays = byPointer.get(pointer);
    byPointer.delete(pointer);
    const enumError = schemaSays?.find((entry) => entry.kind === 'enum');
    const kind = enumError ? 'enum-placeholder' : 'placeholder';
    const key = `${kind}:${collapsed(pointer)}:${text}`;
    if (reported.has(key)) continue;
    reported.add(key);
    add({
      kind,
      pointer,
      ...(line ? { line } : {}),
      message: `${where} body: "${text}" is a type placeholder, not a value${schemaSays?.length ? ` (${schemaSays.map((entry) => entry.message).join('; ')})` : ''}`,
    });
  }
  for (const [pointer, entries] of byPointer) {
    for (const entry of entries) add({ kind: entry.kind, pointer, ...(line ? { line } : {}), message: `${where} body: ${entry.message}` });
  }
}

/**
 * `{id}` and `<timestamp>` in an example URL that no path parameter accounts for: inside a function
 * call (`(startDateTime=<timestamp>)`), within a segment (`root:/{item-path}:`), in the query string.
 * Whole-segment placeholders are path parameters: PARAMS_FILE or a create example fills them.
 */
function unresolvedPlaceholders(example: ContractExample): string[] {
  const { path } = example;
  const parameters = new Set(path.placeholders.map((placeholder) => placeholder.segment));
  const found: string[] = [];
  path.segments.forEach((segment, index) => {
    if (parameters.has(index)) return;
    for (const match of segment.matchAll(/\{[^{}]*\}|<[^<>]+>/g)) found.push(`${match[0]} in "${segment}"`);
  });
  for (const match of decodeURIComponentSafe(path.query).matchAll(/\{[^{}]*\}|<[^<>]+>/g)) found.push(`${match[0]} in the query string`);
  return found;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A `Content-Length` the body as written does not have (with LF or CRLF line ends). */
function staleContentLength(headers: readonly (readonly [string, string])[], body: string | undefined): string | undefined {
  const declared = headerValue(headers, 'content-length');
  if (declared === undefined || !/^\d+$/.test(declared.trim()) || body === undefined) return undefined;
  const lf = Buffer.byteLength(body, 'utf8');
  const crlf = lf + (body.match(/\n/g)?.length ?? 0);
  const length = Number(declared);
  return length === lf || length === crlf ? undefined : `Content-Length says ${length} but the body as written is ${lf} bytes`;
}

/** A single resource wrapped in `value`, or a collection that is not `{ "value": [...] }`. */
function shapeProblem(example: ContractExample, body: unknown, suite: Suite): { problem: string; wrapped?: boolean } | undefined {
  const { expected } = example;
  const property = expected.collectionProperty ?? 'value';
  if (expected.body === 'collection') {
    if (!isObject(body) || !Array.isArray(body[property])) {
      return { problem: `the documents say a collection is returned, but the body has no "${property}" array` };
    }
  }
  if (expected.body === 'resource' && isObject(body)) {
    const own = Object.keys(body).filter((key) => !isAnnotationKey(key));
    const documented = expected.type ? suite.registry.get(expected.type)?.properties.get('value')?.origin === 'table' : false;
    if (own.length === 1 && own[0] === 'value' && !documented && (isObject(body.value) || Array.isArray(body.value))) {
      return Array.isArray(body.value)
        ? {
            problem: `the documents say one ${expected.type ?? 'resource'} is returned, but the body is a collection ("value": [...]); isCollection missing?`,
          }
        : { problem: `one ${expected.type ?? 'resource'} is wrapped in "value"`, wrapped: true };
    }
  }
  return undefined;
}

export function checkDocs(suite: Suite): DocsCheck {
  const store = new SchemaStore(suite.registry);
  const allowed = documentedValues(suite);
  const findings: Finding[] = [];
  for (const page of suite.pages) findings.push(...page.findings);

  for (const example of suite.examples) {
    const { page, pair } = example;
    const add = (finding: Omit<Finding, 'page' | 'example'>) => findings.push({ page: page.file, example: pair.name, ...finding });
    findings.push(...example.findings);
    try {
      checkExample(example, suite, store, allowed, add);
    } catch (error) {
      // One example the checker fails on is that example's finding; the others are still checked.
      const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      add({ kind: 'parser-error', message: `docs:check failed on this example: ${message}` });
    }
  }
  for (const { page, reason } of suite.emptyPages) findings.push({ page: page.file, kind: 'no-example', message: reason });
  findings.push(...permissionsFindings(suite));
  return { pages: suite.pages.length, examples: suite.examples.length, findings: unique(findings) };
}

function checkExample(
  example: ContractExample,
  suite: Suite,
  store: SchemaStore,
  allowed: ReturnType<typeof documentedValues>,
  add: (finding: Omit<Finding, 'page' | 'example'>) => void,
): void {
  const { page, pair } = example;

  const placeholderBody = pair.request.body !== undefined && pair.request.body.value === undefined && !pair.request.body.error;
  const requestLength = placeholderBody ? undefined : staleContentLength(pair.request.headers, pair.request.body?.text);
  if (requestLength) add({ kind: 'content-length', line: pair.request.line, message: `request: ${requestLength}` });
  const responseLength = pair.response && staleContentLength(pair.response.headers, pair.response.body?.text);
  if (responseLength) add({ kind: 'content-length', line: pair.response!.line, message: `response: ${responseLength}` });

  for (const placeholder of unresolvedPlaceholders(example)) {
    add({ kind: 'url-placeholder', line: pair.request.line, message: `URL placeholder ${placeholder} cannot be resolved` });
  }

  // Request body: against the page's own request-body table, else the type its prose names.
  const sent = pair.request.body?.value;
  if (sent !== undefined && typeof sent === 'object' && sent !== null) {
    const table = page.propertyTables.find((candidate) => candidate.role === 'request-body' && candidate.rows.length);
    const bodyType = requestBodyTypeName(page);
    const schema = table ? requestTableSchema(table, suite) : bodyType ? store.requestSchema(bodyType) : undefined;
    checkBody(sent, schema, store, { example, where: 'request', line: pair.request.line, add }, allowed);
  }

  // Response body: the documented resource or collection, as far as the documents describe it.
  const received = pair.response?.body?.value;
  const shape = received !== undefined ? shapeProblem(example, received, suite) : undefined;
  if (shape) add({ kind: 'shape', line: pair.response!.line, message: `response body: ${shape.problem}` });
  if (received !== undefined && pair.response && (!shape || shape.wrapped)) {
    const schema =
      example.expected.body === 'resource' || example.expected.body === 'collection' ? store.responseSchema(example) : undefined;
    // A resource wrapped in `value` is still checked, where it sits.
    const checked = shape?.wrapped ? (received as Record<string, unknown>).value : received;
    checkBody(
      checked,
      schema,
      store,
      { example, where: 'response', line: pair.response.line, add, ...(shape?.wrapped ? { at: '/value' } : {}) },
      allowed,
    );
  } else if (received !== undefined && pair.response) {
    checkBody(received, undefined, store, { example, where: 'response', line: pair.response.line, add }, allowed);
  }
}

/** A request answered by several responses is several examples: say what is wrong with it once. */
function unique(findings: readonly Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = JSON.stringify([finding.page, finding.line, finding.kind, finding.pointer, finding.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
