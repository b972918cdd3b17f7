/** Example bodies as written in the wild: what is repaired (each repair recorded), what is refused. */
import { expect, test } from '@playwright/test';
import { parseJsonBody, parseLenientJson } from '../../src/docs/jsonBody';

test('strict JSON needs no repair', () => {
  expect(parseJsonBody('{ "a": 1, "b": [true, null] }')).toEqual({
    text: '{ "a": 1, "b": [true, null] }',
    value: { a: 1, b: [true, null] },
    repairs: [],
  });
});

const REPAIRED: [string, string, unknown, string[]][] = [
  ['trailing commas', '{ "a": [1, 2,], "b": { "c": 3, }, }', { a: [1, 2], b: { c: 3 } }, ['trailing comma removed']],
  [
    '// comments',
    '{\n  // the id\n  "id": "x", // inline\n  "url": "https://example.com/a//b"\n}',
    { id: 'x', url: 'https://example.com/a//b' },
    ['// comment removed'],
  ],
  ['/* comments */', '{ /* note */ "a": 1 }', { a: 1 }, ['/* comment */ removed']],
  ['an ellipsis for elided members', '{\n  "a": 1,\n  ...\n}', { a: 1 }, ['"..." ellipsis removed']],
  ['an ellipsis for elided items', '{ "value": [ { "id": "1" }, ... ] }', { value: [{ id: '1' }] }, ['"..." ellipsis removed']],
  ['a unicode ellipsis', '{ "a": 1, \u2026 }', { a: 1 }, ['"..." ellipsis removed']],
  ['non-breaking spaces between tokens', '{\u00a0"a":\u00a01 }', { a: 1 }, ['non-breaking or zero-width space outside a string']],
  [
    'a raw line break inside a string',
    '{ "body": "line one\nline two" }',
    { body: 'line one\nline two' },
    ['raw line break or tab inside a string escaped'],
  ],
  ['a comma missing at the end of a line', '{\n  "a": "x"\n  "b": 2\n}', { a: 'x', b: 2 }, ['missing comma at the end of a line inserted']],
  [
    'unquoted keys and single quotes',
    "{ target: '#para-id', 'action': 'append' }",
    { target: '#para-id', action: 'append' },
    ['not strict JSON (unquoted keys or single quotes)'],
  ],
];

for (const [what, text, value, repairs] of REPAIRED) {
  test(`repairs ${what}`, () => {
    const body = parseJsonBody(text);
    expect(body.error).toBeUndefined();
    expect(body.value).toEqual(value);
    expect(body.repairs).toEqual(repairs);
    expect(body.text).toBe(text);
  });
}

test('text inside strings is never touched: "..." , // and NBSP stay as written', () => {
  expect(parseJsonBody('{ "a": "wait...", "b": "x // y", "c": "\u00a0" }').value).toEqual({ a: 'wait...', b: 'x // y', c: '\u00a0' });
});

const REFUSED: [string, string, RegExp][] = [
  ['an ellipsis where a value must be', '{ "a": ... }', /a value is elided with "\.\.\."; the body cannot be completed without guessing/],
  ['prose', 'Hello, world', /^not JSON: /],
  ['a comma missing within a line', '{ "a": 1 "b": 2 }', /^not JSON: /],
  ['an unquoted date', '{ "d": 2018-04-01T12:39:16Z }', /^not JSON: /],
];

for (const [what, text, reason] of REFUSED) {
  test(`refuses ${what}, with a reason`, () => {
    const body = parseJsonBody(text);
    expect(body.value).toBeUndefined();
    expect(body.repairs).toEqual([]);
    expect(body.error).toMatch(reason);
  });
}

test('annotations are read leniently: trailing commas, unquoted keys', () => {
  expect(parseLenientJson('{ "blockType": "request", "name": "x" }')).toEqual({
    value: { blockType: 'request', name: 'x' },
    repaired: false,
  });
  expect(parseLenientJson('{ blockType: "request", name: "x", }')).toEqual({ value: { blockType: 'request', name: 'x' }, repaired: true });
  expect(parseLenientJson('{ "blockType": }').error).toBeDefined();
});
