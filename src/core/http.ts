/** The HTTP exchange as every layer sees it: what was sent, what came back, the body parsed once. */

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ReceivedResponse {
  status: number;
  statusText: string;
  /** Header names lowercased. */
  headers: Record<string, string>;
  body: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: unknown;
}

export interface Exchange {
  request: SentRequest;
  response: ReceivedResponse;
}

/** The JSON a body holds, or undefined; a byte-order mark in front is legal (RFC 8259 lets parsers ignore it). */
export function parseJsonText(body: string): unknown {
  if (!body.trim()) return undefined;
  try {
    return JSON.parse(body.replace(/^\ufeff/, ''));
  } catch {
    return undefined;
  }
}
