/** How values and locations are written in failure messages: bounded in length and depth, never throwing. */
import { nestingDepth } from './json';

const MAX = 80;
/** Values nested deeper than this are summarised (`[[[… 100,000 levels]`) rather than written out. */
const MAX_SHOWN_DEPTH = 32;

function clip(text: string): string {
  return text.length > MAX ? `${text.slice(0, MAX - 1)}…` : text;
}

/** JSON text of a value at most MAX_SHOWN_DEPTH deep, written only until it is longer than MAX. */
function writeBounded(value: unknown, out: string[], length: { used: number }): void {
  const emit = (text: string) => {
    out.push(text);
    length.used += text.length;
  };
  if (length.used > MAX) return;
  if (typeof value === 'string') return emit(JSON.stringify(value.length > MAX ? value.slice(0, MAX) : value));
  if (typeof value === 'bigint') return emit(String(value));
  if (typeof value !== 'object' || value === null) return emit(JSON.stringify(value) ?? 'null');
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return writeBounded(json.call(value), out, length);
  const array = Array.isArray(value);
  emit(array ? '[' : '{');
  let first = true;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const child = (value as Record<string, unknown>)[key];
    if (!array && (child === undefined || typeof child === 'function')) continue;
    if (length.used > MAX) break;
    if (!first) emit(',');
    first = false;
    if (!array) emit(`${JSON.stringify(key.length > MAX ? key.slice(0, MAX) : key)}:`);
    writeBounded(child, out, length);
  }
  emit(array ? ']' : '}');
}

/** The opening of a deeply nested value, following its first member: `[[[`, `{"a":[{"b":`. */
function opening(value: unknown, levels: number): string {
  let text = '';
  let current = value;
  for (let level = 0; level < levels && typeof current === 'object' && current !== null; level++) {
    if (Array.isArray(current)) {
      text += '[';
      current = current[0];
    } else {
      const key = Object.keys(current)[0];
      text += key === undefined ? '{' : `{${JSON.stringify(key.slice(0, 20))}:`;
      current = key === undefined ? undefined : (current as Record<string, unknown>)[key];
    }
  }
  return text;
}

/**
 * A value as JSON, at most MAX characters; a value nested deeper than MAX_SHOWN_DEPTH as its opening
 * and its depth (`[[[… 100,000 levels]`). Never recurses deeper than MAX_SHOWN_DEPTH, never throws.
 */
export function showJson(value: unknown): string {
  const depth = nestingDepth(value);
  if (depth > MAX_SHOWN_DEPTH) {
    return `${opening(value, 3)}… ${depth.toLocaleString('en-US')} levels${Array.isArray(value) ? ']' : '}'}`;
  }
  const out: string[] = [];
  writeBounded(value, out, { used: 0 });
  return clip(out.join(''));
}

/** `string "9"`, `number 9.5`, `null`, `object {"a":1}`, `array [[[… 100,000 levels]`: the JSON type, then the value. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  const type = Array.isArray(value) ? 'array' : typeof value;
  return `${type} ${showJson(value)}`;
}

/** Appends a property name to a readable path. */
export const childPath = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
