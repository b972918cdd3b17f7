/** A request as a copy-paste `curl` command, the token written as `$API_TOKEN` (never its value). */
import type { SentRequest } from '../core/http';

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function curlCommand(request: SentRequest): string {
  const lines = [`curl -sS -i -X ${request.method} ${quote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() !== 'authorization') lines.push(`-H ${quote(`${name}: ${value}`)}`);
  }
  if (request.authorize) lines.push('-H "Authorization: Bearer $API_TOKEN"');
  if (request.body !== undefined) lines.push(`--data-raw ${quote(request.body)}`);
  return lines.join(' \\\n  ');
}
