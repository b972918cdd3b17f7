/** The request a contract turns into, against the configured target. */
import type { SentRequest } from '../core/http';
import type { Contract } from '../contracts/contractExample';
import { formatPath, joinUrl } from '../contracts/paths';

export interface Target {
  baseURL: string;
}

export interface RequestOptions {
  /** Path segments with every placeholder filled (defaults to the example's own). */
  segments?: readonly string[];
  /** Query string with every placeholder filled (defaults to the example's own). */
  query?: string;
  /** Send the bearer token (true unless a test is about its absence). */
  authorize?: boolean;
  /** Body text to send instead of the example's. */
  body?: string;
}

export function buildRequest(example: Contract, target: Target, options: RequestOptions = {}): SentRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of example.headers) headers[name] = value;
  const body = options.body ?? example.body?.text;
  return {
    method: example.method,
    url: new URL(joinUrl(target.baseURL, formatPath(options.segments ?? example.path.segments, options.query ?? example.path.query))).href,
    headers,
    ...(body !== undefined ? { body } : {}),
    authorize: options.authorize ?? true,
  };
}
