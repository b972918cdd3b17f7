/** The Edm primitive helpers (src/edm/primitives.ts): names, integer ranges, TimeOfDay, Duration, Guid. */
import { expect, test } from '@playwright/test';
import { canonicalPrimitive, INTEGER_RANGES, isDuration, isGuid, isTimeOfDay } from '../../src/edm/primitives';

test('canonicalPrimitive maps the spellings pages use to Edm names', () => {
  expect(canonicalPrimitive('Edm.Int32')).toBe('Int32');
  expect(canonicalPrimitive('integer')).toBe('Int32');
  expect(canonicalPrimitive('dateTimeOffset')).toBe('DateTimeOffset');
  expect(canonicalPrimitive(' GUID ')).toBe('Guid');
  expect(canonicalPrimitive('long')).toBe('Int64');
  expect(canonicalPrimitive('ipCategory')).toBeUndefined();
});

test("Int32 and Int64 ranges are the two's-complement bounds", () => {
  expect(INTEGER_RANGES.Int32).toEqual([-2147483648, 2147483647]);
  expect(INTEGER_RANGES.Int64).toEqual([Number(-(2n ** 63n)), Number(2n ** 63n - 1n)]);
  expect(INTEGER_RANGES.Double).toBeUndefined();
});

test('isTimeOfDay: hour ":" minute [":" second ["." 1*12DIGIT]]', () => {
  for (const value of ['00:00', '13:45', '13:45:00', '13:45:00.0000000', '23:59:59.999999999999']) {
    expect(isTimeOfDay(value), value).toBe(true);
  }
  for (const value of ['24:00', '23:60', '23:59:60', '1:00', '13:45:00.1234567890123', '13:45Z', '13:45:00+01:00', '']) {
    expect(isTimeOfDay(value), value).toBe(false);
  }
});

test('isDuration: [-]P[nD][T[nH][nM][n[.n]S]] with at least one component', () => {
  for (const value of ['P1D', 'PT1H30M', 'PT0.5S', '-P1DT2H', 'PT36H', 'P0D']) {
    expect(isDuration(value), value).toBe(true);
  }
  for (const value of ['P', 'PT', 'P1DT', 'P1Y', 'P1M', 'PT1.5H', 'PT.5S', '1H', 'pt1h', '']) {
    expect(isDuration(value), value).toBe(false);
  }
});

test('isGuid: 8-4-4-4-12 hex digits, either case', () => {
  for (const value of ['0bfa692b-692b-0bfa-2b69-fa0b2b69fa0b', '0BFA692B-692B-0BFA-2B69-FA0B2B69FA0B']) {
    expect(isGuid(value), value).toBe(true);
  }
  for (const value of [
    '0bfa692b692b0bfa2b69fa0b2b69fa0b',
    '{0bfa692b-692b-0bfa-2b69-fa0b2b69fa0b}',
    '0bfa692b-692b-0bfa-2b69-fa0b2b69fa0g',
    '',
  ]) {
    expect(isGuid(value), value).toBe(false);
  }
});
