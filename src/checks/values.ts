/** How values and JSON locations are written in failure messages. */
import { isDateTimeOffset } from '../edm/dateTimeOffset';

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

/** A value as sent or received: dates bare (they are compared as instants), the rest as JSON. */
export function showValue(value: unknown): string {
  if (typeof value === 'string' && isDateTimeOffset(value)) return value;
  return value === undefined ? 'nothing' : clip(JSON.stringify(value));
}

/** `/ipReferenceData/0/asn` (JSON pointer) → `ipReferenceData[0].asn`. */
export function propertyPath(pointer: string): string {
  if (pointer === '') return '(body)';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}

/** Appends a property name to a readable path. */
export const childPath = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
