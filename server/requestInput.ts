/**
 * A request body as the reference server reads it: JSON held to the documented types, or refused with
 * the 400 the service gives (unless a switch makes the server accept anything).
 */
import { isObject } from '../src/core/json';
import type { Schema } from '../src/schema/buildSchemas';
import { describeSchemaErrors } from '../src/schema/describeErrors';
import type { SchemaStore } from '../src/schema/schemaStore';
import { graphError, type OutgoingResponse } from './http';
import type { Resource } from './store';

/** The methods whose requests carry a body. */
export const SENDS_BODY = new Set(['POST', 'PATCH', 'PUT']);

/** The body parsed, or undefined when it is empty or no JSON. */
export function parsedOrUndefined(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The request body (as `parsedOrUndefined` read it, undefined when empty or no JSON) as a resource, or the
 * 400 the service gives for a body that breaks the documented types.
 */
export function readInput(
  body: unknown,
  schema: Schema | undefined,
  { schemas, acceptInvalidInput }: { schemas: SchemaStore; acceptInvalidInput: boolean },
): { sent: Resource } | { rejected: OutgoingResponse } {
  const reject = (message: string) => (acceptInvalidInput ? { sent: {} } : { rejected: graphError(400, 'BadRequest', message) });
  if (body === undefined)
    return reject('Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  if (!isObject(body)) return reject('The request body must be a JSON object.');
  const result = schema ? schemas.validate(schema, body) : { valid: true as const };
  if (!result.valid && !acceptInvalidInput) return reject(`Invalid request body: ${describeSchemaErrors(result.errors).join('; ')}`);
  return { sent: body };
}
