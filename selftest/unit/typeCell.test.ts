/** The Type column of property tables, as real pages write it, normalised to one TypeRef. */
import { expect, test } from '@playwright/test';
import type { TypeRef } from '../../src/docs/model';
import { simpleTypeName, typeKey } from '../../src/core/odata';
import { describeType, parseTypeCell } from '../../src/docs/typeCell';

const references = new Map([
  ['drive-resource', '../resources/drive.md'],
  ['identityset', '../resources/identityset.md'],
]);
const primitive = (name: string, collection = false): TypeRef => ({ kind: 'primitive', name, collection }) as TypeRef;
const named = (name: string, collection = false, link?: string): TypeRef => ({
  kind: 'named',
  name,
  collection,
  ...(link ? { link } : {}),
});

const CASES: [string, TypeRef][] = [
  // Case variants and Edm names of primitives.
  ['String', primitive('String')],
  ['string', primitive('String')],
  ['dateTimeOffset', primitive('DateTimeOffset')],
  ['DateTimeOffset', primitive('DateTimeOffset')],
  ['GUID', primitive('Guid')],
  ['Edm.Int32', primitive('Int32')],
  ['Edm.Boolean', primitive('Boolean')],
  ['Int64', primitive('Int64')],
  ['Integer', primitive('Int32')],
  ['number', primitive('Double')],
  ['**Boolean**', primitive('Boolean')],
  ['`String`', primitive('String')],
  // Comments in the cell.
  ['String (identifier)', primitive('String')],
  ['Int32 (nullable)', primitive('Int32')],
  ['(Optional) String', primitive('String')],
  // Collections, every way.
  ['String collection', primitive('String', true)],
  ['Collection(Edm.String)', primitive('String', true)],
  ['Collection(microsoft.graph.ipCategory)', named('ipCategory', true)],
  ['String[]', primitive('String', true)],
  ['ipCategory collection', named('ipCategory', true)],
  // Links, with or without `collection`, inline or reference-style.
  ['[ipCategory](../resources/ipcategory.md)', named('ipCategory', false, '../resources/ipcategory.md')],
  ['[ipCategory](../resources/ipcategory.md) collection', named('ipCategory', true, '../resources/ipcategory.md')],
  ['[microsoft.graph.ipCategory](ipcategory.md)', named('ipCategory', false, 'ipcategory.md')],
  ['[drive][drive-resource]', named('drive', false, '../resources/drive.md')],
  ['[identitySet][]', named('identitySet', false, '../resources/identityset.md')],
  ['[identitySet][] collection', named('identitySet', true, '../resources/identityset.md')],
  // Enums: a named type like any other (an enum table or a value list says it is one).
  ['[riskLevel](../resources/enums.md#risklevel-values)', named('riskLevel', false, '../resources/enums.md#risklevel-values')],
  ['userAccountSecurityType', named('userAccountSecurityType')],
  ['microsoft.graph.ipCategory', named('ipCategory')],
  // "Any JSON": nothing to hold a value to.
  ['Json', { kind: 'unknown', collection: false, text: 'Json' }],
  ['Object', { kind: 'unknown', collection: false, text: 'Object' }],
  ['', { kind: 'unknown', collection: false, text: '' }],
];

for (const [cell, expected] of CASES) {
  test(`Type cell ${JSON.stringify(cell)}`, () => {
    expect(parseTypeCell(cell, references)).toEqual(expected);
  });
}

test('a non-breaking space in the cell is a space', () => {
  expect(parseTypeCell('String\u00a0collection')).toEqual(primitive('String', true));
});

test('names: simple, keyed, described', () => {
  expect(simpleTypeName('#microsoft.graph.ipCategory')).toBe('ipCategory');
  expect(typeKey('microsoft.graph.IPCategory')).toBe('ipcategory');
  expect(describeType(named('ipCategory', true))).toBe('ipCategory collection');
  expect(describeType(primitive('Int32'))).toBe('Int32');
});
