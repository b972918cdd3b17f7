/**
 * parsePage: one reference page (Microsoft Graph docs format) → `Page`. Tolerant by design: whatever
 * the page gets wrong becomes a finding or an unusable example with a reason, never an exception.
 */
import { readMarkdown, type Block } from './markdownBlocks';
import { isRequestLine, isStatusLine, METHODS, parseHttpRequest, parseHttpResponse, headerValue } from './httpMessage';
import { parseJsonBody, parseLenientJson } from './jsonBody';
import { parseTypeCell } from './typeCell';
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

function frontMatter(source: string): { body: string; title?: string; lineOffset: number } {
  const match = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(source);
  if (!match) return { body: source, lineOffset: 0 };
  const title = /^title:\s*(.*)$/m.exec(match[1])?.[1].trim().replace(/^(["'])(.*)\1$/, '$2');
  return { body: source.slice(match[0].length), title, lineOffset: match[0].split('\n').length - 1 };
}

function annotationNames(annotation: Annotation): string[] {
  const name = annotation.name;
  if (typeof name === 'string') return [name.trim()];
  if (Array.isArray(name)) return name.filter((n): n is string => typeof n === 'string').map((n) => n.trim());
  return [];
}

function readBody(text: string | undefined, headers: readonly Header[]): JsonBody | undefined {
  if (text === undefined) return undefined;
  const contentType = headerValue(headers, 'content-type');
  // Only JSON bodies are decoded; others (text, binary placeholders) are kept as text.
  if (contentType && !/json/i.test(contentType)) return { text, repairs: [] };
  return parseJsonBody(text);
}

/** `POST /Security/ipSecurityProfiles`, `GET /users/{id | userPrincipalName}/events?$select=x`. */
function readTemplates(content: string, line: number): PathTemplate[] {
  const templates: PathTemplate[] = [];
  content.split('\n').forEach((raw, index) => {
    const text = raw.replace(/#.*$|\/\/\s.*$/, '').trim();
    const match = new RegExp(`^(?:(${METHODS.join('|')})\\s+)?(/.*?|https?://.*?)(?:\\s+HTTP/[\\d.]+)?$`, 'i').exec(text);
    if (!match) return;
    const path = match[2].replace(/\?.*$/, '').trim();
    templates.push({ ...(match[1] ? { method: match[1].toUpperCase() } : {}), path, line: line + index + 1 });
  });
  return templates;
}

function typeLinkIn(text: string): TypeLink | undefined {
  const link = RESOURCE_LINK.exec(text);
  if (link) return { name: link[1].replace(/^microsoft\.graph\./i, ''), link: link[2] };
  const bare = /representation (?:of|for) (?:the |a |an )?(?:new )?[*`]*([A-Za-z_]\w*)[*`]*\s+(?:object|resource|entity)/i.exec(text);
  return bare ? { name: bare[1] } : undefined;
}

const STATUS_PROSE = /`?\b([1-5]\d\d)\b(?:\s+[A-Za-z][A-Za-z -]*?)?`?\s*(?:response|status|code|and|\.|,|$)/i;

interface Context {
  file: string;
  findings: Finding[];
}

export function parsePage(source: string, file: string): Page {
  const normalised = source.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const { body, title, lineOffset } = frontMatter(normalised);
  const { blocks, references } = readMarkdown(body, lineOffset);
  const context: Context = { file, findings: [] };
  const finding = (f: Omit<Finding, 'page'>) => context.findings.push({ page: file, ...f });

  const page: Page = {
    file,
    title: title ?? '',
    templates: [],
    requestHeaders: [],
    propertyTables: [],
    enumTables: [],
    requests: [],
    responses: [],
    examples: [],
    findings: context.findings,
  };

  // Pages without any request/response annotation (Intune, older pages) are read by their headings
  // and block contents; annotated pages are read by their annotations only, as ApiDoctor does.
  const annotated = blocks.some(
    (block) => block.kind === 'comment' && /"?blockType"?\s*:\s*["']?(request|response)/.test(block.text),
  );

  let section = '';
  let heading = '';
  let pending: { annotation: Annotation; line: number } | undefined;

  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        if (block.level === 1 && !page.title) page.title = block.text;
        if (block.level <= 2 && !/^\[.*\]\(#tab\//.test(block.text)) section = block.text.toLowerCase();
        heading = block.text.toLowerCase();
        break;
      case 'paragraph':
        readProse(page, block, section);
        break;
      case 'comment': {
        const text = block.text.trim();
        if (!text.startsWith('{')) break;
        const parsed = parseLenientJson(text);
        if (parsed.error || typeof parsed.value !== 'object' || parsed.value === null) {
          finding({ line: block.line, kind: 'annotation', message: `annotation is not JSON and was ignored: ${parsed.error ?? 'not an object'}` });
          break;
        }
        if (parsed.repaired) finding({ line: block.line, kind: 'annotation', message: 'annotation is not strict JSON (read leniently)' });
        pending = { annotation: parsed.value as Annotation, line: block.line };
        break;
      }
      case 'table':
        readTable(page, block, section, references);
        break;
      case 'fence': {
        const annotation = pending?.annotation ?? {};
        pending = undefined;
        readFence(page, context, block, annotation, { section, heading, annotated });
        break;
      }
    }
  }
  page.examples = pairExamples(page, context);
  return page;
}

function readProse(page: Page, block: Extract<Block, { kind: 'paragraph' }>, section: string): void {
  const namespace = /^Namespace:\s*([\w.]+)/.exec(block.text);
  if (namespace) page.namespace = namespace[1];
  if (/^request body/.test(section) && !page.requestBodyType && /representation/i.test(block.text)) {
    page.requestBodyType = typeLinkIn(block.text);
  }
  if (/^response/.test(section) && /return/i.test(block.text)) {
    const status = STATUS_PROSE.exec(block.text);
    if (status && !page.documentedStatus) page.documentedStatus = { code: Number(status[1]), line: block.line };
    const type = typeLinkIn(block.text);
    if (type && !page.responseType) {
      page.responseType = { ...type, collection: /collection of|list of|array of/i.test(block.text) };
    }
  }
}

function readTable(page: Page, block: Extract<Block, { kind: 'table' }>, section: string, references: Map<string, string>): void {
  const header = block.header.map((cell) => cell.replace(/[*_`]/g, '').trim().toLowerCase());
  const typeColumn = header.indexOf('type');
  if (/header/.test(section) && header.length >= 2) {
    page.requestHeaders.push(...block.rows.map((row) => [row[0] ?? '', row[1] ?? ''] as const));
    return;
  }
  if (typeColumn > 0 && /^(property|name|parameter|property name|parameter name)$/.test(header[0])) {
    const descriptionColumn = header.findIndex((cell) => /description/.test(cell));
    const table: PropertyTable = { section, line: block.line, rows: [] };
    for (const row of block.rows) {
      const name = (row[0] ?? '').replace(/[`*\\]/g, '').replace(/\u00a0/g, ' ').trim();
      if (!/^[@A-Za-z_][\w.@-]*$/.test(name)) continue;
      table.rows.push({
        name,
        type: parseTypeCell(row[typeColumn] ?? '', references),
        description: descriptionColumn >= 0 ? (row[descriptionColumn] ?? '') : '',
      });
    }
    page.propertyTables.push(table);
    return;
  }
  if (typeColumn < 0 && /^(member|value|name|members|enum value)$/.test(header[0]) && !/permission/.test(section)) {
    const table: EnumTable = {
      section,
      line: block.line,
      members: block.rows.map((row) => (row[0] ?? '').replace(/[`*\\]/g, '').trim()).filter((m) => /^\w+$/.test(m)),
    };
    if (table.members.length) page.enumTables.push(table);
  }
}

interface FenceContext {
  section: string;
  heading: string;
  annotated: boolean;
}

function readFence(
  page: Page,
  context: Context,
  block: Extract<Block, { kind: 'fence' }>,
  annotation: Annotation,
  where: FenceContext,
): void {
  const blockType = typeof annotation.blockType === 'string' ? annotation.blockType.toLowerCase() : undefined;
  const firstLine = block.content.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  if (/^http request/.test(where.section) && (blockType === undefined || blockType === 'ignored')) {
    page.templates.push(...readTemplates(block.content, block.line));
    return;
  }
  let kind: 'request' | 'response' | undefined;
  if (blockType === 'request' || blockType === 'response') kind = blockType;
  else if (!where.annotated && blockType === undefined && /^(http|msgraph-interactive|)$/i.test(block.info)) {
    if (isRequestLine(firstLine)) kind = 'request';
    else if (isStatusLine(firstLine)) kind = 'response';
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
    const name = annotationNames(annotation)[0];
    const request: RequestBlock = {
      line: block.line,
      ...(name ? { name } : {}),
      annotation,
      method: parsed.method,
      url: parsed.url,
      headers: parsed.headers,
      body: readBody(parsed.body, parsed.headers),
    };
    page.requests.push(request);
  } else if (kind === 'response') {
    const parsed = parseHttpResponse(block.content);
    const response: ResponseBlock = {
      line: block.line,
      names: annotationNames(annotation),
      annotation,
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
 * the nearest request above it. A request with several responses gives several examples.
 */
function pairExamples(page: Page, context: Context): ExamplePair[] {
  const byName = new Map<string, RequestBlock>();
  for (const request of page.requests) if (request.name && !byName.has(request.name)) byName.set(request.name, request);
  const answers = new Map<RequestBlock, ResponseBlock[]>(page.requests.map((request) => [request, []]));
  for (const response of page.responses) {
    const named = response.names.map((name) => byName.get(name)).filter((r): r is RequestBlock => Boolean(r));
    const targets = named.length ? named : [...page.requests].reverse().filter((r) => r.line < response.line).slice(0, 1);
    if (!targets.length) {
      context.findings.push({
        page: page.file,
        line: response.line,
        kind: 'pairing',
        message: `response ${response.names.length ? `"${response.names.join('", "')}" ` : ''}answers no request on the page`,
      });
    }
    for (const target of targets) answers.get(target)!.push(response);
  }
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
