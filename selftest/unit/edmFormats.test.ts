/**
 * The Ajv formats (src/schema/edmFormats.ts): registered by addEdmFormats / createAjv, used by the
 * generated schemas, and stricter than ajv-formats' `date-time` (which is why the suite has its own).
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { expect, test } from '@playwright/test';
import { addEdmFormats, FORMAT_OF } from '../../src/schema/edmFormats';
import { createAjv } from '../../src/schema/schemaStore';

const dateTimeOffset = createAjv().compile({ type: 'string', format: 'edm-date-time-offset' });

test('without addEdmFormats Ajv does not know the format (so the registration is what makes it work)', () => {
  expect(() => new Ajv().compile({ type: 'string', format: 'edm-date-time-offset' })).toThrow(/unknown format "edm-date-time-offset"/);
});

test('addEdmFormats registers the format on a plain Ajv instance', () => {
  const validate = addEdmFormats(new Ajv()).compile({ type: 'string', format: 'edm-date-time-offset' });
  expect(validate('2016-12-31T23:57:18.6460025+03:00')).toBe(true);
  expect(validate('2016-12-31T23:57:18.6460025+0300')).toBe(false);
  expect(validate.errors?.[0]).toMatchObject({ keyword: 'format', params: { format: 'edm-date-time-offset' } });
});

test('createAjv: edm-date-time-offset accepts OData literals', () => {
  for (const value of [
    '2016-12-31T23:57:18.6460025+03:00',
    '2016-12-31T12:57:18-08:00',
    '2016-12-31T20:57Z',
    '2016-12-31T20:57:18.123456789012Z',
    '2016-02-29T00:00:00Z',
  ]) {
    expect(dateTimeOffset(value), value).toBe(true);
  }
});

test('createAjv: edm-date-time-offset rejects non-OData literals and non-strings', () => {
  for (const value of [
    '2016-12-31T20:57:18',
    '2016-12-31',
    '2017-02-29T00:00:00Z',
    '2016-12-31T24:00:00Z',
    '2016-12-31 20:57:18Z',
    '2016-12-31t20:57:18z',
    '2016-12-31T23:57:18+0300',
    '2016-12-31T20:57:18.1234567890123Z',
    '',
    20161231,
    null,
  ]) {
    expect(dateTimeOffset(value), JSON.stringify(value)).toBe(false);
  }
});

test("ajv-formats' date-time accepts values OData rejects (why the suite has its own format)", () => {
  const ajv = addFormats(new Ajv(), ['date-time']);
  const rfc3339 = ajv.compile({ type: 'string', format: 'date-time' });
  const acceptedOnlyByDateTime = [
    '2016-12-31 20:57:18Z', // space for T
    '2016-12-31t20:57:18z', // lowercase t and z
    '2016-12-31T20:57:18z', // lowercase z
    '2016-12-31T23:57:18+0300', // offset without colon
    '2016-12-31T20:57:18.1234567890123Z', // 13 fraction digits
  ];
  for (const value of acceptedOnlyByDateTime) {
    expect({ value, dateTime: rfc3339(value), edm: dateTimeOffset(value) }).toEqual({ value, dateTime: true, edm: false });
  }
});

test("ajv-formats' date-time rejects a minutes-only time that OData allows", () => {
  const rfc3339 = addFormats(new Ajv(), ['date-time']).compile({ type: 'string', format: 'date-time' });
  expect(rfc3339('2016-12-31T20:57Z')).toBe(false);
  expect(dateTimeOffset('2016-12-31T20:57Z')).toBe(true);
});

test('every string primitive names a format createAjv knows', () => {
  const ajv = createAjv();
  expect(FORMAT_OF).toEqual({
    DateTimeOffset: 'edm-date-time-offset',
    Date: 'date',
    TimeOfDay: 'edm-time-of-day',
    Duration: 'edm-duration',
    Guid: 'edm-guid',
  });
  for (const format of Object.values(FORMAT_OF)) {
    expect(() => ajv.compile({ type: 'string', format }), format).not.toThrow();
  }
});

test('createAjv: the other Edm formats', () => {
  const ajv = createAjv();
  const check = (format: string, value: string) => ajv.validate({ type: 'string', format }, value);
  expect([check('edm-time-of-day', '13:45:00.0000000'), check('edm-time-of-day', '24:00')]).toEqual([true, false]);
  expect([check('edm-duration', 'PT1H30M'), check('edm-duration', 'P')]).toEqual([true, false]);
  expect([check('edm-guid', '0bfa692b-692b-0bfa-2b69-fa0b2b69fa0b'), check('edm-guid', '0bfa692b692b0bfa2b69fa0b2b69fa0b')]).toEqual([
    true,
    false,
  ]);
  expect([check('date', '2016-02-29'), check('date', '2017-02-29')]).toEqual([true, false]);
});
