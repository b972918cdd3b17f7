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

const redact = (name: string, value: string) => (name.toLowerCase() === 'authorization' ? value.replace(/^(\S+\s+).*/, '$1<redacted>') : value);

export function formatRequest(request: SentRequest): string {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${redact(name, value)}`);
  return [`${request.method} ${request.url}`, ...headers].join('\n') + prettyBody(request.body);
}

export function formatResponse(response: ReceivedResponse): string {
  const headers = Object.entries(response.headers).map(([name, value]) => `${name}: ${value}`);
  return [`HTTP ${response.status} ${response.statusText}`.trim(), ...headers].join('\n') + prettyBody(response.body);
}
