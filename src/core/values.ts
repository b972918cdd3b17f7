/** How values and locations are written in failure messages. */
const MAX = 80;

function clip(text: string): string {
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

/** `string "9"`, `number 9.5`, `null`, `object {"a":1}`: the JSON type, then the value. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  const type = Array.isArray(value) ? 'array' : typeof value;
  return `${type} ${clip(JSON.stringify(value))}`;
}

/** Appends a property name to a readable path. */
export const childPath = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);
