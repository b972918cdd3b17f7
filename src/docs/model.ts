/**
 * What a reference page says, as read by `parsePage`: no interpretation beyond the page itself.
 * Cross-page knowledge (types shared between pages, which create example fills which placeholder)
 * is built later, in `src/contracts`.
 */
import type { Finding } from '../core/findingKinds';
import type { SectionRole } from '../core/sections';
import type { PrimitiveName } from '../edm/primitives';

export type { Finding } from '../core/findingKinds';

/** A Type column cell, normalised. `named` covers complex types, entity types and enums. */
export type TypeRef =
  | { kind: 'primitive'; name: PrimitiveName; collection: boolean }
  | { kind: 'named'; name: string; collection: boolean; link?: string }
  | { kind: 'unknown'; collection: boolean; text: string };

export type Header = readonly [name: string, value: string];

export type Annotation = Record<string, unknown>;

export interface JsonBody {
  /** The body as written in the page. */
  text: string;
  /** Parsed value, when the text is JSON or could be repaired unambiguously. */
  value?: unknown;
  /** What was repaired to read it (`trailing comma`, `// comment`, ...), each a document finding. */
  repairs: string[];
  /** Why it could not be read, when it could not. */
  error?: string;
}

export interface RequestBlock {
  line: number;
  name?: string;
  annotation: Annotation;
  /** False for a fence read by its content alone (no `blockType` annotation); undefined means true. */
  annotated?: boolean;
  /** Marked `blockType: ignored` (or another non-request type): documented, but kept out of testing. */
  ignored?: boolean;
  /** What the block gets wrong as an HTTP message (missing blank line, ...): document findings. */
  notes?: string[];
  method: string;
  url: string;
  headers: Header[];
  body?: JsonBody;
}

export interface ResponseBlock {
  line: number;
  /** Names of the requests this response answers (`"name": [..]` may list several). */
  names: string[];
  annotation: Annotation;
  /** False for a fence read by its content alone (no `blockType` annotation); undefined means true. */
  annotated?: boolean;
  /** What the block gets wrong as an HTTP message (status line syntax, reason phrase, ...). */
  notes?: string[];
  /** The prose just before the block says the example is shortened ("may be truncated for brevity"). */
  proseSaysTruncated?: boolean;
  status?: number;
  reason?: string;
  headers: Header[];
  body?: JsonBody;
}

export interface PathTemplate {
  method?: string;
  path: string;
  line: number;
}

export interface PropertyRow {
  name: string;
  type: TypeRef;
  description: string;
  /** Values the description lists ("Possible values are: `a`, `b`."), when it lists some. */
  values?: string[];
  /** False when the description says the property is not returned by default ("Returned only on `$select`"). */
  returnedByDefault?: false;
  line?: number;
}

export interface PropertyTable {
  /** Heading the table sits under, e.g. `Request body`, `Properties`, `Path parameters`. */
  section: string;
  /** What the section is for, decided once by the parser. */
  role: SectionRole;
  line: number;
  rows: PropertyRow[];
}

export interface EnumTable {
  /** Heading the table sits under (lowercased); usually the enum's name on resource pages. */
  section: string;
  /** The enum the table lists, as the page names it (`### riskLevel values`, `# X enum type`). */
  name?: string;
  line: number;
  members: string[];
}

export interface ExamplePair {
  /** Unique within the page; the annotation name where there is one. */
  name: string;
  request: RequestBlock;
  response?: ResponseBlock;
  /** Why this pair cannot be replayed, when it cannot. */
  unusable?: string;
}

export interface Page {
  /** Path relative to the contracts folder, `/`-separated. */
  file: string;
  title: string;
  /** Front matter `doc_type` (`apiPageType`, `resourcePageType`, `enumPageType`, ...), when given. */
  docType?: string;
  /** Request blocks the page marks `blockType: ignored` (examples its authors keep out of testing). */
  ignoredRequests?: number;
  namespace?: string;
  templates: PathTemplate[];
  requestHeaders: Header[];
  propertyTables: PropertyTable[];
  enumTables: EnumTable[];
  /** The type the "Request body" prose says the body represents, e.g. `ipSecurityProfile`. */
  requestBodyType?: TypeLink;
  /** The type the "Response" prose says is returned. */
  responseType?: TypeLink & { collection: boolean };
  /** The prose says a call returns every property ("All of the properties will be returned from an actual call"). */
  returnsAllProperties?: true;
  /** The type this page's resource derives from ("Inherits from [mobileLobApp](…)"), on resource pages. */
  baseType?: TypeLink;
  /** The success status the "Response" prose documents, e.g. 201 for "returns a `201 Created`". */
  documentedStatus?: { code: number; line: number };
  /** What the permissions table says (under "Permissions", or "Prerequisites" on Intune pages), when the page has one or a section for it. */
  permissions?: PagePermissions;
  requests: RequestBlock[];
  responses: ResponseBlock[];
  examples: ExamplePair[];
  findings: Finding[];
  /**
   * Why nothing could be read from the page (binary content, a link that leads nowhere, a parser or
   * model failure), when so: it becomes a skipped test with this reason, and a finding.
   */
  unreadable?: string;
}

export interface TypeLink {
  name: string;
  link?: string;
}

/** The rows of a permissions table: `Delegated (work or school account)`, `Delegated (personal Microsoft account)`, `Application`. */
export type PermissionKind = 'delegated-work' | 'delegated-personal' | 'application';

export interface PermissionRow {
  kind: PermissionKind;
  /** Page line of the row. */
  line: number;
  /** The cell as the page writes it, markup removed (links, `**`, `<br>`): what messages quote. */
  text: string;
  /**
   * The permission names the cell lists, least privileged first (reordered where the table says "from most to
   * least privileged"); an empty list where it says none is needed ("None."); or `not-supported` ("Not supported.",
   * "Not applicable", "n/a", an empty cell).
   */
  permissions: string[] | 'not-supported';
  /** The cell says more than a list of alternatives (some held together, "A and B"; per resource): `text` says how. */
  qualified?: true;
  /**
   * What the row is for where a page has several tables or a column per resource: the heading or lead-in of its
   * table (`Permissions for chat`, `For users:`), or the resource its row names (`event`).
   */
  scope?: string;
}

export interface PagePermissions {
  /** Line of the first permissions table; of the section heading when the section holds no table. */
  line: number;
  /** Every row read, of every permissions table on the page, in page order. None: no usable table. */
  rows: PermissionRow[];
  /**
   * Rows that could not be read: a label that names no permission type (`kind` absent, `text` the label), or a
   * cell that names no permission and says neither "Not supported" nor "None" (`text` the cell, e.g. "TODO: Determine scopes").
   */
  unread?: { line: number; kind?: PermissionKind; text: string }[];
}
