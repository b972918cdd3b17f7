/**
 * Edm.DateTimeOffset (src/edm/dateTimeOffset.ts): which literals are DateTimeOffsets, and which
 * instant each one names. The Ajv registration of the format is tested in edmFormats.test.ts.
 */
import { expect, test } from '@playwright/test';
import { atOffset, isDateTimeOffset, parseDateTimeOffset, sameInstant } from '../../src/edm/dateTimeOffset';

const VALID: [value: string, why: string][] = [
  ['2016-12-31T23:57:18.6460025+03:00', 'positive offset, 7 fraction digits (the seed pages)'],
  ['2016-12-31T12:57:18-08:00', 'negative offset'],
  ['2016-12-31T23:57:18+14:00', 'the largest real-world offset'],
  ['2016-12-31T20:57:18Z', 'Z'],
  ['2016-12-31T20:57:18.1Z', '1 fraction digit'],
  ['2016-12-31T20:57:18.12Z', '2 fraction digits'],
  ['2016-12-31T20:57:18.123Z', '3 fraction digits'],
  ['2016-12-31T20:57:18.1234Z', '4 fraction digits'],
  ['2016-12-31T20:57:18.12345Z', '5 fraction digits'],
  ['2016-12-31T20:57:18.123456Z', '6 fraction digits'],
  ['2016-12-31T20:57:18.1234567Z', '7 fraction digits'],
  ['2016-12-31T20:57:18.123456789012Z', '12 fraction digits (the ABNF maximum)'],
  ['2016-12-31T20:57Z', 'minutes only'],
  ['2016-12-31T20:57+03:00', 'minutes only with an offset'],
  ['2016-02-29T00:00:00Z', 'Feb 29 in a leap year'],
  ['2000-02-29T00:00:00Z', 'Feb 29 in 2000 (divisible by 400)'],
  ['2000-01-01T00:00:00Z', 'year 2000'],
  ['2016-12-31T23:59:59.9999999-00:00', 'last tick of a day, -00:00'],
  // The OData ABNF: `second = zeroToFiftyNine / "60" ; for leap seconds`.
  ['2016-12-31T23:59:60Z', 'leap second 60'],
];

const INVALID: [value: string, why: string][] = [
  ['2016-12-31T20:57:18', 'no zone'],
  ['2016-12-31', 'date only'],
  ['2017-02-30T00:00:00Z', 'Feb 30'],
  ['2017-02-29T00:00:00Z', 'Feb 29 in 2017 (not a leap year)'],
  ['1900-02-29T00:00:00Z', 'Feb 29 in 1900 (divisible by 100, not 400)'],
  ['2016-04-31T00:00:00Z', 'April 31'],
  ['2016-13-01T00:00:00Z', 'month 13'],
  ['2016-00-01T00:00:00Z', 'month 0'],
  ['2016-12-00T00:00:00Z', 'day 0'],
  ['2016-12-31T24:00:00Z', 'hour 24'],
  ['2016-12-31T24:00Z', '24:00'],
  ['2016-12-31T23:60Z', 'minute 60'],
  ['2016-12-31T23:59:61Z', 'second 61'],
  ['2016-12-31 20:57:18Z', 'space for T'],
  ['2016-12-31t20:57:18Z', 'lowercase t'],
  ['2016-12-31T20:57:18z', 'lowercase z'],
  ['2016-12-31T23:57:18+0300', 'offset without colon'],
  ['2016-12-31T23:57:18+03', 'offset hours only'],
  ['2016-12-31T23:57:18+24:00', 'offset hour 24'],
  ['2016-12-31T23:57:18+03:60', 'offset minute 60'],
  ['2016-12-31T20:57:18.1234567890123Z', '13 fraction digits'],
  ['2016-12-31T20:57:18.Z', 'dot without digits'],
  ['2016-12-31T2:57:18Z', 'one-digit hour'],
  ['16-12-31T20:57:18Z', 'two-digit year'],
  ['2016-12-31T20:57:18Z ', 'trailing space'],
  ['20161231T205718Z', 'ISO 8601 basic format'],
  ['1483217838', 'a Unix time as a string'],
  ['', 'empty string'],
];

test.describe('isDateTimeOffset accepts what OData allows', () => {
  for (const [value, why] of VALID) {
    test(`${why}: ${value}`, () => {
      expect(isDateTimeOffset(value)).toBe(true);
    });
  }
});

test.describe('isDateTimeOffset rejects what OData does not allow', () => {
  for (const [value, why] of INVALID) {
    test(`${why}: ${JSON.stringify(value)}`, () => {
      expect(isDateTimeOffset(value)).toBe(false);
    });
  }
});

test('isDateTimeOffset rejects numbers (a JSON number is never a DateTimeOffset)', () => {
  expect(isDateTimeOffset(20161231 as unknown as string)).toBe(false);
  expect(isDateTimeOffset(1483217838646 as unknown as string)).toBe(false);
});

test('parseDateTimeOffset keeps the parts as written', () => {
  expect(parseDateTimeOffset('2016-12-31T23:57:18.6460025+03:00')).toEqual({
    year: 2016,
    month: 12,
    day: 31,
    hour: 23,
    minute: 57,
    second: 18,
    fraction: '6460025',
    offsetMinutes: 180,
    utc: false,
  });
  expect(parseDateTimeOffset('2016-12-31T20:57-08:30')).toMatchObject({ second: 0, fraction: '', offsetMinutes: -510, utc: false });
  expect(parseDateTimeOffset('2016-12-31T20:57:18Z')).toMatchObject({ offsetMinutes: 0, utc: true });
});

test.describe('sameInstant compares instants to 100 ns', () => {
  test('an offset and its UTC equivalent are the same instant', () => {
    expect(sameInstant('2016-12-31T23:57:18.6460025+03:00', '2016-12-31T20:57:18.6460025Z')).toBe(true);
  });

  test('the same wall-clock digits at different offsets are different instants', () => {
    expect(sameInstant('2016-12-31T23:57:18.6460025+03:00', '2016-12-31T23:57:18.6460025Z')).toBe(false);
  });

  test('negative offsets are added, not subtracted', () => {
    expect(sameInstant('2016-12-31T12:57:18-08:00', '2016-12-31T20:57:18Z')).toBe(true);
    expect(sameInstant('2016-12-31T12:57:18-08:00', '2016-12-31T04:57:18Z')).toBe(false);
  });

  test('one tick (100 ns) apart is a different instant', () => {
    expect(sameInstant('2016-12-31T20:57:18.6460025Z', '2016-12-31T20:57:18.6460026Z')).toBe(false);
  });

  test('digits beyond the 7th are below the precision and ignored', () => {
    expect(sameInstant('2016-12-31T20:57:18.64600251Z', '2016-12-31T20:57:18.646002599999Z')).toBe(true);
    expect(sameInstant('2016-12-31T20:57:18.64600251Z', '2016-12-31T20:57:18.6460025Z')).toBe(true);
  });

  test('a server that rounds an 8th digit to the 7th names the same instant', () => {
    expect(sameInstant('2016-12-31T20:57:18.64600259Z', '2016-12-31T20:57:18.6460026Z')).toBe(true);
    expect(sameInstant('2016-12-31T20:57:18.64600259Z', '2016-12-31T20:57:18.6460024Z')).toBe(false);
  });

  test('trailing zeros and missing seconds do not change the instant', () => {
    expect(sameInstant('2016-12-31T20:57:18.5Z', '2016-12-31T20:57:18.5000000Z')).toBe(true);
    expect(sameInstant('2016-12-31T20:57Z', '2016-12-31T20:57:00.0000000Z')).toBe(true);
  });

  test('an instant across a year boundary', () => {
    expect(sameInstant('2017-01-01T01:00:00+03:00', '2016-12-31T22:00:00Z')).toBe(true);
    expect(sameInstant('2016-12-31T20:00:00-05:00', '2017-01-01T01:00:00Z')).toBe(true);
  });

  test('an invalid literal is never the same instant, not even as itself', () => {
    expect(sameInstant('2016-12-31 20:57:18Z', '2016-12-31 20:57:18Z')).toBe(false);
    expect(sameInstant('2016-12-31T20:57:18Z', '2016-12-31T20:57:18')).toBe(false);
  });
});

test.describe('atOffset writes the instant at another offset', () => {
  test('UTC normalisation keeps all 7 fraction digits', () => {
    expect(atOffset('2016-12-31T23:57:18.6460025+03:00')).toBe('2016-12-31T20:57:18.6460025Z');
  });

  test('a negative offset moves the instant forward, across midnight', () => {
    expect(atOffset('2016-12-31T23:57:18.6460025-03:00')).toBe('2017-01-01T02:57:18.6460025Z');
  });

  test('a positive offset crosses back over a year boundary', () => {
    expect(atOffset('2017-01-01T01:00:00+03:00')).toBe('2016-12-31T22:00:00Z');
  });

  test('crosses Feb 29 in a leap year', () => {
    expect(atOffset('2016-03-01T01:00:00+02:00')).toBe('2016-02-29T23:00:00Z');
    expect(atOffset('2017-03-01T01:00:00+02:00')).toBe('2017-02-28T23:00:00Z');
  });

  test('writes a requested offset, including negative and half-hour ones', () => {
    expect(atOffset('2016-12-31T20:57:18Z', 180)).toBe('2016-12-31T23:57:18+03:00');
    expect(atOffset('2016-12-31T20:57:18Z', -330)).toBe('2016-12-31T15:27:18-05:30');
    expect(atOffset('2016-12-31T20:57:18Z', -30)).toBe('2016-12-31T20:27:18-00:30');
  });

  test('keeps the written precision: no digits added, digits beyond 7 kept', () => {
    expect(atOffset('2016-12-31T23:57:18+03:00')).toBe('2016-12-31T20:57:18Z');
    expect(atOffset('2016-12-31T23:57:18.5+03:00')).toBe('2016-12-31T20:57:18.5Z');
    expect(atOffset('2016-12-31T21:57:18.123456789+01:00')).toBe('2016-12-31T20:57:18.123456789Z');
  });

  test('a minutes-only literal gets seconds', () => {
    expect(atOffset('2016-12-31T23:57+03:00')).toBe('2016-12-31T20:57:00Z');
  });

  test('fractionDigits pads or cuts the fraction', () => {
    expect(atOffset('2016-12-31T20:57:18.5Z', 0, 7)).toBe('2016-12-31T20:57:18.5000000Z');
    expect(atOffset('2016-12-31T20:57:18.6460025Z', 0, 3)).toBe('2016-12-31T20:57:18.646Z');
    expect(atOffset('2016-12-31T20:57:18.6460025Z', 0, 0)).toBe('2016-12-31T20:57:18Z');
  });

  test('the result names the same instant and is itself a DateTimeOffset', () => {
    for (const value of VALID.map(([v]) => v)) {
      const utc = atOffset(value);
      expect(isDateTimeOffset(utc), `${value} → ${utc}`).toBe(true);
      expect(sameInstant(utc, value), `${value} → ${utc}`).toBe(true);
      expect(utc.endsWith('Z'), `${value} → ${utc}`).toBe(true);
    }
  });

  test('dates before the internal epoch (0000-03-01) still convert', () => {
    expect(atOffset('0001-01-01T00:00:00+01:00')).toBe('0000-12-31T23:00:00Z');
    expect(atOffset('0000-01-01T00:30:00+01:00')).toBe('-0001-12-31T23:30:00Z');
  });

  test('returns anything that is not a DateTimeOffset unchanged', () => {
    expect(atOffset('not a date')).toBe('not a date');
    expect(atOffset('2016-12-31 20:57:18Z')).toBe('2016-12-31 20:57:18Z');
  });
});
