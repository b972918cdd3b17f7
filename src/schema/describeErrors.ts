/**
 * Ajv errors → violations in the documents' terms: `countHits: expected Int32, got string "9"`,
 * `id: missing (documented ipSecurityProfile property)`. The schema builder labels every property
 * schema with `x-edm-type`, so the expected type is the one the page names, not JSON Schema's.
 */
import type { ErrorObject } from 'ajv';
import { escapePointer } from '../core/json';
import { describeValue } from '../core/values';
import { formatViolation, type Violation } from '../core/violations';
import { EDM_KEYWORD } from './buildSchemas';

const FORMAT_EXAMPLES: Record<string, string> = {
  'edm-date-time-offset': 'like 2016-12-31T20:57:18.6460025Z',
  'edm-time-of-day': 'like 13:45:00.0000000',
  'edm-duration': 'like PT1H30M',
  'edm-guid': 'like 0bfa692b-692b-0bfa-2b69-fa0b2b69fa0b',
  date: 'like 2016-12-31',
};

function documentedType(error: ErrorObject): string {
  const schema: Record<string, unknown> | undefined = error.parentSchema;
  const label = schema?.[EDM_KEYWORD];
  if (typeof label === 'string') return label;
  const type = schema?.type;
  return Array.isArray(type) ? type.join(' or ') : typeof type === 'string' ? type : 'the documented type';
}

/** The JSON pointer an error is about: the missing property itself for `required`. */
export function errorPointer(error: ErrorObject): string {
  if (error.keyword === 'required')
    return `${error.instancePath}/${escapePointer((error.params as { missingProperty: string }).missingProperty)}`;
  return error.instancePath;
}

function toViolation(error: ErrorObject): Violation {
  const path = errorPointer(error);
  const expected = documentedType(error);
  const actual = describeValue(error.data);
  switch (error.keyword) {
    case 'required':
      return { path, actual: 'missing', note: `documented ${expected} property` };
    case 'minimum':
    case 'maximum':
      return { path, expected, actual, note: `out of ${expected} range` };
    case 'format': {
      const hint = FORMAT_EXAMPLES[(error.params as { format: string }).format];
      return { path, expected: `${expected}${hint ? ` (${hint})` : ''}`, actual };
    }
    case 'enum': {
      const members = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).filter((v) => v !== null);
      return { path, expected: `a ${expected} member (${members.map(String).join(', ')})`, actual };
    }
    default:
      return { path, expected, actual };
  }
}

/** One violation per distinct statement; `allOf`/`$ref` wrappers repeat what their inner keyword said. */
export function schemaViolations(errors: readonly ErrorObject[]): Violation[] {
  const seen = new Set<string>();
  return errors
    .filter((error) => error.keyword !== 'allOf' && error.keyword !== '$ref')
    .map(toViolation)
    .filter((violation) => {
      const text = formatViolation(violation);
      return !seen.has(text) && Boolean(seen.add(text));
    });
}

/** The same, in words (for messages that are not check results: 400 bodies, skip reasons). */
export const describeSchemaErrors = (errors: readonly ErrorObject[]) => schemaViolations(errors).map(formatViolation);
