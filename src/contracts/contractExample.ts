/**
 * The operation model: one documented example (request + response) and everything it promises,
 * derived from its page and from what all pages say about the types involved.
 */
import { headerValue } from '../docs/httpMessage';
import type { ExamplePair, Finding, Header, Page } from '../docs/model';
import { simpleTypeName } from '../docs/typeCell';
import { locatePath, type LocatedPath } from './paths';
import { requestBodyTypeName, responseTypeName, type TypeRegistry } from './typeRegistry';

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
}

export interface ContractExample {
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
  /** Why `echo` cannot apply (no body, or the body is not the returned resource), when it cannot. */
  echoNotApplicable?: string;
  /** Why the example cannot be replayed at all, when it cannot. */
  unusable?: string;
  /** Document findings about this example (shown in the report; not test failures). */
  findings: Finding[];
}

const TRANSPORT_HEADERS = new Set(['content-length', 'host', 'authorization', 'connection', 'transfer-encoding']);

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function buildContractExample(page: Page, pair: ExamplePair, registry: TypeRegistry): ContractExample {
  const findings: Finding[] = [];
  const finding = (kind: string, message: string, line?: number) =>
    findings.push({ page: page.file, example: pair.name, kind, message, ...(line ? { line } : {}) });
  const { request, response } = pair;

  const path = locatePath(request.url, page.templates, request.method);
  if (path.mismatch) finding('url', path.mismatch, request.line);
  if (request.url.includes('\\')) finding('url', `URL contains a backslash: ${request.url}`, request.line);
  if (path.template && /^https?:/i.test(request.url) && !/^(v1\.0|beta)$/i.test(path.prefix.join('/'))) {
    finding('url', `URL's version segment "${path.prefix.join('/')}" is not a Graph API version (v1.0 or beta): ${request.url}`, request.line);
  }

  const statuses = [page.documentedStatus?.code, response?.status].filter((s): s is number => s !== undefined);
  const uniqueStatuses = [...new Set(statuses)];
  if (uniqueStatuses.length > 1) {
    finding('status', `the prose documents ${page.documentedStatus!.code} but the example response says ${response!.status}`, response!.line);
  }

  const responseBody = response?.body;
  if (responseBody?.error) finding('body', `response body: ${responseBody.error}`, response!.line);
  for (const repair of responseBody?.repairs ?? []) finding('body', `response body: ${repair}`, response!.line);
  if (request.body?.error) finding('body', `request body: ${request.body.error}`, request.line);
  for (const repair of request.body?.repairs ?? []) finding('body', `request body: ${repair}`, request.line);

  const annotation = response?.annotation ?? {};
  const typeName = responseTypeName(page, response);
  const type = typeName ? registry.get(typeName) : undefined;
  const isCollection = annotation.isCollection === true || (page.responseType?.collection ?? false);
  const noContent = uniqueStatuses.includes(204) || annotation.isEmpty === true;
  const body: ExpectedResponse['body'] = noContent
    ? 'none'
    : isCollection
      ? 'collection'
      : typeName && (responseBody?.value === undefined || isObject(responseBody.value))
        ? 'resource'
        : 'unknown';
  const declaredMediaType = response ? headerValue(response.headers, 'content-type') : undefined;
  const mediaType = body === 'none' ? undefined : (declaredMediaType?.split(';')[0].trim().toLowerCase() ?? (responseBody?.value !== undefined ? 'application/json' : undefined));

  const bodyOdataType = isObject(responseBody?.value) ? responseBody.value['@odata.type'] : undefined;
  const odataType = typeof bodyOdataType === 'string' ? bodyOdataType.replace(/^#/, '') : (type?.fullName ?? typeName);

  const headers = request.headers.filter(([name]) => !TRANSPORT_HEADERS.has(name.toLowerCase()));
  const sentValue = request.body?.value;
  if (request.body && !headerValue(headers, 'content-type') && sentValue !== undefined) headers.push(['Content-Type', 'application/json']);

  const bodyType = requestBodyTypeName(page);
  const sentType = isObject(sentValue) && typeof sentValue['@odata.type'] === 'string' ? simpleTypeName(sentValue['@odata.type']) : undefined;
  const represents = (name?: string) => Boolean(name && typeName && simpleTypeName(name).toLowerCase() === simpleTypeName(typeName).toLowerCase());
  const echoNotApplicable = !isObject(sentValue)
    ? 'the request sends no JSON object'
    : body !== 'resource'
      ? 'the response is not a single resource'
      : represents(sentType) || represents(bodyType) || request.method === 'PATCH' || request.method === 'PUT'
        ? undefined
        : 'the request body is not a representation of the returned resource';

  let unusable = pair.unusable;
  if (!response) unusable ??= 'the request has no documented response';
  else if (!uniqueStatuses.length) unusable ??= 'neither the prose nor the example response documents a status code';
  if (request.body?.error) unusable ??= `the request body cannot be sent as documented (${request.body.error})`;

  return {
    title: `${page.file}#${pair.name}`,
    page,
    pair,
    method: request.method,
    path,
    headers,
    ...(request.body ? { body: { text: sentValue !== undefined ? JSON.stringify(sentValue) : request.body.text, value: sentValue } } : {}),
    expected: {
      statuses: uniqueStatuses,
      ...(mediaType ? { mediaType } : {}),
      body,
      ...(type ? { type: type.name } : typeName ? { type: simpleTypeName(typeName) } : {}),
      ...(odataType ? { odataType } : {}),
      example: responseBody?.value,
      optionalProperties: stringList(annotation.optionalProperties),
      truncated: annotation.truncated === true,
    },
    ...(echoNotApplicable ? { echoNotApplicable } : {}),
    ...(unusable ? { unusable } : {}),
    findings,
  };
}
