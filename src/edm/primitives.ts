/**
 * The Edm primitive types a property table can name, with the spellings found in real pages
 * (`string`, `dateTimeOffset`, `GUID`, `Edm.Int32`, `Integer`, ...) mapped to one canonical name.
 */

export const PRIMITIVES = [
  'String',
  'Boolean',
  'Byte',
  'SByte',
  'Int16',
  'Int32',
  'Int64',
  'Single',
  'Double',
  'Decimal',
  'DateTimeOffset',
  'Date',
  'TimeOfDay',
  'Duration',
  'Guid',
  'Binary',
  'Stream',
] as const;

export type PrimitiveName = (typeof PRIMITIVES)[number];

const CANONICAL = new Map<string, PrimitiveName>(PRIMITIVES.map((name) => [name.toLowerCase(), name]));
// Spellings seen in the wild that are not Edm names but mean one unambiguously.
for (const [alias, name] of [
  ['int', 'Int32'],
  ['integer', 'Int32'],
  ['long', 'Int64'],
  ['bool', 'Boolean'],
  ['float', 'Single'],
  ['datetime', 'DateTimeOffset'],
  ['timestamp', 'DateTimeOffset'],
  ['uuid', 'Guid'],
  ['base64', 'Binary'],
  ['base64binary', 'Binary'],
  ['time', 'TimeOfDay'],
  ['timespan', 'Duration'],
] as const) {
  CANONICAL.set(alias, name);
}

/** `Edm.Int32`, `int32`, `Integer` → `Int32`; undefined for anything that is not a primitive. */
export function canonicalPrimitive(name: string): PrimitiveName | undefined {
  return CANONICAL.get(
    name
      .trim()
      .replace(/^edm\./i, '')
      .toLowerCase(),
  );
}

export const INTEGER_RANGES: Partial<Record<PrimitiveName, readonly [number, number]>> = {
  Byte: [0, 255],
  SByte: [-128, 127],
  Int16: [-32768, 32767],
  Int32: [-2147483648, 2147483647],
  // Beyond 2^53 JSON numbers lose precision in JavaScript: the type's exact bounds round to ±2^63 as numbers.
  Int64: [Number(-(2n ** 63n)), Number(2n ** 63n - 1n)],
};

/** TimeOfDay: hour ":" minute [":" second ["." 1*12DIGIT]] */
export function isTimeOfDay(text: string): boolean {
  const match = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,12})?)?$/.exec(text);
  return Boolean(match) && Number(match![1]) < 24 && Number(match![2]) < 60 && Number(match![3] ?? 0) < 60;
}

/** Duration: [sign] "P" [n "D"] ["T" [n "H"] [n "M"] [n ["." n] "S"]], at least one component. */
export function isDuration(text: string): boolean {
  const match = /^-?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!match) return false;
  const hasDate = match[1] !== undefined;
  const hasTime = match.slice(2).some((part) => part !== undefined);
  return (hasDate || hasTime) && !text.endsWith('T');
}

export function isGuid(text: string): boolean {
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text);
}
