/**
 * The Type column of a property table, normalised. Real pages write the same thing many ways:
 * `String collection`, `Collection(String)`, `Edm.Int32`, `dateTimeOffset`,
 * `[ipCategory](../resources/ipcategory.md) collection`, `[drive][drive-resource]`,
 * `microsoft.graph.ipCategory`, `[riskLevel](../resources/enums.md#risklevel)`.
 */
import { simpleTypeName } from '../core/odata';
import { canonicalPrimitive } from '../edm/primitives';
import type { TypeRef } from './model';

const INLINE_LINK = /\[([^\]]+)\]\(([^)\s]*)[^)]*\)/;
const REFERENCE_LINK = /\[([^\]]+)\](?:\[([^\]]*)\])?/;
const NAMESPACE = /^(?:microsoft\.graph\.|graph\.)/i;

function cleanName(text: string): string {
  return text
    .replace(/[`*_\\]/g, '')
    .replace(/&lt;|&gt;|<|>/g, ' ')
    .trim();
}

/** Names pages use for "any JSON value": nothing to check the value against. */
const UNTYPED = /^(json|untyped|object|any|edm\.untyped|variant)$/i;
/** Spellings of primitives that are not Edm names (and not in the shared alias list). */
const ALIASES: Record<string, string> = { number: 'Double', url: 'String', uri: 'String', text: 'String', char: 'String' };

function fromName(text: string, collection: boolean, link?: string): TypeRef {
  // `(Optional) String`, `String (identifier)`: the parenthesised words are comments.
  const name = cleanName(text)
    .replace(/^\([^)]*\)\s*/, '')
    .replace(NAMESPACE, '');
  const word = /^[A-Za-z_][\w.]*/.exec(name)?.[0];
  if (!word) return { kind: 'unknown', collection, text };
  if (UNTYPED.test(word)) return { kind: 'unknown', collection, text: word };
  const primitive = canonicalPrimitive(ALIASES[word.toLowerCase()] ?? word);
  if (primitive) return { kind: 'primitive', name: primitive, collection };
  return { kind: 'named', name: simpleTypeName(word), collection, ...(link ? { link } : {}) };
}

export function parseTypeCell(cell: string, references: Map<string, string> = new Map()): TypeRef {
  const text = cell.replace(/\u00a0/g, ' ').trim();
  // `String[]` is a collection; `[file][]` is a collapsed reference link, not one.
  const collection = /\bcollection\b/i.test(text) || /(?<!\])\[\]\s*$/.test(text);
  const inline = INLINE_LINK.exec(text);
  if (inline) return fromName(inline[1], collection, inline[2]);
  const reference = REFERENCE_LINK.exec(text);
  if (reference) {
    const label = (reference[2] || reference[1]).toLowerCase();
    return fromName(reference[1], collection, references.get(label));
  }
  // Collection(X), Collection(Edm.String)
  const wrapped = /collection\s*\(\s*([^)]+)\)/i.exec(text);
  if (wrapped) return fromName(wrapped[1], true);
  const bare = text.replace(/\bcollection\b/gi, '').replace(/(?<!\])\[\]\s*$/, '');
  return fromName(bare, collection);
}

export function describeType(type: TypeRef): string {
  const base = type.kind === 'unknown' ? type.text || 'unknown' : type.name;
  return type.collection ? `${base} collection` : base;
}
