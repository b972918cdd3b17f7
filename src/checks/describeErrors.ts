/**
 * Ajv errors → sentences in the documents' terms, at the edge of the engine:
 * `countHits: expected Int32, got string "9"`, `id: missing (documented ipSecurityProfile property)`.
 */
import type { ErrorObject } from 'ajv';
import { EDM_KEYWORD } from '../schema/buildSchemas';
import { childPath, describeValue, propertyPath } from './values';

const FORMAT_EXAMPLES: Record<string, string> = {
  'edm-date-time-offset': 'like 2016-12-31T20:57:18.6460025Z',
  'edm-time-of-day': 'like 13:45:00.0000000',
  'edm-duration': 'like PT1H30M',
  'edm-guid': 'like 0bfa692b-692b-0bfa-2b69-fa0b2b69fa0b',
  date: 'like 2016-12-31',
};

function documentedType(error: ErrorObject): string {
  const schema = error.parentSchema as Record<string, unknown> | undefined;
  const label = schema?.[EDM_KEYWORD];
  if (typeof label === 'string') return label;
  const type = schema?.type;
  return Array.isArray(type) ? type.join(' or ') : String(type ?? 'the documented type');
}

function describeError(error: ErrorObject): string {
  const path = propertyPath(error.instancePath);
  const expected = documentedType(error);
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      return `${childPath(error.instancePath ? path : '', missing)}: missing (documented ${expected} property)`;
    }
    case 'minimum':
    case 'maximum':
      return `${path}: expected ${expected}, got ${describeValue(error.data)} (out of ${expected} range)`;
    case 'format': {
      const hint = FORMAT_EXAMPLES[(error.params as { format: string }).format];
      return `${path}: expected ${expected}${hint ? ` (${hint})` : ''}, got ${describeValue(error.data)}`;
    }
    case 'enum': {
      const members = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).filter((v) => v !== null);
      return `${path}: expected a ${expected} member (${members.join(', ')}), got ${describeValue(error.data)}`;
    }
    default:
      return `${path}: expected ${expected}, got ${describeValue(error.data)}`;
  }
}

export function describeSchemaErrors(errors: readonly ErrorObject[]): string[] {
  // `allOf` wrappers repeat what their inner keyword said; keep the innermost statement.
  const statements = errors.filter((error) => error.keyword !== 'allOf' && error.keyword !== '$ref').map(describeError);
  return [...new Set(statements)];
}
