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

/**
 * What the pages say that the service's metadata (its CSDL) does not, by kind, each with its meaning.
 * Kept apart from the pages' own defects: a metadata finding is a difference between two witnesses,
 * and which of them is right is for the page's owner or the service's to say.
 */
export const METADATA_FINDING_KINDS = {
  'unknown-type': 'type the page documents that the metadata does not declare',
  'unknown-property': 'property the page lists that the type does not have (inheritance flattened)',
  'undocumented-property': 'structural property the type has that its resource page omits',
  'property-type': 'property typed otherwise than the metadata declares (aliases, Edm. prefix and case aside)',
  'enum-members': 'enum members that differ between the page and the metadata',
  'unresolved-path': 'documented path that does not resolve through the metadata',
  'method-ruled-out': "documented method the metadata's capability annotations rule out",
  'undocumented-deprecation': 'deprecated or retired type or operation whose page says nothing of it',
  'example-value': 'example request body whose values break the metadata (not sendable to a service that keeps it)',
} as const satisfies Record<string, string>;

export type MetadataFindingKind = keyof typeof METADATA_FINDING_KINDS;

/** A difference between a page and the metadata. */
export interface MetadataFinding {
  kind: MetadataFindingKind;
  page: string;
  /** The page line of the table row, template, enum table or request the finding is about. */
  line?: number;
  /** The metadata element it is about: `microsoft.graph.logonUser/accountType`, `microsoft.graph.GraphService/users`. */
  element: string;
  message: string;
  /** For example values: the example and the JSON pointer into its request body. */
  example?: string;
  pointer?: string;
}
