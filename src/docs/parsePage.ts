/**
 * parsePage: one reference page (Microsoft Graph docs format) → `Page`. Tolerant by design: whatever
 * the page gets wrong becomes a finding or an unusable example with a reason, never an exception.
 */
import { readMarkdown, type Block } from './markdownBlocks';
import { isRequestLine, isStatusLine, METHODS, parseHttpRequest, parseHttpResponse, headerValue } from './httpMessage';
import { parseJsonBody, parseLenientJson } from './jsonBody';
import { parseTypeCell } from './typeCell';
import { PermissionsReader } from './permissions';
import { sectionRole } from '../core/sections';
import type {
  Annotation,
  EnumTable,
  ExamplePair,
  Finding,
  Header,
  JsonBody,
  Page,
  PathTemplate,
  PropertyTable,
  RequestBlock,
  ResponseBlock,
  TypeLink,
} from './model';

const RESOURCE_LINK = /\[`?([A-Za-z_][\w.]*)`?\]\(([^)\s]*resources\/[^)\s]*)\)/;
const REFERENCE_TYPE_LINK = /\[`?([A-Za-z_][\w.]*)`?\]\[([^\]]*)\]/;

function frontMatter(source: string): { body: string; title?: string; docType?: string; lineOffset: number } {
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(source);
  if (!match) return { body: source, lineOffset: 0 };
  const field = (name: string) =>
    new RegExp(`^${name}:\\s*(.*)$`, 'm')
      .exec(match[1])?.[1]
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2') || undefined;
  return {
    body: source.slice(match[0].length),
    title: field('title'),
    docType: field('doc_type'),
    lineOffset: match[0].split('\n').length - 1,
  };
}

function annotationNames(annotation: Annotation): string[] {
  const name = annotation.name;
  if (typeof name === 'string') return name.trim() ? [name.trim()] : [];
  if (Array.isArray(name)) return name.filter((n): n is string => typeof n === 'string' && n.trim() !== '').map((n) => n.trim());
  return [];
}

/** `<bytes 0-25 of the file>`, `[Zip file containing a Teams app package]`: a body described, not written. */
export const isPlaceholderBody = (text: string) => /^(<[^<>\n]+>|\[[^[\]\n]+\])$/.test(text.trim());

function readBody(text: string | undefined, headers: readonly Header[]): JsonBody | undefined {
  if (text === undefined) return undefined;
  const contentType = headerValue(headers, 'content-type');
  // Only JSON bodies are decoded; others (text, binary placeholders) are kept as text.
  if (contentType && !/json/i.test(contentType)) return { text, repairs: [] };
  const body = parseJsonBody(text);
  // Without a content type, a description of a body is not a JSON error: it is kept as text.
  return body.error && !contentType && isPlaceholderBody(text) ? { text, repairs: [] } : body;
}

/** Version-like first segments of documentation hosts: `v1.0`, `beta`, and the odd `localtest`. */
export const VERSION_SEGMENT = /^(v\d+(\.\d+)?|beta|localtest|stable|canary|preview)$/i;
const TEMPLATE_LINE = new RegExp(`^(?:(${METHODS.join('|')})\\s+(\\S.*?)|(/.*?|https?://.*?))(?:\\s+HTTP/[\\d.]+)?$`, 'i');

/**
 * A documented path as a template path: host and version segment dropped (`https://graph.microsoft.com/v1.0/sites/{id}`
 * → `/sites/{id}`), optional parts (`[?includeIDs=true]`) and the query string dropped, a leading `/` ensured.
 */
export function templatePath(written: string): string {
  let path = written.trim().replace(/\[[^\]]*\]/g, '');
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(path);
  if (absolute) {
    path = path.slice(absolute[0].length);
    const segments = path.split('/');
    if (VERSION_SEGMENT.test(segments[1] ?? '')) path = '/' + segments.slice(2).join('/');
  }
  path = path.replace(/[?#].*$/, '').trim();
  return path.startsWith('/') ? path : `/${path}`;
}

/** `POST /Security/ipSecurityProfiles`, `GET /users/{id | userPrincipalName}/events?$select=x`, `GET policies/x`. */
function readTemplates(content: string, line: number): PathTemplate[] {
  const templates: PathTemplate[] = [];
  content.split('\n').forEach((raw, index) => {
    const text = raw.replace(/\s#.*$|\s\/\/\s.*$/, '').trim();
    const match = TEMPLATE_LINE.exec(text);
    if (!match) return;
    const written = match[2] ?? match[3];
    if (/^[{"[]/.test(written)) return;
    templates.push({ ...(match[1] ? { method: match[1].toUpperCase() } : {}), path: templatePath(written), line: line + index + 1 });
  });
  return templates;
}

function typeLinkIn(text: string, references: Map<string, string>): TypeLink | undefined {
  const link = RESOURCE_LINK.exec(text);
  if (link) return { name: link[1].replace(/^microsoft\.graph\./i, ''), link: link[2] };
  const reference = REFERENCE_TYPE_LINK.exec(text);
  const target = reference ? references.get((reference[2] || reference[1]).toLowerCase()) : undefined;
  if (reference && target && /resources\//.test(target)) return { name: reference[1].replace(/^microsoft\.graph\./i, ''), link: target };
  const bare = /representation (?:of|for) (?:the |a |an )?(?:new )?[*`]*([A-Za-z_]\w*)[*`]*\s+(?:object|resource|entity)/i.exec(text);
  return bare ? { name: bare[1] } : undefined;
}

/** A property a response carries only when asked for: "Returned only on `$select`", "not returned by default". */
const NOT_RETURNED_BY_DEFAULT =
  /returned only (?:on|with|when using|if you use) `?\$select|only returned (?:on|with) `?\$select|\bnot returned by default\b/i;
/** "All of the properties will be returned from an actual call": the example is short, the response is not. */
const ALL_PROPERTIES_RETURNED = /\ball (?:of )?the properties (?:will be|are) returned\b/i;

const STATUS_PROSE = /`?\b([1-5]\d\d)\b(?:\s+[A-Za-z][A-Za-z -]*?)?`?\s*(?:response|status|code|and|\.|,|$)/i;

/** "Possible values are: `a`, `b`, `c`." → the backquoted values. */
function possibleValues(description: string): string[] | undefined {
  const at = description.search(
    /possible values|supported values|valid values|allowed values|values are supported|following values|the values are|can be one of|one of the following/i,
  );
  if (at < 0) return undefined;
  const values = [...description.slice(at).matchAll(/`([^`]+)`/g)].map((m) => m[1].trim()).filter((v) => /^[\w.-]+$/.test(v));
  return values.length ? [...new Set(values)] : undefined;
}

/** `### riskLevel values`, `## Members` on a page titled `riskLevel enum type`. */
function enumName(heading: string, title: string): string | undefined {
  const own = /^`?([A-Za-z_][\w.]*)`?\s+(?:enum(?:eration)?\s+)?(?:values|members|enum(?:eration)?(?:\s+type)?)\s*$/i.exec(heading.trim());
  if (own && !/^(enum|enumeration|possible|property|the)$/i.test(own[1])) return own[1].replace(/^microsoft\.graph\./i, '');
  if (/^(members|values|enum values|enumeration values|enum members)$/i.test(heading.trim())) {
    return /^\s*`?([A-Za-z_][\w.]*)`?\s+enum(?:eration)?(?:\s+type)?\b/i.exec(title)?.[1].replace(/^microsoft\.graph\./i, '');
  }
  return undefined;
}

/** A page with nothing read from it yet. */
export function emptyPage(file: string, title = ''): Page {
  return {
    file,
    title,
    templates: [],
    requestHeaders: [],
    propertyTables: [],
    enumTables: [],
    requests: [],
    responses: [],
    examples: [],
    findings: [],
  };
}

export function parsePage(source: string, file: string): Page {
  const normalised = source.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const { body, title, docType, lineOffset } = frontMatter(normalised);
  const { blocks, references } = readMarkdown(body, lineOffset);
  const findings: Finding[] = [];
  const finding = (f: PageFinding) => findings.push({ page: file, ...f });
  /** Unannotated request blocks that look like path templates (relative URL, nothing else). */
  const templateLike = new Set<RequestBlock>();

  const page: Page = { ...emptyPage(file, title ?? ''), ...(docType ? { docType } : {}), findings };

  // Annotated pages are read by their annotations first, as ApiDoctor does; fences without any
  // annotation are read by their content on every page (Intune pages have no request/response
  // annotation at all, and many annotated pages leave a second example unannotated).
  const annotated = blocks.some((block) => block.kind === 'comment' && /"?blockType"?\s*:\s*["']?(request|response)/.test(block.text));

  let section = '';
  let heading = '';
  let pending: { annotation: Annotation; line: number } | undefined;
  /** Prose since the last fence: what it says about the next block (e.g. that it is truncated). */
  let prose = '';

  /** A response fence without a body, when it was the block just read: its body may follow in a ```json fence. */
  let bodiless: ResponseBlock | undefined;
  const permissions = new PermissionsReader();

  for (const block of blocks) {
    const after = bodiless;
    bodiless = undefined;
    switch (block.kind) {
      case 'heading':
        if (block.level === 1 && !page.title) page.title = block.text;
        if (/^\[.*\]\(#tab\//.test(block.text)) break;
        permissions.heading(block);
        if (block.level <= 2) section = block.text.toLowerCase();
        heading = block.text;
        break;
      case 'paragraph':
        permissions.paragraph(block);
        readProse(page, block, section, references);
        prose += `${block.text}\n`;
        break;
      case 'comment': {
        const text = block.text.trim();
        if (!text.startsWith('{')) break;
        const parsed = parseLenientJson(text);
        if (parsed.error || typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) {
          // The page annotation at the end of a page is not about any block.
          if (!/"?type"?\s*:\s*"#page\.annotation"/.test(text)) {
            finding({
              line: block.line,
              kind: 'annotation',
              message: `annotation is not JSON and was ignored: ${parsed.error ?? 'not an object'}`,
            });
          }
          break;
        }
        const annotation = parsed.value as Annotation;
        if (annotation.type === '#page.annotation') break;
        if (parsed.repaired) finding({ line: block.line, kind: 'annotation', message: 'annotation is not strict JSON (read leniently)' });
        pending = { annotation, line: block.line };
        break;
      }
      case 'table':
        permissions.table(block);
        readTable(page, block, section, heading, references);
        break;
      case 'fence': {
        const annotation = pending?.annotation;
        pending = undefined;
        if (after && !annotation && /^json$/i.test(block.info)) {
          attachBody(after, block);
          break;
        }
        const reading = readFence(block, annotation, { section, prose });
        prose = '';
        page.templates.push(...(reading.templates ?? []));
        reading.findings.forEach(finding);
        if (reading.ignoredRequest) page.ignoredRequests = (page.ignoredRequests ?? 0) + 1;
        if (reading.request) page.requests.push(reading.request);
        if (reading.request && reading.templateLike) templateLike.add(reading.request);
        if (reading.response) page.responses.push(reading.response);
        if (reading.response && !reading.response.body) bodiless = reading.response;
        break;
      }
    }
  }
  const pairing = pairExamples(page.requests, page.responses, templateLike, annotated);
  pairing.findings.forEach(finding);
  const permissionsRead = permissions.result();
  if (permissionsRead) page.permissions = permissionsRead;
  return { ...page, requests: pairing.requests, templates: [...page.templates, ...pairing.templates], examples: pairing.examples };
}

/** "Inherits from [mobileLobApp](../resources/intune-apps-mobilelobapp.md)." */
const INHERITS_FROM = /^\s*Inherits from\s+\[\s*(?:microsoft\.graph\.)?([\w.]+)\s*\]/im;

function readProse(page: Page, block: Extract<Block, { kind: 'paragraph' }>, section: string, references: Map<string, string>): void {
  const namespace = /^Namespace:\s*([\w.]+)/.exec(block.text);
  if (namespace) page.namespace = namespace[1];
  const base = INHERITS_FROM.exec(block.text);
  if (base && !page.baseType) page.baseType = { name: base[1] };
  if (ALL_PROPERTIES_RETURNED.test(block.text)) page.returnsAllProperties = true;
  if (sectionRole(section) === 'request-body' && !page.requestBodyType && /representation/i.test(block.text)) {
    page.requestBodyType = typeLinkIn(block.text, references);
  }
  if (sectionRole(section) === 'response' && /return/i.test(block.text)) {
    const status = STATUS_PROSE.exec(block.text);
    if (status && !page.documentedStatus) page.documentedStatus = { code: Number(status[1]), line: block.line };
    const type = typeLinkIn(block.text, references);
    if (type && !page.responseType) {
      page.responseType = { ...type, collection: /collection of|list of|array of|collection in the response/i.test(block.text) };
    }
  }
}

function readTable(
  page: Page,
  block: Extract<Block, { kind: 'table' }>,
  section: string,
  heading: string,
  references: Map<string, string>,
): void {
  const header = block.header.map((cell) => cell.replace(/[*_`]/g, '').trim().toLowerCase());
  const typeColumn = header.indexOf('type');
  if (sectionRole(section) === 'request-headers' && header.length >= 2) {
    page.requestHeaders.push(...block.rows.map((row) => [row[0] ?? '', row[1] ?? ''] as const));
    return;
  }
  if (typeColumn > 0 && /^(property|name|parameter|property name|parameter name)$/.test(header[0])) {
    const descriptionColumn = header.findIndex((cell) => /description/.test(cell));
    const table: PropertyTable = { section, role: sectionRole(section), line: block.line, rows: [] };
    block.rows.forEach((row, index) => {
      const name = (row[0] ?? '')
        .replace(/[`*\\]/g, '')
        .replace(/\u00a0/g, ' ')
        .trim();
      if (!/^[@A-Za-z_][\w.@-]*$/.test(name)) return;
      const description = descriptionColumn >= 0 ? (row[descriptionColumn] ?? '') : '';
      const values = possibleValues(description);
      table.rows.push({
        name,
        type: parseTypeCell(row[typeColumn] ?? '', references),
        description,
        ...(values ? { values } : {}),
        ...(NOT_RETURNED_BY_DEFAULT.test(description) ? { returnedByDefault: false as const } : {}),
        line: block.line + index + 2,
      });
    });
    page.propertyTables.push(table);
    return;
  }
  if (typeColumn < 0 && /^(member|value|name|members|enum value)$/.test(header[0]) && !/permission/.test(section)) {
    const name = enumName(heading, page.title);
    const table: EnumTable = {
      section: heading.toLowerCase() || section,
      ...(name ? { name } : {}),
      line: block.line,
      members: block.rows.map((row) => (row[0] ?? '').replace(/[`*\\]/g, '').trim()).filter((m) => /^[\w.-]+$/.test(m)),
    };
    if (table.members.length) page.enumTables.push(table);
  }
}

interface FenceContext {
  /** The h1/h2 section the fence sits in (lowercased). */
  section: string;
  /** Prose between the previous fence and this one. */
  prose: string;
}

/** A finding before the page it is on is named (the page is added where the findings are collected). */
type PageFinding = Omit<Finding, 'page'>;

/** What one fence adds to the page. */
interface FenceReading {
  /** Path templates (a fence in the "HTTP request" section). */
  templates?: PathTemplate[];
  request?: RequestBlock;
  /** The request is a bare list of relative paths: path templates, unless something answers it. */
  templateLike?: boolean;
  response?: ResponseBlock;
  /** A request its authors marked with another blockType (`ignored`, `example`). */
  ignoredRequest?: boolean;
  findings: PageFinding[];
}

const TRUNCATED_NOTE = /\b(truncated|shortened|abbreviated)\b/i;

/** A request block that is really a list of path templates: relative URL, no headers, no body but more request lines. */
function isTemplateLike(parsed: NonNullable<ReturnType<typeof parseHttpRequest>>): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(parsed.url) || parsed.headers.length) return false;
  return parsed.body === undefined || parsed.body.split('\n').every((line) => line.trim() === '' || isRequestLine(line));
}

/** How a fence is read: as a request, a response or neither, and whether by its annotation or by its content. */
interface FenceRole {
  kind?: 'request' | 'response';
  /** The annotation's blockType, lowercased. */
  blockType?: string;
  /** Read by its content (no annotation): unannotated requests pair and name differently. */
  byContent: boolean;
  /** A request marked with another blockType (`ignored`): its authors keep it out of testing. */
  ignored: boolean;
  firstLine: string;
  findings: PageFinding[];
}

function fenceRole(block: Extract<Block, { kind: 'fence' }>, annotation: Annotation | undefined): FenceRole {
  const blockType = typeof annotation?.blockType === 'string' ? annotation.blockType.trim().toLowerCase() : undefined;
  const firstLine =
    block.content
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? '';
  const role: FenceRole = { blockType, byContent: false, ignored: false, firstLine, findings: [] };
  if (blockType === 'request' || blockType === 'response') {
    // The annotation says one thing, the block holds the other: the block's own first line wins.
    const actual = isRequestLine(firstLine) ? 'request' : isStatusLine(firstLine) ? 'response' : undefined;
    if (!actual || actual === blockType) return { ...role, kind: blockType };
    const message = `block is annotated blockType "${blockType}" but holds a ${actual} ("${firstLine.slice(0, 60)}"); read as a ${actual}`;
    return { ...role, kind: actual, findings: [{ line: block.line, kind: 'annotation', message }] };
  }
  if (blockType === undefined && /^(http|msgraph-interactive|)$/i.test(block.info)) {
    return { ...role, byContent: true, kind: isRequestLine(firstLine) ? 'request' : isStatusLine(firstLine) ? 'response' : undefined };
  }
  // Its authors keep it out of testing; it is still an example (skipped with that reason) if answered.
  if (blockType !== undefined && isRequestLine(firstLine)) return { ...role, kind: 'request', ignored: true };
  return role;
}

function readRequestFence(block: Extract<Block, { kind: 'fence' }>, annotation: Annotation | undefined, role: FenceRole): FenceReading {
  const parsed = parseHttpRequest(block.content);
  if (!parsed) {
    const message = `request block does not start with a request line ("${role.firstLine.slice(0, 60)}")`;
    return { findings: [{ line: block.line, kind: 'request', message }] };
  }
  const name = annotation && (role.blockType === 'request' || role.ignored) ? annotationNames(annotation)[0] : undefined;
  const templateLike = role.byContent && isTemplateLike(parsed);
  let body = parsed.body;
  const notes = [...parsed.notes];
  if (
    body !== undefined &&
    !parsed.headers.length &&
    body.split('\n').every((line) => line.trim() === '' || isRequestLine(line)) &&
    !templateLike
  ) {
    // Several request lines: alternative forms of one request (`GET /me/x` and `GET /users/{id}/x`).
    // An unannotated one with relative URLs is a list of path templates (decided when pairing).
    notes.push(`request block holds ${body.split('\n').filter((line) => line.trim()).length + 1} request lines; the first is used`);
    body = undefined;
  }
  const request: RequestBlock = {
    line: block.line,
    ...(name ? { name } : {}),
    annotation: annotation ?? {},
    ...(role.byContent ? { annotated: false } : {}),
    ...(role.ignored ? { ignored: true } : {}),
    ...(notes.length ? { notes } : {}),
    method: parsed.method,
    url: parsed.url,
    headers: parsed.headers,
    body: readBody(body, parsed.headers),
  };
  return { request, ...(templateLike ? { templateLike } : {}), findings: [] };
}

function readResponseFence(
  block: Extract<Block, { kind: 'fence' }>,
  annotation: Annotation | undefined,
  role: FenceRole,
  prose: string,
): ResponseBlock {
  const parsed = parseHttpResponse(block.content);
  return {
    line: block.line,
    names: annotation && role.blockType === 'response' ? annotationNames(annotation) : [],
    annotation: annotation ?? {},
    ...(role.byContent ? { annotated: false } : {}),
    ...(parsed.notes.length ? { notes: parsed.notes } : {}),
    ...(TRUNCATED_NOTE.test(prose) ? { proseSaysTruncated: true } : {}),
    ...(parsed.status !== undefined ? { status: parsed.status } : {}),
    ...(parsed.reason ? { reason: parsed.reason } : {}),
    headers: parsed.headers,
    body: readBody(parsed.body, parsed.headers),
  };
}

/**
 * A response written as two fences, status line and headers in one, the JSON body in the next
 * (`search-query.md`): the second is the first one's body, with a note for docs:check.
 */
function attachBody(response: ResponseBlock, block: Extract<Block, { kind: 'fence' }>): void {
  response.body = readBody(block.content, response.headers);
  response.notes = [
    ...(response.notes ?? []),
    `the body is in a separate json block (line ${block.line}) after the status line and headers`,
  ];
}

/** One fenced block: path templates, a request, a response, or nothing the suite reads. */
function readFence(block: Extract<Block, { kind: 'fence' }>, annotation: Annotation | undefined, where: FenceContext): FenceReading {
  const role = fenceRole(block, annotation);
  if (sectionRole(where.section) === 'http-request' && role.blockType !== 'request' && role.blockType !== 'response') {
    return { templates: readTemplates(block.content, block.line), findings: [] };
  }
  const ignoredRequest = role.ignored ? { ignoredRequest: true } : {};
  if (role.kind === 'request') {
    const reading = readRequestFence(block, annotation, role);
    return { ...reading, ...ignoredRequest, findings: [...role.findings, ...reading.findings] };
  }
  if (role.kind === 'response') return { response: readResponseFence(block, annotation, role, where.prose), findings: role.findings };
  return { findings: role.findings };
}

/** What pairing leaves: the examples, the requests that stay requests, and templates found among the rest. */
interface Pairing {
  examples: ExamplePair[];
  requests: RequestBlock[];
  templates: PathTemplate[];
  findings: PageFinding[];
}

/**
 * Pairs each request with the response(s) naming it; a response without a (matching) name answers
 * the nearest request above it (requests marked `ignored` included: they become skipped examples). A request with
 * several responses gives several examples. Unannotated request blocks that nothing answers are not
 * examples on annotated pages (they are notifications, callbacks, sketches); those that are bare
 * relative paths are path templates.
 */
function pairExamples(
  requests: readonly RequestBlock[],
  responses: readonly ResponseBlock[],
  templateLike: ReadonlySet<RequestBlock>,
  annotatedPage: boolean,
): Pairing {
  const answered = answerRequests(requests, responses);
  const kept = keepRequests(requests, answered.answers, templateLike, annotatedPage);
  const named = nameExamples(kept.requests, answered.answers);
  return {
    examples: named.examples,
    requests: kept.requests,
    templates: kept.templates,
    findings: [...answered.findings, ...kept.findings, ...named.findings],
  };
}

/** The requests each response answers: the ones it names, else the nearest one above it. */
function answerRequests(
  requests: readonly RequestBlock[],
  responses: readonly ResponseBlock[],
): { answers: Map<RequestBlock, ResponseBlock[]>; findings: PageFinding[] } {
  const findings: PageFinding[] = [];
  const byName = new Map<string, RequestBlock>();
  for (const request of requests) {
    if (!request.name) continue;
    if (!byName.has(request.name)) byName.set(request.name, request);
    if (!byName.has(request.name.toLowerCase())) byName.set(request.name.toLowerCase(), request);
  }
  const answers = new Map<RequestBlock, ResponseBlock[]>(requests.map((request) => [request, []]));
  for (const response of responses) {
    const named = [
      ...new Set(
        response.names.map((name) => byName.get(name) ?? byName.get(name.toLowerCase())).filter((r): r is RequestBlock => Boolean(r)),
      ),
    ];
    const targets = named.length ? named : requestAbove(requests, responses, response);
    if (!targets.length) {
      findings.push({
        line: response.line,
        kind: 'pairing',
        message: `response ${response.names.length ? `"${response.names.join('", "')}" ` : ''}answers no request on the page`,
      });
    } else if (response.names.length && named.length < response.names.length) {
      const missing = response.names.filter((name) => !byName.has(name) && !byName.has(name.toLowerCase()));
      findings.push({
        line: response.line,
        kind: 'pairing',
        message: `response names request(s) "${missing.join('", "')}" that the page does not have${named.length ? '' : '; it answers the request above it'}`,
      });
    }
    for (const target of targets) answers.get(target)!.push(response);
  }
  return { answers, findings };
}

/** The request a response without a (matching) name answers: the nearest one above it, if any. */
function requestAbove(requests: readonly RequestBlock[], responses: readonly ResponseBlock[], response: ResponseBlock): RequestBlock[] {
  const above = [...requests].reverse().find((r) => r.line < response.line);
  // An ignored request written right after another, with no response between them, is an
  // alternative form of that request: the response answers the one above it.
  const answered = (request: RequestBlock) => responses.some((r) => r.line > request.line && r.line < response.line);
  const alternativeOf = above?.ignored
    ? [...requests]
        .reverse()
        .find((r) => r.line < above.line && !r.ignored && !answered(r) && !responses.some((x) => x.line > r.line && x.line < above.line))
    : undefined;
  return alternativeOf ? [alternativeOf] : above ? [above] : [];
}

/** Unanswered unannotated requests: path templates, or not examples at all on annotated pages. */
function keepRequests(
  requests: readonly RequestBlock[],
  answers: ReadonlyMap<RequestBlock, ResponseBlock[]>,
  templateLike: ReadonlySet<RequestBlock>,
  annotatedPage: boolean,
): { requests: RequestBlock[]; templates: PathTemplate[]; findings: PageFinding[] } {
  const templates: PathTemplate[] = [];
  const findings: PageFinding[] = [];
  const kept = requests.filter((request) => {
    // An ignored request nothing answers is not an example (its authors keep it out).
    if (request.ignored && !answers.get(request)!.length) return false;
    if (request.annotated !== false || answers.get(request)!.length) return true;
    if (templateLike.has(request)) {
      const lines = [request.url, ...(request.body?.text.split('\n') ?? [])].map((line, i) =>
        i === 0 ? `${request.method} ${line}` : line,
      );
      templates.push(...readTemplates(lines.join('\n'), request.line));
      return false;
    }
    if (!annotatedPage) return true;
    findings.push({
      line: request.line,
      kind: 'pairing',
      message: `unannotated request block (${request.method} ${request.url.slice(0, 80)}) has no response: not taken as an example`,
    });
    return false;
  });
  return { requests: kept, templates, findings };
}

/** One example per request and response, named after the request (`-response-2`, `-2` where names repeat). */
function nameExamples(
  requests: readonly RequestBlock[],
  answers: ReadonlyMap<RequestBlock, ResponseBlock[]>,
): { examples: ExamplePair[]; findings: PageFinding[] } {
  const used = new Map<string, number>();
  const examples: ExamplePair[] = [];
  const findings: PageFinding[] = [];
  requests.forEach((request, index) => {
    const responses = answers.get(request)!;
    const base = request.name || `example-${index + 1}`;
    const variants: (ResponseBlock | undefined)[] = responses.length ? responses : [undefined];
    variants.forEach((response, variant) => {
      let name = variants.length > 1 ? `${base}-response-${variant + 1}` : base;
      const seen = used.get(name) ?? 0;
      used.set(name, seen + 1);
      if (seen) name = `${name}-${seen + 1}`;
      if (!response) findings.push({ example: name, line: request.line, kind: 'pairing', message: 'request has no documented response' });
      examples.push({ name, request, ...(response ? { response } : {}) });
    });
  });
  return { examples, findings };
}
