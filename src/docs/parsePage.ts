/**
 * parsePage: one reference page (Microsoft Graph docs format) → `Page`. Tolerant by design: whatever
 * the page gets wrong becomes a finding or an unusable example with a reason, never an exception.
 */
import { readMarkdown, type Block } from './markdownBlocks';
import { isRequestLine, isStatusLine, METHODS, parseHttpRequest, parseHttpResponse, headerValue } from './httpMessage';
import { parseJsonBody, parseLenientJson } from './jsonBody';
import { parseTypeCell } from './typeCell';
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
    new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(match[1])?.[1].trim().replace(/^(["'])(.*)\1$/, '$2') || undefined;
  return { body: source.slice(match[0].length), title: field('title'), docType: field('doc_type'), lineOffset: match[0].split('\n').length - 1 };
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
const NOT_RETURNED_BY_DEFAULT = /returned only (?:on|with|when using|if you use) `?\$select|only returned (?:on|with) `?\$select|\bnot returned by default\b/i;
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

interface Context {
  file: string;
  findings: Finding[];
  /** Unannotated request blocks that look like path templates (relative URL, nothing else). */
  templateLike: Set<RequestBlock>;
}

/** A page with nothing read from it yet. */
export function emptyPage(file: string, title = ''): Page {
  return { file, title, templates: [], requestHeaders: [], propertyTables: [], enumTables: [], requests: [], responses: [], examples: [], findings: [] };
}

export function parsePage(source: string, file: string): Page {
  const normalised = source.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const { body, title, docType, lineOffset } = frontMatter(normalised);
  const { blocks, references } = readMarkdown(body, lineOffset);
  const context: Context = { file, findings: [], templateLike: new Set() };
  const finding = (f: Omit<Finding, 'page'>) => context.findings.push({ page: file, ...f });

  const page: Page = { ...emptyPage(file, title ?? ''), ...(docType ? { docType } : {}), findings: context.findings };

  // Annotated pages are read by their annotations first, as ApiDoctor does; fences without any
  // annotation are read by their content on every page (Intune pages have no request/response
  // annotation at all, and many annotated pages leave a second example unannotated).
  const annotated = blocks.some(
    (block) => block.kind === 'comment' && /"?blockType"?\s*:\s*["']?(request|response)/.test(block.text),
  );

  let section = '';
  let heading = '';
  let pending: { annotation: Annotation; line: number } | undefined;
  /** Prose since the last fence: what it says about the next block (e.g. that it is truncated). */
  let prose = '';

  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        if (block.level === 1 && !page.title) page.title = block.text;
        if (/^\[.*\]\(#tab\//.test(block.text)) break;
        if (block.level <= 2) section = block.text.toLowerCase();
        heading = block.text;
        break;
      case 'paragraph':
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
            finding({ line: block.line, kind: 'annotation', message: `annotation is not JSON and was ignored: ${parsed.error ?? 'not an object'}` });
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
        readTable(page, block, section, heading, references);
        break;
      case 'fence': {
        const annotation = pending?.annotation;
        pending = undefined;
        readFence(page, context, block, annotation, { section, prose });
        prose = '';
        break;
      }
    }
  }
  page.examples = pairExamples(page, context, annotated);
  return page;
}

function readProse(page: Page, block: Extract<Block, { kind: 'paragraph' }>, section: string, references: Map<string, string>): void {
  const namespace = /^Namespace:\s*([\w.]+)/.exec(block.text);
  if (namespace) page.namespace = namespace[1];
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
      const name = (row[0] ?? '').replace(/[`*\\]/g, '').replace(/\u00a0/g, ' ').trim();
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

const TRUNCATED_NOTE = /\b(truncated|shortened|abbreviated)\b/i;

/** A request block that is really a list of path templates: relative URL, no headers, no body but more request lines. */
function isTemplateLike(parsed: NonNullable<ReturnType<typeof parseHttpRequest>>): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(parsed.url) || parsed.headers.length) return false;
  return parsed.body === undefined || parsed.body.split('\n').every((line) => line.trim() === '' || isRequestLine(line));
}

function readFence(
  page: Page,
  context: Context,
  block: Extract<Block, { kind: 'fence' }>,
  annotation: Annotation | undefined,
  where: FenceContext,
): void {
  const blockType = typeof annotation?.blockType === 'string' ? annotation.blockType.trim().toLowerCase() : undefined;
  const firstLine = block.content.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  if (sectionRole(where.section) === 'http-request' && blockType !== 'request' && blockType !== 'response') {
    page.templates.push(...readTemplates(block.content, block.line));
    return;
  }
  let kind: 'request' | 'response' | undefined;
  let byContent = false;
  let ignored = false;
  if (blockType === 'request' || blockType === 'response') {
    kind = blockType;
    // The annotation says one thing, the block holds the other: the block's own first line wins.
    const actual = isRequestLine(firstLine) ? 'request' : isStatusLine(firstLine) ? 'response' : undefined;
    if (actual && actual !== kind) {
      context.findings.push({
        page: page.file,
        line: block.line,
        kind: 'annotation',
        message: `block is annotated blockType "${kind}" but holds a ${actual} ("${firstLine.slice(0, 60)}"); read as a ${actual}`,
      });
      kind = actual;
    }
  } else if (blockType === undefined && /^(http|msgraph-interactive|)$/i.test(block.info)) {
    byContent = true;
    if (isRequestLine(firstLine)) kind = 'request';
    else if (isStatusLine(firstLine)) kind = 'response';
  } else if (blockType !== undefined && isRequestLine(firstLine)) {
    // Its authors keep it out of testing; it is still an example (skipped with that reason) if answered.
    page.ignoredRequests = (page.ignoredRequests ?? 0) + 1;
    kind = 'request';
    ignored = true;
  }
  if (kind === 'request') {
    const parsed = parseHttpRequest(block.content);
    if (!parsed) {
      context.findings.push({
        page: page.file,
        line: block.line,
        kind: 'request',
        message: `request block does not start with a request line ("${firstLine.slice(0, 60)}")`,
      });
      return;
    }
    const name = annotation && (blockType === 'request' || ignored) ? annotationNames(annotation)[0] : undefined;
    if (parsed.body !== undefined && !parsed.headers.length && parsed.body.split('\n').every((line) => line.trim() === '' || isRequestLine(line))) {
      // Several request lines: alternative forms of one request (`GET /me/x` and `GET /users/{id}/x`).
      // An unannotated one with relative URLs is a list of path templates (decided when pairing).
      if (!byContent || !isTemplateLike(parsed)) {
        parsed.notes.push(`request block holds ${parsed.body.split('\n').filter((line) => line.trim()).length + 1} request lines; the first is used`);
        parsed.body = undefined;
      }
    }
    const request: RequestBlock = {
      line: block.line,
      ...(name ? { name } : {}),
      annotation: annotation ?? {},
      ...(byContent ? { annotated: false } : {}),
      ...(ignored ? { ignored } : {}),
      ...(parsed.notes.length ? { notes: parsed.notes } : {}),
      method: parsed.method,
      url: parsed.url,
      headers: parsed.headers,
      body: readBody(parsed.body, parsed.headers),
    };
    if (byContent && isTemplateLike(parsed)) context.templateLike.add(request);
    page.requests.push(request);
  } else if (kind === 'response') {
    const parsed = parseHttpResponse(block.content);
    const response: ResponseBlock = {
      line: block.line,
      names: annotation && blockType === 'response' ? annotationNames(annotation) : [],
      annotation: annotation ?? {},
      ...(byContent ? { annotated: false } : {}),
      ...(parsed.notes.length ? { notes: parsed.notes } : {}),
      ...(TRUNCATED_NOTE.test(where.prose) ? { proseSaysTruncated: true } : {}),
      ...(parsed.status !== undefined ? { status: parsed.status } : {}),
      ...(parsed.reason ? { reason: parsed.reason } : {}),
      headers: parsed.headers,
      body: readBody(parsed.body, parsed.headers),
    };
    page.responses.push(response);
  }
}

/**
 * Pairs each request with the response(s) naming it; a response without a (matching) name answers
 * the nearest request above it (requests marked `ignored` included: they become skipped examples). A request with
 * several responses gives several examples. Unannotated request blocks that nothing answers are not
 * examples on annotated pages (they are notifications, callbacks, sketches); those that are bare
 * relative paths are path templates.
 */
function pairExamples(page: Page, context: Context, annotatedPage: boolean): ExamplePair[] {
  const byName = new Map<string, RequestBlock>();
  for (const request of page.requests) {
    if (!request.name) continue;
    if (!byName.has(request.name)) byName.set(request.name, request);
    if (!byName.has(request.name.toLowerCase())) byName.set(request.name.toLowerCase(), request);
  }
  const answers = new Map<RequestBlock, ResponseBlock[]>(page.requests.map((request) => [request, []]));
  for (const response of page.responses) {
    const named = [
      ...new Set(response.names.map((name) => byName.get(name) ?? byName.get(name.toLowerCase())).filter((r): r is RequestBlock => Boolean(r))),
    ];
    let targets = named;
    if (!targets.length) {
      const above = [...page.requests].reverse().find((r) => r.line < response.line);
      // An ignored request written right after another, with no response between them, is an
      // alternative form of that request: the response answers the one above it.
      const answered = (request: RequestBlock) => page.responses.some((r) => r.line > request.line && r.line < response.line);
      const alternativeOf = above?.ignored
        ? [...page.requests].reverse().find((r) => r.line < above.line && !r.ignored && !answered(r) && !page.responses.some((x) => x.line > r.line && x.line < above.line))
        : undefined;
      targets = alternativeOf ? [alternativeOf] : above ? [above] : [];
    }
    if (!targets.length) {
      context.findings.push({
        page: page.file,
        line: response.line,
        kind: 'pairing',
        message: `response ${response.names.length ? `"${response.names.join('", "')}" ` : ''}answers no request on the page`,
      });
    } else if (response.names.length && named.length < response.names.length) {
      const missing = response.names.filter((name) => !byName.has(name) && !byName.has(name.toLowerCase()));
      context.findings.push({
        page: page.file,
        line: response.line,
        kind: 'pairing',
        message: `response names request(s) "${missing.join('", "')}" that the page does not have${named.length ? '' : '; it answers the request above it'}`,
      });
    }
    for (const target of targets) answers.get(target)!.push(response);
  }

  // Unanswered unannotated requests: templates, or not examples at all on annotated pages.
  page.requests = page.requests.filter((request) => {
    // An ignored request nothing answers is not an example (its authors keep it out).
    if (request.ignored && !answers.get(request)!.length) return false;
    if (request.annotated !== false || answers.get(request)!.length) return true;
    if (context.templateLike.has(request)) {
      const lines = [request.url, ...(request.body?.text.split('\n') ?? [])].map((line, i) => (i === 0 ? `${request.method} ${line}` : line));
      page.templates.push(...readTemplates(lines.join('\n'), request.line));
      return false;
    }
    if (!annotatedPage) return true;
    context.findings.push({
      page: page.file,
      line: request.line,
      kind: 'pairing',
      message: `unannotated request block (${request.method} ${request.url.slice(0, 80)}) has no response: not taken as an example`,
    });
    return false;
  });

  const used = new Map<string, number>();
  const examples: ExamplePair[] = [];
  page.requests.forEach((request, index) => {
    const responses = answers.get(request)!;
    const base = request.name || `example-${index + 1}`;
    const variants: (ResponseBlock | undefined)[] = responses.length ? responses : [undefined];
    variants.forEach((response, variant) => {
      let name = variants.length > 1 ? `${base}-response-${variant + 1}` : base;
      const seen = used.get(name) ?? 0;
      used.set(name, seen + 1);
      if (seen) name = `${name}-${seen + 1}`;
      const example: ExamplePair = { name, request, ...(response ? { response } : {}) };
      if (!response) {
        context.findings.push({ page: page.file, example: name, line: request.line, kind: 'pairing', message: 'request has no documented response' });
      }
      examples.push(example);
    });
  });
  return examples;
}
