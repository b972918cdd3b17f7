/**
 * The words the reference server's rooms speak about HTTP: a request as they see it, a response about to
 * be written, how it leaves the server, the Graph error shape, and an answer with what the request did
 * (which switches and conditions read to decide whether they apply).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { TypeDef } from '../src/contracts/typeRegistry';

/** What a request did; `action` is a documented operation that is none of the others (`POST …/cancel`). */
export type Action = 'create' | 'read' | 'update' | 'delete' | 'list' | 'action' | 'metadata' | 'error';

/** A request as the server's rooms see it. */
export interface RequestInfo {
  method: string;
  /** Decoded path, e.g. `/beta/Security/ipSecurityProfiles`. */
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** The socket's local port: the port this server listens on. */
  localPort: number;
  /** Reads the request body (once, whoever asks first). */
  body(): Promise<string>;
}

export interface OutgoingResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON body; serialised after the switches ran. */
  body?: unknown;
  /** Raw body text, when a switch wants something that is not JSON. */
  text?: string;
  /** Raw body bytes, when a switch wants what no JavaScript string can say (invalid UTF-8). */
  bytes?: Buffer;
  /** Pretty-print the JSON body. */
  pretty?: boolean;
}

/** How an API response leaves the server (conditions choose it). */
export interface Delivery {
  /** Wait this long before answering. */
  delayMs?: number;
  /** Never answer (the socket stays open). */
  hang?: boolean;
  /** Send the headers (with the body's Content-Length), never the body. */
  stallBody?: boolean;
}

/** What an answered request did, for the switches and conditions that change the response after. */
export interface AnswerContext {
  action: Action;
  /** The resource type addressed, created or answered, when there is one. */
  type?: TypeDef;
  /** The request body as sent, parsed, when there was one. */
  sent?: unknown;
  /** Absolute URL of the collection addressed, when one is. */
  collectionUrl?: string;
  /** Absolute URL of the resource created, read, updated or deleted. */
  itemUrl?: string;
}

export interface Answer {
  response: OutgoingResponse;
  context: AnswerContext;
}

/** The Graph error shape `{"error":{"code","message","innerError"}}` the service answers failures with. */
export function graphError(status: number, code: string, message: string): OutgoingResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: { error: { code, message, innerError: { date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), 'request-id': randomUUID() } } },
  };
}

/** A response with a JSON body, or none. */
export function jsonResponse(status: number, body?: unknown): OutgoingResponse {
  return {
    status,
    headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
    ...(body === undefined ? {} : { body }),
  };
}

/** An answer that refuses the request (switches see it as `error`). */
export const failed = (response: OutgoingResponse): Answer => ({ response, context: { action: 'error' } });
