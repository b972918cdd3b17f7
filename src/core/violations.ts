/**
 * Whose promise broke, judged against the service's own $metadata (the third witness): the page drifted
 * from the service (`docs`), the service breaks its own metadata (`metadata`), it breaks both (`service`),
 * or the operation is past its metadata RemovalDate (`retired`: not a contract failure).
 */
export type Verdict = 'docs' | 'metadata' | 'service' | 'retired';
export const VERDICTS: readonly Verdict[] = ['docs', 'metadata', 'service', 'retired'];

/**
 * A broken promise as data: where (a JSON pointer into the response body, or nothing for the status
 * line and headers), what the documents promise and what came back. Words are made at the edge, by
 * `formatViolation`: `countHits: expected Int32, got string "9"`.
 */
export interface Violation {
  /** JSON pointer into the body (`/ipReferenceData/0/asn`, `` for the body itself); absent for status and headers. */
  path?: string;
  /** What the documents promise (or what was sent, for `verb: 'sent'`); absent when `actual` says it all. */
  expected?: string;
  actual: string;
  note?: string;
  /** `expected X, got Y` (default) or `sent X, got Y` (echo). */
  verb?: 'expected' | 'sent';
  /** The documented type that holds the property at `path` (`logonUser` for `/logonUsers/0/accountType`), when known. */
  type?: string;
  /** Whose promise it is, when the service's metadata was there to tell (src/checks/verdicts.ts). */
  verdict?: Verdict;
}

/** `/ipReferenceData/0/asn` (JSON pointer) → `ipReferenceData[0].asn`; the body itself is `(body)`. */
export function propertyPath(pointer: string): string {
  if (pointer === '') return '(body)';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

export function formatViolation(violation: Violation): string {
  const where = violation.path === undefined ? '' : `${propertyPath(violation.path)}: `;
  const what =
    violation.expected === undefined ? violation.actual : `${violation.verb ?? 'expected'} ${violation.expected}, got ${violation.actual}`;
  return `${where}${what}${violation.note ? ` (${violation.note})` : ''}`;
}
