/** A JSON object (not null, not an array): the one test every layer needs on parsed bodies. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
