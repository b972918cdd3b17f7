/**
 * What the reference server answers where it keeps no state: every other documented request (functions,
 * actions, `$ref`, `$value`, `delta`, singletons such as `/me`, reads of the ids the examples name) gets
 * the response its page documents (status, headers, body), with what was sent echoed where that response
 * shows it. A request is matched to the example that sends it: same method, the same segments (an id the
 * example names must be that id; a `{placeholder}` must be an id the server knows), the closest query.
 */
import type { ContractExample } from '../src/contracts/contractExample';
import { placeholderName } from '../src/contracts/paths';
import { isDeepStrictEqual } from 'node:util';
import { isObject } from '../src/core/json';
import type { OutgoingResponse } from './http';

type SegmentMatcher =
  | { kind: 'literal'; text: string }
  /** A whole `{placeholder}` segment: any id the server knows at that position. */
  | { kind: 'placeholder' }
  /** A segment with placeholders inside (`range(address='{address}')`): anything in their place. */
  | { kind: 'pattern'; pattern: RegExp };

export interface DocumentedOperation {
  example: ContractExample;
  segments: SegmentMatcher[];
  /** The example's query, decoded and lowercased, without `?`. */
  query: string;
  /** Properties of the example's JSON request body, to tell apart examples that differ only in what they send. */
  sentKeys: string[];
}

/** The request a documented operation is matched against. */
export interface DocumentedRequest {
  method: string;
  segments: readonly string[];
  query: string;
  /** The parsed JSON body, when one was sent. */
  sent?: unknown;
}

/** Is `value` an id the server knows at segment `index` of `segments` (a resource of the collection before it)? */
export type KnownId = (segments: readonly string[], index: number) => boolean;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export const normaliseQuery = (query: string) => safeDecode(query.replace(/^\?/, '').replace(/\+/g, ' ')).toLowerCase();

function segmentMatcher(segment: string): SegmentMatcher {
  if (placeholderName(segment) !== undefined) return { kind: 'placeholder' };
  // Requests arrive decoded (`19:abc@thread.v2`); examples write segments either way (`19%3Aabc%40thread.v2`).
  if (!/\{[^{}]+\}/.test(segment)) return { kind: 'literal', text: safeDecode(segment).toLowerCase() };
  const parts = segment.split(/\{[^{}]+\}/).map((part) => escapeRegExp(safeDecode(part)));
  return { kind: 'pattern', pattern: new RegExp(`^${parts.join('.+')}$`, 'i') };
}

const keysOf = (value: unknown) => (isObject(value) ? Object.keys(value).sort() : []);

/** Every replayable example with a documented response, indexed by method and number of segments. */
export function documentedOperations(examples: readonly ContractExample[]): Map<string, DocumentedOperation[]> {
  const index = new Map<string, DocumentedOperation[]>();
  for (const example of examples) {
    if (example.unusable || !example.pair.response) continue;
    const key = `${example.method} ${example.path.segments.length}`;
    const operations = index.get(key) ?? [];
    operations.push({
      example,
      segments: example.path.segments.map(segmentMatcher),
      query: normaliseQuery(example.path.query),
      sentKeys: keysOf(example.body?.value),
    });
    index.set(key, operations);
  }
  return index;
}

function segmentsMatch(operation: DocumentedOperation, request: DocumentedRequest, known: KnownId): boolean {
  return operation.segments.every((matcher, i) => {
    const segment = request.segments[i];
    if (matcher.kind === 'literal') return matcher.text === segment.toLowerCase();
    if (matcher.kind === 'pattern') return matcher.pattern.test(segment);
    return known(request.segments, i);
  });
}

/** How closely an operation fits a request that it matches: same query first, then named segments, then the body sent. */
function closeness(operation: DocumentedOperation, request: DocumentedRequest): number {
  const sameQuery = operation.query === normaliseQuery(request.query) ? 100 : 0;
  const named = operation.segments.filter((matcher) => matcher.kind === 'literal').length;
  const sentKeys = keysOf(request.sent);
  const sameKeys = sentKeys.length > 0 && sentKeys.join() === operation.sentKeys.join() ? 1 : 0;
  const sameBody = request.sent !== undefined && isDeepStrictEqual(request.sent, operation.example.body?.value) ? 2 : 0;
  return sameQuery + named * 4 + sameKeys + sameBody;
}

/**
 * The documented operations a request performs, closest first: several when pages document the same
 * request alike (sixteen Intune pages each show their part of `GET /deviceManagement`).
 */
export function findDocumentedOperations(
  index: Map<string, DocumentedOperation[]>,
  request: DocumentedRequest,
  known: KnownId,
): DocumentedOperation[] {
  let best: DocumentedOperation[] = [];
  let bestScore = -1;
  for (const operation of index.get(`${request.method} ${request.segments.length}`) ?? []) {
    if (!segmentsMatch(operation, request, known)) continue;
    const score = closeness(operation, request);
    if (score > bestScore) [best, bestScore] = [[operation], score];
    else if (score === bestScore) best.push(operation);
  }
  return best;
}

/**
 * Everything several documented bodies show, the first one's values kept: objects get the properties
 * only later ones show, lists are joined item by item. What one page shows of a response is a promise too.
 */
export function unionOf(first: unknown, other: unknown): unknown {
  if (Array.isArray(first) && Array.isArray(other)) {
    const [a, b] = [first as unknown[], other as unknown[]];
    const longer = a.length >= b.length ? a : b;
    return longer.map((item, i) => (i < a.length && i < b.length ? unionOf(a[i], b[i]) : item));
  }
  if (!isObject(first) || !isObject(other)) return first;
  const union: Record<string, unknown> = { ...first };
  for (const [key, value] of Object.entries(other)) union[key] = key in first ? unionOf(first[key], value) : value;
  return union;
}

/** Headers of a documented response worth sending again (the transport's own are written by the server). */
const NOT_REPLAYED = new Set(['content-length', 'transfer-encoding', 'connection', 'date']);

/**
 * The documented response of the closest examples, as the server sends it: the first one's status and
 * headers, the body every one of them shows (when they agree on the status) made to keep the first one's
 * tables (`conform` returns a copy), `sent` echoed where the first one's response shows it.
 */
export function documentedResponse(
  operations: readonly DocumentedOperation[],
  sent: unknown,
  conform: (examples: readonly ContractExample[], body: unknown) => unknown = (_, body) => structuredClone(body),
): OutgoingResponse {
  const [{ example }] = operations;
  const response = example.pair.response!;
  const headers: Record<string, string> = {};
  for (const [name, value] of response.headers) if (!NOT_REPLAYED.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  const status = response.status ?? example.expected.statuses[0];
  if (example.expected.body === 'none' || status === 204) {
    delete headers['content-type'];
    return { status, headers };
  }
  if (response.body?.value === undefined) return response.body ? { status, headers, text: response.body.text } : { status, headers };
  headers['content-type'] ??= 'application/json';
  const body = conform(
    operations.map((operation) => operation.example),
    documentedBody(operations),
  );
  if (isObject(body) && isObject(sent)) for (const key of example.echoKeys ?? []) if (key in sent) body[key] = structuredClone(sent[key]);
  return { status, headers, body };
}

/** The union of the documented bodies of operations answered alike (same status as the first). */
export function documentedBody(operations: readonly DocumentedOperation[]): unknown {
  const statusOf = ({ example }: DocumentedOperation) => example.pair.response?.status ?? example.expected.statuses[0];
  const status = statusOf(operations[0]);
  return operations
    .filter((operation) => statusOf(operation) === status && operation.example.pair.response?.body?.value !== undefined)
    .map((operation) => operation.example.pair.response!.body!.value)
    .reduce<unknown>((union, value) => (union === undefined ? value : unionOf(union, value)), undefined);
}
