/**
 * Example bodies as written in the wild: mostly JSON, sometimes with `//` comments, trailing commas,
 * `...` standing for elided members, non-breaking spaces, raw line breaks inside strings, a comma
 * missing at the end of a line, unquoted keys. What can be repaired without guessing is repaired and
 * recorded (each repair is a document finding); what cannot is an error, with the reason.
 */
import JSON5 from 'json5';
import type { JsonBody } from './model';
import { MAX_JSON_DEPTH } from '../core/json';

const SPACES = /[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]/;

interface Scan {
  text: string;
  repairs: Set<string>;
  /** Set when an ellipsis stands where a value must be: nothing to repair it with. */
  elidedValue?: boolean;
}

function lastSignificant(out: string[]): { index: number; char: string } | undefined {
  for (let i = out.length - 1; i >= 0; i--) {
    if (!/\s/.test(out[i])) return { index: i, char: out[i] };
  }
  return undefined;
}

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** One pass over the text; outside string literals, except for raw control characters inside them. */
function scan(text: string): Scan {
  const out: string[] = [];
  const repairs = new Set<string>();
  let elidedValue = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\') {
        out.push(char, text[++i] ?? '');
      } else if (char === '\n' && quote === "'") {
        // An unterminated single-quoted "string" is an apostrophe in prose: leave it to the parsers.
        quote = undefined;
        out.push(char);
      } else if (ESCAPES[char]) {
        repairs.add('raw line break or tab inside a string escaped');
        out.push(ESCAPES[char]);
      } else {
        out.push(char);
        if (char === quote) quote = undefined;
      }
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      out.push(char);
    } else if (char === '/' && text[i + 1] === '/') {
      repairs.add('// comment removed');
      while (i < text.length && text[i] !== '\n') i++;
      out.push('\n');
    } else if (char === '/' && text[i + 1] === '*') {
      repairs.add('/* comment */ removed');
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (SPACES.test(char)) {
      repairs.add('non-breaking or zero-width space outside a string');
      out.push(' ');
    } else if (text.startsWith('...', i) || char === '\u2026') {
      if (lastSignificant(out)?.char === ':') elidedValue = true;
      repairs.add('"..." ellipsis removed');
      while (text[i + 1] === '.') i++;
      // Drop the separator that followed the ellipsis, if any; or, when it closes a list, the one before it.
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (text[j] === ',') i = j;
      else if (text[j] === '}' || text[j] === ']') {
        const last = lastSignificant(out);
        if (last?.char === ',') out.splice(last.index, 1);
      }
    } else if (char === '}' || char === ']') {
      const last = lastSignificant(out);
      if (last?.char === ',') {
        out.splice(last.index, 1);
        repairs.add('trailing comma removed');
      }
      out.push(char);
    } else {
      out.push(char);
    }
  }
  return { text: out.join(''), repairs, elidedValue };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const MISSING_COMMA = /^Expected ',' or '[}\]]' after (?:property value|array element) in JSON at position (\d+)/;

/**
 * Inserts the commas missing between members that sit on separate lines (`"a": 1⏎ "b": 2`): the
 * only reading there is. Returns the parsed value and how many commas were inserted.
 */
function parseWithMissingCommas(text: string): { value: unknown; inserted: number } {
  let current = text;
  for (let inserted = 0; ; inserted++) {
    try {
      return { value: JSON.parse(current), inserted };
    } catch (error) {
      const position = MISSING_COMMA.exec(errorMessage(error))?.[1];
      if (position === undefined || inserted >= 50) throw error;
      const at = Number(position);
      const gap = current.slice(0, at).match(/\s*$/)![0];
      if (!gap.includes('\n')) throw error;
      current = `${current.slice(0, at - gap.length)},${current.slice(at - gap.length)}`;
    }
  }
}

/**
 * How deep the brackets of a JSON text nest (outside double-quoted strings), in one pass: measured
 * before parsing, so that a body nested deeper than anything downstream walks is never read.
 */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth = Math.max(0, depth - 1);
  }
  return deepest;
}

/** Why a text is not read as JSON at all: nested deeper than MAX_JSON_DEPTH. */
function tooDeep(text: string): string | undefined {
  const depth = bracketDepth(text);
  return depth > MAX_JSON_DEPTH
    ? `nested ${depth.toLocaleString('en-US')} levels deep, deeper than the ${MAX_JSON_DEPTH} levels the suite reads: not read (its values are not typed or checked)`
    : undefined;
}

export function parseJsonBody(text: string): JsonBody {
  const deep = tooDeep(text);
  if (deep) return { text, repairs: [], error: deep };
  try {
    return { text, value: JSON.parse(text), repairs: [] };
  } catch (strictError) {
    const scanned = scan(text);
    if (scanned.elidedValue) {
      return { text, repairs: [], error: 'a value is elided with "..."; the body cannot be completed without guessing' };
    }
    try {
      const { value, inserted } = parseWithMissingCommas(scanned.text);
      return { text, value, repairs: [...scanned.repairs, ...(inserted ? ['missing comma at the end of a line inserted'] : [])] };
    } catch {
      try {
        const value: unknown = JSON5.parse(scanned.text);
        return { text, value, repairs: [...scanned.repairs, 'not strict JSON (unquoted keys or single quotes)'] };
      } catch {
        return { text, repairs: [], error: `not JSON: ${errorMessage(strictError)}` };
      }
    }
  }
}

/** Lenient reading of annotation comments, which are often not strict JSON either. */
export function parseLenientJson(text: string): { value?: unknown; repaired: boolean; error?: string } {
  const deep = tooDeep(text);
  if (deep) return { repaired: false, error: deep };
  try {
    return { value: JSON.parse(text), repaired: false };
  } catch (strictError) {
    const body = parseJsonBody(text);
    return body.error ? { repaired: false, error: errorMessage(strictError) } : { value: body.value, repaired: true };
  }
}
