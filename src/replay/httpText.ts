/** Exchanges written as HTTP messages, for the report's request and response attachments. */
import { createHash } from 'node:crypto';
import type { Exchange, ReceivedResponse, SentRequest } from '../core/http';

/** Body characters a passing test attaches; a failing test attaches more (`FAILING_BODY_CHARS`). */
export const PASSING_BODY_CHARS = 8 * 1024;
export const FAILING_BODY_CHARS = 64 * 1024;

function prettyBody(body: string | undefined): string {
  if (!body) return '';
  try {
    return `\n\n${JSON.stringify(JSON.parse(body), null, 2)}`;
  } catch {
    return `\n\n${body}`;
  }
}

export function formatRequest(request: SentRequest): string {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${value}`);
  // The token itself is added on the way out and never kept: only that one was sent is shown.
  if (request.authorize) headers.push('Authorization: Bearer <redacted>');
  return [`${request.method} ${request.url}`, ...headers].join('\n') + prettyBody(request.body);
}

/** The response as an HTTP message; a body longer than `maxBodyChars` keeps its head, its size and its hash. */
export function formatResponse(response: ReceivedResponse, maxBodyChars = Number.POSITIVE_INFINITY): string {
  const headers = Object.entries(response.headers).map(([name, value]) => `${name}: ${value}`);
  const head = [`HTTP ${response.status} ${response.statusText}`.trim(), ...headers].join('\n');
  const cut = response.truncated || response.body.length > maxBodyChars;
  if (!cut) return head + prettyBody(response.body);
  const size = response.size ?? Buffer.byteLength(response.body);
  const sha256 = response.sha256 ?? createHash('sha256').update(response.body).digest('hex');
  const shown = response.body.slice(0, maxBodyChars);
  return `${head}\n\n${shown}\n\n[body cut: ${shown.length} characters shown of ${size} bytes; sha256 ${sha256}]`;
}

/** Whether a failing test has more of this response to show than the passing-size attachment did. */
export const hasMoreBody = (response: ReceivedResponse) => response.body.length > PASSING_BODY_CHARS;

/** The ids a service owner needs to find the exchange in their logs, as a line to end a failure with. */
export function traceIds({ request, response }: Exchange): string {
  const sent = request.headers['client-request-id'];
  const got = response.headers['request-id'];
  const parts = [got && `request-id ${got}`, sent && `client-request-id ${sent}`].filter(Boolean);
  return parts.length ? `\n(${parts.join(', ')}: hand these to the service owner)` : '';
}
