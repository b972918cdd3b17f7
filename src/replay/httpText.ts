/** Exchanges written as HTTP messages, for the report's request and response attachments. */
import type { ReceivedResponse, SentRequest } from '../core/http';

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

export function formatResponse(response: ReceivedResponse): string {
  const headers = Object.entries(response.headers).map(([name, value]) => `${name}: ${value}`);
  const cut = response.truncated
    ? `\n\n[body cut after ${Buffer.byteLength(response.body)} of ${response.size} bytes (MAX_BODY_BYTES); sha256 ${response.sha256}]`
    : '';
  return [`HTTP ${response.status} ${response.statusText}`.trim(), ...headers].join('\n') + (response.truncated ? `\n\n${response.body}` : prettyBody(response.body)) + cut;
}
