/**
 * Edm.DateTimeOffset as OData defines it (ABNF, OData URL conventions 4.01):
 *   year "-" month "-" day "T" hour ":" minute [":" second ["." 1*12DIGIT]] ("Z" / sign hour ":" minute)
 * with a real calendar date. ajv-formats' `date-time` is looser (space for T, `+0530`, lowercase `z`),
 * which is why the suite registers this format instead.
 *
 * Instants are kept as BigInt counts of 100 ns ticks from a fixed epoch, the precision the
 * service stores; JavaScript's Date only keeps milliseconds.
 */

const PATTERN = /^(-?(?:0\d{3}|[1-9]\d{3,}))-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

const TICKS_PER_SECOND = 10_000_000n;

export interface DateTimeOffsetParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fraction digits exactly as written (may be empty). */
  fraction: string;
  /** Offset from UTC in minutes; 0 for `Z`. */
  offsetMinutes: number;
  utc: boolean;
}

/** A day that exists in the proleptic Gregorian calendar (no Feb 30, Feb 29 only in leap years). */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Parses an Edm.DateTimeOffset literal; undefined when it is not one (or names no real date). */
export function parseDateTimeOffset(text: string): DateTimeOffsetParts | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = match;
  const parts: DateTimeOffsetParts = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: s === undefined ? 0 : Number(s),
    fraction: fraction ?? '',
    offsetMinutes: zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)),
    utc: Boolean(zulu),
  };
  if (!isCalendarDate(parts.year, parts.month, parts.day)) return undefined;
  // The OData ABNF allows second 60 (`second = zeroToFiftyNine / "60" ; for leap seconds`).
  if (parts.hour > 23 || parts.minute > 59 || parts.second > 60) return undefined;
  if (!zulu && (Number(oh) > 23 || Number(om) > 59)) return undefined;
  return parts;
}

export function isDateTimeOffset(text: string): boolean {
  return parseDateTimeOffset(text) !== undefined;
}

/** Days since 0000-03-01 (Howard Hinnant's days_from_civil without the Unix shift). */
function daysFromCivil(year: number, month: number, day: number): bigint {
  const y = BigInt(month <= 2 ? year - 1 : year);
  const era = (y >= 0n ? y : y - 399n) / 400n;
  const yoe = y - era * 400n;
  const m = BigInt(month);
  const doy = (153n * (m > 2n ? m - 3n : m + 9n) + 2n) / 5n + BigInt(day) - 1n;
  const doe = yoe * 365n + yoe / 4n - yoe / 100n + doy;
  return era * 146097n + doe;
}

function civilFromDays(days: bigint): { year: number; month: number; day: number } {
  const era = (days >= 0n ? days : days - 146096n) / 146097n;
  const doe = days - era * 146097n;
  const yoe = (doe - doe / 1460n + doe / 36524n - doe / 146096n) / 365n;
  const doy = doe - (365n * yoe + yoe / 4n - yoe / 100n);
  const mp = (5n * doy + 2n) / 153n;
  const day = Number(doy - (153n * mp + 2n) / 5n + 1n);
  const month = Number(mp < 10n ? mp + 3n : mp - 9n);
  const year = Number(yoe + era * 400n) + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** The instant a literal names, in 100 ns ticks (digits beyond the 7th are below the precision). */
export function instantTicks(parts: DateTimeOffsetParts): bigint {
  const days = daysFromCivil(parts.year, parts.month, parts.day);
  const seconds = days * 86400n + BigInt(parts.hour * 3600 + parts.minute * 60 + parts.second - parts.offsetMinutes * 60);
  const fractionTicks = BigInt((parts.fraction + '0000000').slice(0, 7));
  return seconds * TICKS_PER_SECOND + fractionTicks;
}

/**
 * Both literals valid and naming the same instant to 100 ns: closer than one tick, computed exactly
 * from all written digits, so that a server rounding `.64600259` to `.6460026` is not flagged.
 */
export function sameInstant(a: string, b: string): boolean {
  const pa = parseDateTimeOffset(a);
  const pb = parseDateTimeOffset(b);
  if (pa === undefined || pb === undefined) return false;
  const picoseconds = (parts: DateTimeOffsetParts) =>
    instantTicks(parts) * 100_000n + BigInt((parts.fraction.slice(7) + '00000').slice(0, 5));
  const difference = picoseconds(pa) - picoseconds(pb);
  return (difference < 0n ? -difference : difference) < 100_000n;
}

const pad = (value: number, width: number) => String(Math.abs(value)).padStart(width, '0');

/**
 * Writes the instant of `text` at another offset (UTC by default), keeping the written precision,
 * e.g. `2016-12-31T23:57:18.6460025+03:00` → `2016-12-31T20:57:18.6460025Z`. Unparseable input is
 * returned unchanged, so callers can map over arbitrary values.
 */
export function atOffset(text: string, offsetMinutes = 0, fractionDigits?: number): string {
  const parts = parseDateTimeOffset(text);
  if (!parts) return text;
  const ticks = instantTicks(parts) + BigInt(offsetMinutes) * 60n * TICKS_PER_SECOND;
  const totalSeconds = ticks >= 0n ? ticks / TICKS_PER_SECOND : -((-ticks + TICKS_PER_SECOND - 1n) / TICKS_PER_SECOND);
  const subTicks = ticks - totalSeconds * TICKS_PER_SECOND;
  const days = totalSeconds >= 0n ? totalSeconds / 86400n : -((-totalSeconds + 86399n) / 86400n);
  const secondOfDay = Number(totalSeconds - days * 86400n);
  const { year, month, day } = civilFromDays(days);
  const digits = fractionDigits ?? parts.fraction.length;
  const fraction7 = String(subTicks).padStart(7, '0') + parts.fraction.slice(7);
  const fraction = digits > 0 ? '.' + fraction7.padEnd(digits, '0').slice(0, digits) : '';
  const zone =
    offsetMinutes === 0 ? 'Z' : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(offsetMinutes / 60), 2)}:${pad(offsetMinutes % 60, 2)}`;
  const yearText = (year < 0 ? '-' : '') + pad(year, 4);
  return (
    `${yearText}-${pad(month, 2)}-${pad(day, 2)}T${pad(Math.floor(secondOfDay / 3600), 2)}:` +
    `${pad(Math.floor(secondOfDay / 60) % 60, 2)}:${pad(secondOfDay % 60, 2)}${fraction}${zone}`
  );
}
