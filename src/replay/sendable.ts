/**
 * Whether a documented example can be replayed as written. A request body that breaks its own page's
 * types (`"isSigned": "String"` for a Boolean) is a document defect: no conforming server accepts it, so
 * replaying it would report the server for the page's mistake. Such examples are skipped, with the
 * defects named (docs:check lists them all).
 */
import { describeSchemaErrors } from '../schema/describeErrors';
import type { Contract, ContractExample } from '../contracts/contractExample';
import { permissionsSkipReason, type PermissionsRun } from '../contracts/permissions';
import type { SkipKind } from '../report/checkResults';
import { isWrite } from './created';
import type { SchemaError } from '../schema/schemaErrors';
import type { SchemaStore } from '../schema/schemaStore';
import type { ServiceMetadata } from '../schema/serviceMetadata';
import { isObject } from '../core/json';

/** The first three defects, and how many more (a skip reason stays one line; docs:check lists them all). */
function firstDefects(errors: readonly SchemaError[]): string {
  const defects = describeSchemaErrors(errors);
  return defects.slice(0, 3).join('; ') + (defects.length > 3 ? `; and ${defects.length - 3} more` : '');
}

export function whyNotSendable(example: ContractExample, schemas: SchemaStore): string | undefined {
  if (example.unusable) return example.unusable;
  const body = example.body?.value;
  // The type's schema, else the page's request-body table (an action's parameters): what the reference server holds input to.
  const schema = isObject(body) ? schemas.exampleRequestSchema(example) : undefined;
  if (!schema) return undefined;
  const result = schemas.validate(schema, body);
  if (result.valid) return undefined;
  const shown = firstDefects(result.errors);
  return `the documented request body breaks its own page's types, so no conforming server can accept it (${shown}); npm run docs:check lists the page's defects`;
}

/**
 * A request body the service's own metadata refuses (`"accountType": "String"` where it declares the enum
 * userAccountSecurityType): a service that keeps its metadata answers 400, so the page's example is what is
 * wrong, and docs:check lists it.
 */
function breaksMetadata(example: ContractExample, metadata: ServiceMetadata): string | undefined {
  const errors = metadata.requestErrors(example);
  if (!errors.length) return undefined;
  const shown = firstDefects(errors);
  return `the documented request body breaks the service's $metadata, so a service that keeps it refuses the request (${shown}); docs:check lists the page's drift from the metadata`;
}

export interface RunLimits extends PermissionsRun {
  /** NEGATIVE_TESTS: bad input may be sent. */
  negative: boolean;
  /** READ_ONLY=1: only reads are sent. */
  readOnly: boolean;
}

/** Why a test does not send its request at all, as the kind the summary counts and the reason it shows. */
export function whyNotSent(
  contract: Contract,
  limits: RunLimits,
  schemas: SchemaStore,
  metadata?: ServiceMetadata,
): { kind: SkipKind; reason: string } | undefined {
  const negative = contract.kind === 'negative';
  if (negative && !limits.negative) return { kind: 'negative-off', reason: 'NEGATIVE_TESTS=off: bad input is not sent to this target' };
  if (limits.readOnly && isWrite(contract.method))
    return { kind: 'read-only', reason: `READ_ONLY=1: ${contract.method} writes; only reads are sent` };
  // The page's permissions table rules out the run's token kind, or needs none of what was granted.
  const notPermitted = permissionsSkipReason(contract.page, limits);
  if (notPermitted) return { kind: 'permissions', reason: notPermitted };
  // A bad request is broken on purpose, but only in one place: an example already broken says nothing about the target.
  const documented = negative ? contract.source : contract;
  const unsendable = whyNotSendable(documented, schemas) ?? (metadata && breaksMetadata(documented, metadata));
  if (unsendable === undefined) return undefined;
  return {
    kind: 'not-sendable',
    reason: negative ? `the example this test breaks cannot be sent as documented: ${unsendable}` : unsendable,
  };
}
