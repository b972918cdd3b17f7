/**
 * The Graph error body `{"error":{"code","message"}}` read from a response, and written in full:
 * `ResourceNotFound: "No ipSecurityProfile with id 'x' exists."`. The message is the one line that says
 * why a request failed, so it is never clipped.
 */
import { isObject } from './json';

export interface GraphError {
  code: string;
  message?: string;
}

/** The `error` member of a Graph error body, when it has a string `code`. */
export function graphErrorOf(json: unknown): GraphError | undefined {
  const error = isObject(json) ? json.error : undefined;
  if (!isObject(error) || typeof error.code !== 'string') return undefined;
  return { code: error.code, ...(typeof error.message === 'string' ? { message: error.message } : {}) };
}

/** `ResourceNotFound: "The resource could not be found."` (or just the code when there is no message). */
export const describeGraphError = (error: GraphError) =>
  error.message !== undefined ? `${error.code}: ${JSON.stringify(error.message)}` : error.code;
