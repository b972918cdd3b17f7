/**
 * HTTP messages as pages write them in ```http fences: a request or status line, headers, a body.
 * Pages are not strict: headers may run straight into the body with no blank line, status lines may
 * be `HTTP 201 Created` or `HTTP/1.1 200` or carry the wrong reason phrase, and values like
 * `Content-Length` are stale. Only the structure is read here; the body is decoded by `jsonBody`.
 */
import type { Header } from './model';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const REQUEST_LINE = new RegExp(`^(${METHODS.join('|')})\\s+(.+?)(?:\\s+HTTP/\\d(?:\\.\\d)?)?\\s*$`, 'i');
const STATUS_LINE = /^HTTP(?:\/\d(?:\.\d)?)?\s+(\d{3})\b\s*(.*)$/i;
const HEADER_LINE = /^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.*)$/;

export interface HttpMessageParts {
  headers: Header[];
  /** Body text, trimmed; undefined when there is none. */
  body?: string;
}

function readHeadersAndBody(lines: string[]): HttpMessageParts {
  const headers: Header[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') {
      i++;
      break;
    }
    const header = HEADER_LINE.exec(line);
    // A line that is not a header starts the body, even without the blank line HTTP requires.
    if (!header) break;
    headers.push([header[1], header[2].trim()]);
  }
  const body = lines.slice(i).join('\n').trim();
  return { headers, body: body === '' ? undefined : body };
}

function nonBlankLines(content: string): string[] {
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && lines[0].trim() === '') lines.shift();
  return lines;
}

export function isRequestLine(line: string): boolean {
  return REQUEST_LINE.test(line.trim());
}

export function isStatusLine(line: string): boolean {
  return STATUS_LINE.test(line.trim());
}

export function parseHttpRequest(content: string): (HttpMessageParts & { method: string; url: string }) | undefined {
  const lines = nonBlankLines(content);
  const requestLine = REQUEST_LINE.exec((lines[0] ?? '').trim());
  if (!requestLine) return undefined;
  return { method: requestLine[1].toUpperCase(), url: requestLine[2].trim(), ...readHeadersAndBody(lines.slice(1)) };
}

/** A response block; its status line is optional (some pages show only the body). */
export function parseHttpResponse(content: string): HttpMessageParts & { status?: number; reason?: string } {
  const lines = nonBlankLines(content);
  const statusLine = STATUS_LINE.exec((lines[0] ?? '').trim());
  if (!statusLine) {
    const looksLikeHeaders = HEADER_LINE.test((lines[0] ?? '').trim()) && !/^\s*[{[]/.test(lines[0] ?? '');
    return looksLikeHeaders ? readHeadersAndBody(lines) : { headers: [], body: lines.join('\n').trim() || undefined };
  }
  return {
    status: Number(statusLine[1]),
    reason: statusLine[2].trim() || undefined,
    ...readHeadersAndBody(lines.slice(1)),
  };
}

export function headerValue(headers: readonly Header[], name: string): string | undefined {
  return headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}
