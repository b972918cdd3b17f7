/**
 * HTTP messages as pages write them in ```http fences: a request or status line, headers, a body.
 * Pages are not strict: headers may run straight into the body with no blank line (or be separated
 * from the request line by one), status lines may be `HTTP 201 Created`, `HTTP/1.1 200`,
 * `HTTP code: 200 OK` or carry the wrong reason phrase, and values like `Content-Length` are stale.
 * Only the structure is read here; the body is decoded by `jsonBody`. What the page gets wrong about
 * the message itself is returned in `notes` (each a document finding).
 */
import { STATUS_CODES } from 'node:http';
import type { Header } from './model';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const REQUEST_LINE = new RegExp(`^(${METHODS.join('|')})\\s+(.+?)(?:\\s+HTTP/\\d(?:\\.\\d)?)?\\s*$`, 'i');
const STATUS_LINE = /^HTTP(?:\/\d(?:\.\d)?)?(?:\s+code\s*:)?\s+(\d{3})\b\s*(.*)$/i;
const HEADER_LINE = /^([A-Za-z][A-Za-z0-9-]*)\s*:\s*(.*)$/;

export interface HttpMessageParts {
  headers: Header[];
  /** Body text, trimmed; undefined when there is none. */
  body?: string;
  /** What the message gets wrong as HTTP (missing blank line, ...): document findings, in words. */
  notes: string[];
}

function readHeadersAndBody(lines: string[], notes: string[]): Omit<HttpMessageParts, 'notes'> {
  const headers: Header[] = [];
  let i = 0;
  // A blank line straight after the start line, followed by headers: the headers still count.
  let blank = 0;
  while (blank < lines.length && lines[blank].trim() === '') blank++;
  if (blank > 0 && blank < lines.length && isHeaderLine(lines[blank])) {
    notes.push('blank line between the start line and the headers');
    i = blank;
  }
  let blankBeforeBody = false;
  for (; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') {
      blankBeforeBody = true;
      i++;
      break;
    }
    // A line that is not a header starts the body, even without the blank line HTTP requires.
    if (!isHeaderLine(line)) break;
    const header = HEADER_LINE.exec(line)!;
    headers.push([header[1], header[2].trim()]);
  }
  const body = lines.slice(i).join('\n').trim();
  if (body !== '' && headers.length && !blankBeforeBody) notes.push('no blank line between the headers and the body');
  return { headers, body: body === '' ? undefined : body };
}

/** `Name: value`, but not a JSON member (`"name": 1`) nor a URL (`https://…`). */
function isHeaderLine(line: string): boolean {
  const match = HEADER_LINE.exec(line.trim());
  return Boolean(match) && !/^\/\//.test(match![2]);
}

function nonBlankLines(content: string): string[] {
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
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
  const notes: string[] = [];
  return { method: requestLine[1].toUpperCase(), url: requestLine[2].trim(), ...readHeadersAndBody(lines.slice(1), notes), notes };
}

/** The reason phrase HTTP gives a status code, e.g. `Created` for 201. */
export function standardReason(status: number): string | undefined {
  return STATUS_CODES[status];
}

const comparable = (reason: string) => reason.toLowerCase().replace(/[^a-z]/g, '');

/** A response block; its status line is optional (some pages show only the body). */
export function parseHttpResponse(content: string): HttpMessageParts & { status?: number; reason?: string } {
  const lines = nonBlankLines(content);
  const notes: string[] = [];
  const statusLine = STATUS_LINE.exec((lines[0] ?? '').trim());
  if (!statusLine) {
    const looksLikeHeaders = isHeaderLine(lines[0] ?? '') && !/^\s*[{["]/.test(lines[0] ?? '');
    const parts = looksLikeHeaders ? readHeadersAndBody(lines, notes) : { headers: [], body: lines.join('\n').trim() || undefined };
    return { ...parts, notes };
  }
  const status = Number(statusLine[1]);
  const reason = statusLine[2].trim() || undefined;
  if (!/^HTTP\/\d(\.\d)?\s/i.test(lines[0].trim()))
    notes.push(`status line "${lines[0].trim()}" is not HTTP syntax (HTTP/1.1 ${status} …)`);
  const standard = standardReason(status);
  if (reason && standard && comparable(reason) !== comparable(standard)) {
    notes.push(`status line says "${status} ${reason}"; the reason phrase of ${status} is "${standard}" (the number is used)`);
  }
  return { status, ...(reason ? { reason } : {}), ...readHeadersAndBody(lines.slice(1), notes), notes };
}

export function headerValue(headers: readonly Header[], name: string): string | undefined {
  return headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}
