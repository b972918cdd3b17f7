/** A JSON object (not null, not an array): the one test every layer needs on parsed bodies. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `~` and `/` escaped for a JSON pointer segment (RFC 6901). */
export const escapePointer = (key: string | number) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/** `['ipReferenceData', 0, 'asn']` → `/ipReferenceData/0/asn`. */
export const toPointer = (keys: readonly (string | number)[]) => keys.map((key) => `/${escapePointer(key)}`).join('');
