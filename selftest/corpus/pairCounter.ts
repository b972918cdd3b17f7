/**
 * An independent count of the request/response pairs a page documents, written to catch what the
 * parser misses: a plain line scan, no markdown-it, no JSON, nothing shared with src/docs.
 *
 *  - a fence with a `blockType: request|response` annotation before it is a request/response block
 *    (a request line or status line as its first line overrides a contradicting annotation);
 *  - on a page, a fence with no such annotation whose info is `http`, `msgraph-interactive` or empty
 *    and whose first line is a request line (or a status line) is a request (or a response), except
 *    under the "HTTP request" heading, where the request lines are the path templates;
 *  - a fence annotated with another blockType (`ignored`) whose first line is a request line is a
 *    request its authors keep out of testing: still a request, counted apart (`ignoredPairs`);
 *  - a response naming N of the page's request blocks (`"name": [..]`) is N pairs; one naming none answers the nearest
 *    request line above it: 1 pair, unless there is none.
 */
export interface CountedBlock {
  kind: 'request' | 'response' | 'ignored-request';
  line: number;
  names: string[];
  annotated: boolean;
}

export interface PageCount {
  blocks: CountedBlock[];
  requests: number;
  responses: number;
  pairs: number;
  annotatedPairs: number;
  /** Pairs whose request is marked `ignored` (included in `pairs`). */
  ignoredPairs: number;
}

const REQUEST = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+\S/i;
const STATUS = /^HTTP(\/\d(\.\d)?)?(\s+code\s*:)?\s+\d{3}\b/i;
const FENCE = /^\s*(`{3,}|~{3,})\s*([^`\s]*)/;

function namesIn(comment: string): string[] {
  const match = /["']?name["']?\s*:\s*(\[[^\]]*\]|"[^"]*"|'[^']*')/.exec(comment);
  if (!match) return [];
  return [...match[1].matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => (m[1] ?? m[2]).trim()).filter(Boolean);
}

export function countPairs(source: string): PageCount {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: CountedBlock[] = [];
  let pending: string | undefined;
  let inTemplateSection = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.includes('<!--')) {
      let text = line.slice(line.indexOf('<!--'));
      while (!text.includes('-->') && i + 1 < lines.length) text += '\n' + lines[++i];
      if (/blockType/i.test(text)) pending = text;
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*)$/.exec(line);
    if (heading && !/\(#tab\//.test(heading[2])) {
      if (heading[1].length <= 2 || /http request/i.test(heading[2])) inTemplateSection = /^http request/i.test(heading[2].trim());
      continue;
    }
    const fence = FENCE.exec(line);
    if (!fence) continue;
    const marker = fence[1];
    const info = fence[2].toLowerCase();
    const content: string[] = [];
    const close = new RegExp(`^\\s*${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    const start = i + 1;
    for (i++; i < lines.length && !close.test(lines[i]); i++) content.push(lines[i]);
    const first = content.find((l) => l.trim() !== '')?.trim() ?? '';
    const annotation = pending;
    pending = undefined;
    const blockType = annotation ? /["']?blockType["']?\s*:\s*["']?(\w+)/i.exec(annotation)?.[1].toLowerCase() : undefined;
    if (blockType === 'request' || blockType === 'response') {
      // A request annotated as a response (or the reverse) is what its first line says it is.
      const kind = REQUEST.test(first) ? 'request' : STATUS.test(first) ? 'response' : blockType;
      blocks.push({ kind, line: start, names: kind === blockType ? namesIn(annotation!) : [], annotated: true });
    } else if (blockType && !inTemplateSection && REQUEST.test(first)) {
      blocks.push({ kind: 'ignored-request', line: start, names: namesIn(annotation!), annotated: true });
    } else if (!blockType && !inTemplateSection && /^(http|msgraph-interactive|)$/.test(info)) {
      if (REQUEST.test(first)) blocks.push({ kind: 'request', line: start, names: [], annotated: false });
      else if (STATUS.test(first)) blocks.push({ kind: 'response', line: start, names: [], annotated: false });
    }
  }
  let pairs = 0;
  let annotatedPairs = 0;
  let ignoredPairs = 0;
  const requestNames = new Set(blocks.flatMap((block) => (block.kind !== 'response' ? block.names : [])));
  let above: CountedBlock | undefined;
  for (const block of blocks) {
    if (block.kind !== 'response') {
      above = block;
      continue;
    }
    const named = block.names.filter((name) => requestNames.has(name)).length;
    const n = named || (above ? 1 : 0);
    pairs += n;
    if (block.annotated) annotatedPairs += n;
    if (!named && above?.kind === 'ignored-request') ignoredPairs += n;
  }
  return {
    blocks,
    requests: blocks.filter((b) => b.kind === 'request').length,
    responses: blocks.filter((b) => b.kind === 'response').length,
    pairs,
    annotatedPairs,
    ignoredPairs,
  };
}
