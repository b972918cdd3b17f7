/**
 * A check is one documented promise about a response, as a small named function with one job:
 * it reads the example and the exchange and says whether the promise was kept.
 */
import type { ContractExample } from '../contracts/contractExample';
import type { SchemaStore } from '../schema/schemaStore';

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

export interface CheckContext {
  example: ContractExample;
  exchange: Exchange;
  schemas: SchemaStore;
  /** Reads made after the exchange to see what it left behind (negative tests). */
  readBack?: Exchange[];
}

export type Outcome =
  | { verdict: 'kept' }
  | { verdict: 'broken'; violations: string[] }
  | { verdict: 'not-applicable'; reason: string };

export interface Check {
  /** How reports name it: "check `schema` failed". */
  name: string;
  /** The promise in a few words, for the step title, e.g. `201 Created`. */
  promise(example: ContractExample): string;
  /** The line of the page where the promise is written, so the report can point at it. */
  documentedAt(example: ContractExample): number | undefined;
  verify(context: CheckContext): Outcome;
}

export const requestLine = (example: ContractExample) => example.pair.request.line;
export const responseLine = (example: ContractExample) => example.pair.response?.line ?? example.pair.request.line;

export const kept: Outcome = { verdict: 'kept' };
export const notApplicable = (reason: string): Outcome => ({ verdict: 'not-applicable', reason });
export const verdict = (violations: string[]): Outcome => (violations.length ? { verdict: 'broken', violations } : kept);
