/**
 * A check is one documented promise about a response, as a small named function with one job. It
 * declares which contracts it is about (`listedFor`), why it cannot apply before anything is sent
 * (`whyNotApplicable`), and then reads the exchange (and, lazily, what it needs beyond it) to say whether the
 * promise was kept. Failures are data (`Violation`); words are made at the report's edge.
 */
import type { CheckName } from '../core/checkNames';
import type { Exchange, ReceivedResponse } from '../core/http';
import type { Violation } from '../core/violations';
import type { Contract } from '../contracts/contractExample';
import type { PermissionsRun } from '../contracts/permissions';
import type { TypeRegistry } from '../contracts/typeRegistry';
import type { SchemaStore } from '../schema/schemaStore';
import type { ServiceMetadata } from '../schema/serviceMetadata';

export interface CheckContext {
  contract: Contract;
  exchange: Exchange;
  schemas: SchemaStore;
  /** What the documents say of the types (which derives from which); absent in tests of a check alone. */
  registry?: TypeRegistry;
  /** Reads made after the exchange to see what it left behind (negative contracts); made on first call. */
  readBack: () => Promise<Exchange[]>;
  /** The run's token kind and granted permissions, to say what a 401/403 means (absent: unknown). */
  run?: PermissionsRun;
  /** The service's own description ($metadata), when the run has one; else why not. */
  metadata?: ServiceMetadata;
  metadataNote?: string;
}

/**
 * What a check found: the promise kept or broken (with what broke), or it could not judge (why); a check
 * that threw is `crashed`, a failure of the suite's own code rather than a promise the target broke.
 */
export type Outcome =
  | { outcome: 'kept' }
  | { outcome: 'broken'; violations: Violation[] }
  | { outcome: 'not-applicable'; reason: string }
  | { outcome: 'crashed'; reason: string };

export interface Check {
  /** How reports, SKIP_CHECKS and the baseline name it: "check `schema` failed". */
  name: CheckName;
  /** The promise in a few words, for the step title, e.g. `201 Created`. */
  promise(contract: Contract): string;
  /** The line of the page where the promise is written, so the report can point at it. */
  documentedAt(contract: Contract): number | undefined;
  /** Whether a test of this contract shows the check at all (a positive test lists no negative-only step). */
  listedFor?(contract: Contract): boolean;
  /** Why the check cannot apply to this contract whatever comes back; undefined when it applies. */
  whyNotApplicable?(contract: Contract): string | undefined;
  /**
   * The check reads the response body: when the status check broke on an error response (or one with no
   * body), it does not apply (see rootCause.ts), so one cause is reported once.
   */
  readsBody?: true;
  verify(context: CheckContext): Outcome | Promise<Outcome>;
}

export const requestLine = (contract: Contract) => contract.pair.request.line;
export const responseLine = (contract: Contract) => contract.pair.response?.line ?? contract.pair.request.line;

/** Why a check that needs the whole body cannot judge this one: it was longer than what is read. */
export function bodyNotRead(response: ReceivedResponse): string | undefined {
  return response.truncated
    ? `the body is ${response.size} bytes, more than MAX_BODY_BYTES lets the suite read (sha256 ${response.sha256}); raise MAX_BODY_BYTES to check it`
    : undefined;
}

export const kept: Outcome = { outcome: 'kept' };
export const notApplicable = (reason: string): Outcome => ({ outcome: 'not-applicable', reason });
/** Broken when anything broke, else kept. */
export const outcomeOf = (violations: Violation[]): Outcome => (violations.length ? { outcome: 'broken', violations } : kept);
