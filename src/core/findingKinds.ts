/**
 * What the documents get wrong, by kind, each with its meaning (docs:check prints them). A kind without
 * a meaning does not compile.
 */
export const FINDING_KINDS = {
  annotation: 'annotation comment not (strict) JSON, or contradicting its block',
  body: 'example body not JSON, or repaired to read it',
  'content-length': 'Content-Length header that the body as written does not have',
  enum: 'value that is not a member of the documented enum',
  'enum-placeholder': 'type placeholder where an enum member belongs',
  format: 'malformed value for its documented format (DateTimeOffset, Guid, Date, ...)',
  http: 'HTTP message syntax (status line, blank lines, reason phrase)',
  'missing-property': 'documented property missing from a response example not marked truncated',
  'no-example': 'operation page with no example to test',
  pairing: 'request/response blocks that do not pair up',
  'page-file': 'file named *.md that is not a readable text page (binary, not UTF-8, a dangling or looping link)',
  'parser-error': 'page the parser could not read (a bug to report)',
  permissions: 'operation page without a usable permissions table, or a row of it that names no permission type or no permission',
  placeholder: 'type placeholder ("Integer", "String (timestamp)") instead of a value',
  request: 'request block without a request line',
  shape: 'response body shaped unlike the documented resource or collection',
  status: 'status prose and the example status line disagree',
  type: 'value that breaks the type the tables declare',
  url: 'example URL that does not match the HTTP request template',
  'url-placeholder': 'URL placeholder that no path parameter accounts for',
} as const satisfies Record<string, string>;

export type FindingKind = keyof typeof FINDING_KINDS;

/** Something a page gets wrong: a document finding (reported, never a test failure). */
export interface Finding {
  page: string;
  example?: string;
  /** JSON pointer into the example body, where the finding is about a value. */
  pointer?: string;
  line?: number;
  kind: FindingKind;
  message: string;
}
