/**
 * The operation model: one documented example (request + response) and everything it promises,
 * derived from its page and from what all pages say about the types involved.
 */
import { annotationFlag, collectionProperty, isCollectionResponse } from '../docs/annotations';
import { headerValue } from '../docs/httpMessage';
import { isPlaceholderBody } from '../docs/parsePage';
import type { FindingKind } from '../core/findingKinds';
import type { ExamplePair, Finding, Header, Page } from '../docs/model';
import { isAnnotationKey, simpleTypeName } from '../core/odata';
import { locatePath, type LocatedPath } from './paths';
import { requestBodyTypeName, responseTypeName, type TypeRegistry } from './typeRegistry';
import { isObject } from '../core/json';

export interface ExpectedResponse {
  /** Documented success status(es): the prose and the example's status line (they should agree). */
  statuses: number[];
  /** Documented media type without parameters (`application/json`); undefined when no body is documented. */
  mediaType?: string;
  /** The documented body: a resource of `type`, a collection of them (`{ "value": [...] }`), or none. */
  body: 'resource' | 'collection' | 'none' | 'unknown';
  /** Simple name of the documented resource type, e.g. `ipSecurityProfile`. */
  type?: string;
  /** The `@odata.type` the documents give the returned resource (qualified when they qualify it). */
  odataType?: string;
  /** The example response body, for reference in reports. */
  example?: unknown;
  /** Properties the response annotation says may be absent (`optionalProperties`). */
  optionalProperties: string[];
  /** The response example is marked `truncated`: it shows only some of the properties. */
  truncated: boolean;
  /**
   * Properties the response example shows (of every item, for a collection): what the documents
   * promise a response carries. Undefined when the example body could not be read.
   */
  shownProperties?: string[];
  /** The page says a call returns every property ("All of the properties will be returned from an actual call"). */
  returnsAllProperties?: boolean;
  /** Properties the response annotation says may be null (`nullableProperties`). */
  nullableProperties?: string[];
  /** Property of a collection response that holds the items (`collectionProperty`, default `value`). */
  collectionProperty?: string;
  /** The example documents an error response (`expectError`, or a 4xx/5xx status line). */
  expectError?: boolean;
}

export interface ContractExample {
  kind: 'documented';
  /** `<page file>#<example name>`: the test title. */
  title: string;
  page: Page;
  pair: ExamplePair;
  method: string;
  path: LocatedPath;
  /** Headers to send: the documented ones minus those the transport owns (`Content-Length`, `Host`). */
  headers: Header[];
  /** Body to send, as written (repaired when the page needed it); undefined for none. */
  body?: { text: string; value?: unknown };
  expected: ExpectedResponse;
  /**
   * The sent properties expected back: those the documented response shows (a write-only one such as
   * `passwordProfile` is sent but never shown). Undefined when the request body is not a representation
   * of the resource the example returns (`checks/echo.ts` says why in words).
   */
  echoKeys?: string[];
  /** Why the example cannot be replayed at all, when it cannot. */
  unusable?: string;
  /** Document findings about this example (shown in the report; not test failures). */
  findings: Finding[];
  /** The other responses its page documents for the same request: the test passes on any of them. */
  alternatives?: ContractExample[];
  /** For one of those: the title of the test it is an alternative in (it is no test of its own). */
  alternativeOf?: string;
}

/** How to tell, after a rejected request, whether it left a resource behind. */
export type Probe =
  /** List the collection and look for a resource carrying this unique value. */
  | { kind: 'marker'; property: string; value: string }
  /** Read the (unknown) item addressed: it must still not exist. */
  | { kind: 'item' };

/** A request derived from a documented example that breaks what its page allows: it must be rejected. */
export interface NegativeContract extends Omit<ContractExample, 'kind'> {
  kind: 'negative';
  /** The documented example it was derived from. */
  source: ContractExample;
  /** What was broken, in words: `countHits: Int32 as a string`. */
  what: string;
  authorize: boolean;
  probe?: Probe;
}

/** What a test holds a target to: a documented example, or a bad request derived from one. */
export type Contract = ContractExample | NegativeContract;

const TRANSPORT_HEADERS = new Set(['content-length', 'host', 'authorization', 'connection', 'transfer-encoding']);

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The properties every one of these items shows, annotations aside (none when there are no items). */
export function shownByAll(items: readonly Record<string, unknown>[]): string[] {
  const shown = items.map((item) => Object.keys(item).filter((key) => !isAnnotationKey(key)));
  return shown.length ? shown.reduce((common, keys) => common.filter((key) => keys.includes(key))) : [];
}

/** The properties an example body shows, annotations aside; for a collection, those every item shows. */
function shownProperties(value: unknown, body: ExpectedResponse['body'], itemsProperty = 'value'): string[] | undefined {
  if (body === 'resource') return isObject(value) ? shownByAll([value]) : undefined;
  if (body !== 'collection' || !isObject(value) || !Array.isArray(value[itemsProperty])) return undefined;
  // Items of one list may be of different derived types: only what all of them show is promised.
  return shownByAll(value[itemsProperty].filter(isObject));
}

/**
 * The sent properties the documented response shows; all of them when the documented body cannot be read.
 * An update's `id` is not among them: the URL names the resource updated, not the body.
 */
function echoKeysOf(sent: Record<string, unknown>, shown: string[] | undefined, method: string): string[] {
  const keys = Object.keys(sent).filter((key) => !isAnnotationKey(key) && !(key === 'id' && (method === 'PATCH' || method === 'PUT')));
  return shown ? keys.filter((key) => shown.includes(key)) : keys;
}

/** The host of an absolute URL, lowercased; undefined for a path. */
export const hostOf = (url: string) => /^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i.exec(url.trim())?.[1].toLowerCase();

type AddFinding = (kind: FindingKind, message: string, line?: number) => void;

/** What the example's HTTP messages and URL get wrong as written (document findings, in page order). */
function messageFindings(pair: ExamplePair, path: LocatedPath, opaque: boolean, finding: AddFinding): void {
  const { request, response } = pair;
  for (const note of request.notes ?? []) finding('http', `request: ${note}`, request.line);
  for (const note of response?.notes ?? []) finding('http', `response: ${note}`, response!.line);
  if (path.mismatch && !opaque) finding('url', path.mismatch, request.line);
  if (request.url.includes('\\')) finding('url', `URL contains a backslash: ${request.url}`, request.line);
  if (path.template && /^https?:/i.test(request.url) && !/^(v1\.0|beta)$/i.test(path.prefix.join('/'))) {
    finding(
      'url',
      `URL's version segment "${path.prefix.join('/')}" is not a Graph API version (v1.0 or beta): ${request.url}`,
      request.line,
    );
  }
}

/** The documented status(es): an error example's own, else the prose's and the example's (which should agree). */
function documentedStatuses(
  page: Page,
  response: ExamplePair['response'],
  finding: AddFinding,
): { statuses: number[]; expectError: boolean } {
  const annotation = response?.annotation ?? {};
  // An error example documents its own status; the prose documents the success one.
  const expectError = annotationFlag(annotation.expectError) || (response?.status !== undefined && response.status >= 400);
  const statuses = expectError ? [response!.status] : [page.documentedStatus?.code, response?.status];
  const unique = [...new Set(statuses.filter((s): s is number => s !== undefined))];
  if (unique.length > 1)
    finding(
      'status',
      `the prose documents ${page.documentedStatus!.code} but the example response says ${response!.status}`,
      response!.line,
    );
  return { statuses: unique, expectError };
}

function bodyFindings({ request, response }: ExamplePair, finding: AddFinding): void {
  const responseBody = response?.body;
  if (responseBody?.error) finding('body', `response body: ${responseBody.error}`, response!.line);
  for (const repair of responseBody?.repairs ?? []) finding('body', `response body: ${repair}`, response!.line);
  if (request.body?.error) finding('body', `request body: ${request.body.error}`, request.line);
  for (const repair of request.body?.repairs ?? []) finding('body', `request body: ${repair}`, request.line);
}

/** The shape of the documented body: none (204, `isEmpty`), a collection, one resource of a described type, or unknown. */
function bodyShape(
  page: Page,
  response: ExamplePair['response'],
  typeName: string | undefined,
  expectError: boolean,
): ExpectedResponse['body'] {
  const annotation = response?.annotation ?? {};
  // The example's own status line decides (a 200 example on a page whose prose says 204 still shows a body).
  if ((response?.status ?? page.documentedStatus?.code) === 204 || annotationFlag(annotation.isEmpty)) return 'none';
  // `202 Accepted` (a long-running operation) or `Content-Length: 0` with nothing shown: no body is promised.
  if (response && !response.body && (response.status === 202 || headerValue(response.headers, 'content-length')?.trim() === '0'))
    return 'none';
  if (expectError) return 'unknown';
  // A documented media type that is not JSON (`image/png`, `text/plain`): the body is not a representation of the type.
  const mediaType = response ? headerValue(response.headers, 'content-type')?.split(';')[0].trim().toLowerCase() : undefined;
  if (mediaType && !/[/+]json$/.test(mediaType)) return 'unknown';
  if (isCollectionResponse(annotation, page)) return 'collection';
  const value = response?.body?.value;
  return typeName && (value === undefined || isObject(value)) ? 'resource' : 'unknown';
}

/**
 * Whether the request body comes back as the returned resource: a JSON object sent to a single-resource
 * success that it represents (the same type, the page's request-body type, or an update).
 */
function bodyComesBack(
  pair: ExamplePair,
  page: Page,
  typeName: string | undefined,
  body: ExpectedResponse['body'],
  expectError: boolean,
): boolean {
  const sentValue = pair.request.body?.value;
  if (!isObject(sentValue) || expectError || body !== 'resource') return false;
  const sentType = typeof sentValue['@odata.type'] === 'string' ? simpleTypeName(sentValue['@odata.type']) : undefined;
  const represents = (name?: string) =>
    Boolean(name && typeName && simpleTypeName(name).toLowerCase() === simpleTypeName(typeName).toLowerCase());
  const method = pair.request.method;
  return represents(sentType) || represents(requestBodyTypeName(page)) || method === 'PATCH' || method === 'PUT';
}

/** Why the example cannot be replayed at all, when it cannot: the first reason that applies. */
function whyUnusable(page: Page, pair: ExamplePair, path: LocatedPath, statuses: number[], opaque: boolean): string | undefined {
  const { request, response } = pair;
  let unusable = pair.unusable;
  if (request.ignored)
    unusable ??= `the page marks this request blockType "${String(request.annotation.blockType)}": its authors keep it out of testing`;
  if (!response) unusable ??= 'the request has no documented response';
  else if (!statuses.length) unusable ??= 'neither the prose nor the example response documents a status code';
  if (opaque) unusable ??= 'the request URL is opaque (returned by an earlier call), not a documented path';
  const bodyText = request.body?.text.trim() ?? '';
  if (request.body && request.body.value === undefined && isPlaceholderBody(bodyText)) {
    unusable ??= `the request body is a placeholder, not a body: ${bodyText.slice(0, 80)}`;
  }
  if (request.body?.error) unusable ??= `the request body cannot be sent as documented (${request.body.error})`;
  // A request to another host than the page's other examples (a callback, a notification, an upload URL).
  const host = hostOf(request.url);
  const apiHosts = new Set(
    page.examples
      .filter((other) => other.request !== request && !locatePath(other.request.url, page.templates, other.request.method).mismatch)
      .map((other) => hostOf(other.request.url))
      .filter((h): h is string => Boolean(h)),
  );
  if (host && path.mismatch && apiHosts.size && !apiHosts.has(host)) {
    unusable ??= `the request goes to ${host}, not to the API the page's other examples call (${[...apiHosts].join(', ')})`;
  }
  return unusable;
}

export function buildContractExample(page: Page, pair: ExamplePair, registry: TypeRegistry): ContractExample {
  const findings: Finding[] = [];
  const finding: AddFinding = (kind, message, line) =>
    findings.push({ page: page.file, example: pair.name, kind, message, ...(line ? { line } : {}) });
  const { request, response } = pair;

  const path = locatePath(request.url, page.templates, request.method);
  const opaque = annotationFlag(request.annotation.opaqueUrl);
  messageFindings(pair, path, opaque, finding);
  const { statuses, expectError } = documentedStatuses(page, response, finding);
  bodyFindings(pair, finding);

  const annotation = response?.annotation ?? {};
  const responseBody = response?.body;
  const typeName = expectError ? undefined : responseTypeName(page, response);
  const type = typeName ? registry.get(typeName) : undefined;
  const itemsProperty = collectionProperty(annotation);
  const body = bodyShape(page, response, typeName, expectError);
  const declaredMediaType = response ? headerValue(response.headers, 'content-type') : undefined;
  const mediaType =
    body === 'none'
      ? undefined
      : (declaredMediaType?.split(';')[0].trim().toLowerCase() ?? (responseBody?.value !== undefined ? 'application/json' : undefined));
  const bodyOdataType = isObject(responseBody?.value) ? responseBody.value['@odata.type'] : undefined;
  const odataType = typeof bodyOdataType === 'string' ? bodyOdataType.replace(/^#/, '') : (type?.fullName ?? typeName);

  const headers = request.headers.filter(([name]) => !TRANSPORT_HEADERS.has(name.toLowerCase()));
  const sentValue = request.body?.value;
  if (request.body && !headerValue(headers, 'content-type') && sentValue !== undefined) headers.push(['Content-Type', 'application/json']);

  const shown = shownProperties(responseBody?.value, body, itemsProperty);
  const echoKeys =
    isObject(sentValue) && bodyComesBack(pair, page, typeName, body, expectError)
      ? echoKeysOf(sentValue, shown, request.method)
      : undefined;
  const unusable = whyUnusable(page, pair, path, statuses, opaque);

  return {
    kind: 'documented',
    title: `${page.file}#${pair.name}`,
    page,
    pair,
    method: request.method,
    path,
    headers,
    ...(request.body ? { body: { text: sentValue !== undefined ? JSON.stringify(sentValue) : request.body.text, value: sentValue } } : {}),
    expected: {
      statuses,
      ...(mediaType ? { mediaType } : {}),
      body,
      ...(type ? { type: type.name } : typeName ? { type: simpleTypeName(typeName) } : {}),
      ...(odataType ? { odataType } : {}),
      example: responseBody?.value,
      optionalProperties: stringList(annotation.optionalProperties),
      // Unannotated pages say it in prose ("may be truncated for brevity"); annotated pages in the annotation.
      truncated: annotationFlag(annotation.truncated) || (response?.annotated === false && response.proseSaysTruncated === true),
      ...(shown ? { shownProperties: shown } : {}),
      ...(page.returnsAllProperties ? { returnsAllProperties: true } : {}),
      ...(Array.isArray(annotation.nullableProperties) ? { nullableProperties: stringList(annotation.nullableProperties) } : {}),
      ...(itemsProperty ? { collectionProperty: itemsProperty } : {}),
      ...(expectError ? { expectError } : {}),
    },
    ...(echoKeys ? { echoKeys } : {}),
    ...(unusable ? { unusable } : {}),
    findings,
  };
}
