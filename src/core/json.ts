/** A JSON object (not null, not an array): the one test every layer needs on parsed bodies. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `~` and `/` escaped for a JSON pointer segment (RFC 6901). */
export const escapePointer = (key: string | number) => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/** `['ipReferenceData', 0, 'asn']` → `/ipReferenceData/0/asn`. */
export const toPointer = (keys: readonly (string | number)[]) => keys.map((key) => `/${escapePointer(key)}`).join('');

/**
 * How deep the suite reads JSON from the documents: an example nested deeper than this is not read
 * (reported once as a document finding), so that nothing downstream (type inference, schemas, checks,
 * reports) walks a value deeper than this. Real Graph examples nest about ten levels.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * How many arrays/objects deep a value nests (`1` for `[]`, `0` for a string), counted without
 * recursion so that any depth can be measured. Stops counting after `budget` containers (a lower bound then).
 */
export function nestingDepth(value: unknown, budget = 1_000_000): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length && budget-- > 0) {
    const [current, depth] = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    deepest = Math.max(deepest, depth);
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}
