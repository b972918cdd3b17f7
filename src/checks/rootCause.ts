/**
 * One root cause instead of many consequences: when the status check broke because the target answered
 * an error (or nothing at all), the checks that read the body (`readsBody`) have nothing to read, and
 * saying so is clearer than fourteen "missing property" lines. The reason quotes the error.
 */
import { STATUS_CODES } from 'node:http';
import type { Exchange } from '../core/http';
import { describeGraphError, graphErrorOf } from '../core/graphError';

/** `404 Not Found` from the response, with a standard phrase when the target sent none. */
const statusLine = (status: number, statusText: string) => `${status} ${statusText || STATUS_CODES[status] || ''}`.trim();

/**
 * Why the body checks cannot apply to this exchange, when the response is an error (4xx/5xx) or has no
 * body: `the response is an error: 404 ResourceNotFound: "…"`. Undefined when there is a body to check.
 */
export function errorResponseReason({ response }: Exchange): string | undefined {
  if (response.status >= 400) {
    const error = graphErrorOf(response.json);
    return `the response is an error: ${error ? `${response.status} ${describeGraphError(error)}` : statusLine(response.status, response.statusText)}`;
  }
  if (!response.body.trim()) return `the response has no body: ${statusLine(response.status, response.statusText)}`;
  return undefined;
}
