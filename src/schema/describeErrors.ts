/**
 * Typed schema errors → violations in the documents' terms: `countHits: expected Int32, got string "9"`,
 * `id: missing (documented ipSecurityProfile property)`. The expected type is the one the page (or
 * the metadata) names, not JSON Schema's; each violation names the type that holds the property.
 */
import { describeValue } from '../core/values';
import { formatViolation, type Violation } from '../core/violations';
import type { SchemaError } from './schemaErrors';

const FORMAT_EXAMPLES: Record<string, string> = {
  'edm-date-time-offset': 'like 2016-12-31T20:57:18.6460025Z',
  'edm-time-of-day': 'like 13:45:00.0000000',
  'edm-duration': 'like PT1H30M',
  'edm-guid': 'like 0bfa692b-692b-0bfa-2b69-fa0b2b69fa0b',
  date: 'like 2016-12-31',
};

function statement(error: SchemaError): Violation {
  const path = error.pointer;
  const { expected } = error;
  switch (error.kind) {
    case 'missing':
      return { path, actual: 'missing', note: `documented ${expected} property` };
    case 'not-declared':
      return { path, actual: 'not declared', note: `${expected} declares no such property` };
    case 'out-of-range':
      return { path, expected, actual: describeValue(error.value), note: `out of ${expected} range` };
    case 'format': {
      const hint = FORMAT_EXAMPLES[error.format];
      return { path, expected: `${expected}${hint ? ` (${hint})` : ''}`, actual: describeValue(error.value) };
    }
    case 'not-a-member':
      // A flags enum's pattern says its type only, as it always has.
      return error.flags
        ? { path, expected, actual: describeValue(error.value) }
        : { path, expected: `a ${expected} member (${error.members.join(', ')})`, actual: describeValue(error.value) };
    case 'not-derived':
      return { path, expected: `${expected} or a type derived from it`, actual: describeValue(error.value) };
    case 'wrong-type':
      return { path, expected, actual: describeValue(error.value) };
  }
}

function toViolation(error: SchemaError): Violation {
  const violation = statement(error);
  return error.owner === undefined ? violation : { ...violation, type: error.owner };
}

/** One violation per distinct statement. */
export function schemaViolations(errors: readonly SchemaError[]): Violation[] {
  const seen = new Set<string>();
  return errors.map(toViolation).filter((violation) => {
    const text = formatViolation(violation);
    return !seen.has(text) && Boolean(seen.add(text));
  });
}

/** The same, in words (for messages that are not check results: 400 bodies, skip reasons). */
export const describeSchemaErrors = (errors: readonly SchemaError[]) => schemaViolations(errors).map(formatViolation);
