/**
 * Whether a documented example can be replayed as written. A request body that breaks its own page's
 * types (`"isSigned": "String"` for a Boolean) is a document defect: no conforming server accepts it, so
 * replaying it would report the server for the page's mistake. Such examples are skipped, with the
 * defects named (docs:check lists them all).
 */
import { describeSchemaErrors } from '../schema/describeErrors';
import type { ContractExample } from '../contracts/contractExample';
import type { SchemaStore } from '../schema/schemaStore';
import { isObject } from '../core/json';

export function whyNotSendable(example: ContractExample, schemas: SchemaStore): string | undefined {
  if (example.unusable) return example.unusable;
  const body = example.body?.value;
  // The type's schema, else the page's request-body table (an action's parameters): what the reference server holds input to.
  const schema = isObject(body) ? schemas.exampleRequestSchema(example) : undefined;
  if (!schema) return undefined;
  const result = schemas.validate(schema, body);
  if (result.valid) return undefined;
  const defects = describeSchemaErrors(result.errors);
  const shown = defects.slice(0, 3).join('; ') + (defects.length > 3 ? `; and ${defects.length - 3} more` : '');
  return `the documented request body breaks its own page's types, so no conforming server can accept it (${shown}); npm run docs:check lists the page's defects`;
}
