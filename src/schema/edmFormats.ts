/**
 * Ajv formats for the Edm primitives whose JSON form is a string with a grammar. DateTimeOffset is
 * our own (see src/edm/dateTimeOffset.ts: ajv-formats' `date-time` accepts what OData does not);
 * Edm.Date is RFC 3339 full-date, which ajv-formats' `date` checks, calendar included.
 */
import type Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { isDateTimeOffset } from '../edm/dateTimeOffset';
import { isDuration, isGuid, isTimeOfDay, type PrimitiveName } from '../edm/primitives';

export const EDM_FORMATS = {
  'edm-date-time-offset': isDateTimeOffset,
  'edm-time-of-day': isTimeOfDay,
  'edm-duration': isDuration,
  'edm-guid': isGuid,
} as const;

/** The string format each string-encoded primitive must follow. */
export const FORMAT_OF: Partial<Record<PrimitiveName, string>> = {
  DateTimeOffset: 'edm-date-time-offset',
  Date: 'date',
  TimeOfDay: 'edm-time-of-day',
  Duration: 'edm-duration',
  Guid: 'edm-guid',
};

export function addEdmFormats(ajv: Ajv): Ajv {
  addFormats(ajv, ['date']);
  for (const [name, validate] of Object.entries(EDM_FORMATS)) ajv.addFormat(name, { type: 'string', validate });
  return ajv;
}
