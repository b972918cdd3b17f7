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
