/** HTTP messages as pages write them: request and status lines, headers, bodies, and what is wrong with them. */
import { expect, test } from '@playwright/test';
import { headerValue, isRequestLine, isStatusLine, parseHttpRequest, parseHttpResponse } from '../../src/docs/httpMessage';

test('request lines: any method case, with or without HTTP version', () => {
  expect(
    parseHttpRequest('POST https://graph.microsoft.com/beta/Security/ipSecurityProfiles\nContent-type: application/json\n\n{}'),
  ).toEqual({
    method: 'POST',
    url: 'https://graph.microsoft.com/beta/Security/ipSecurityProfiles',
    headers: [['Content-type', 'application/json']],
    body: '{}',
    notes: [],
  });
  expect(parseHttpRequest('get /me/events HTTP/1.1')).toMatchObject({ method: 'GET', url: '/me/events' });
  expect(parseHttpRequest('{ "a": 1 }')).toBeUndefined();
  expect(isRequestLine('DELETE https://graph.microsoft.com/v1.0/me/events/1')).toBe(true);
  expect(isRequestLine('Content-Type: application/json')).toBe(false);
});

test('headers running into the body, and a blank line before the headers, are read and noted', () => {
  expect(parseHttpResponse('HTTP/1.1 201 Created\nContent-Type: application/json\n{\n  "id": "1"\n}')).toEqual({
    status: 201,
    reason: 'Created',
    headers: [['Content-Type', 'application/json']],
    body: '{\n  "id": "1"\n}',
    notes: ['no blank line between the headers and the body'],
  });
  expect(parseHttpRequest('POST https://x/v1.0/widgets\n\nContent-type: application/json\nContent-length: 2\n\n{}')).toEqual({
    method: 'POST',
    url: 'https://x/v1.0/widgets',
    headers: [
      ['Content-type', 'application/json'],
      ['Content-length', '2'],
    ],
    body: '{}',
    notes: ['blank line between the start line and the headers'],
  });
  // A URL in a body line is not a header.
  expect(parseHttpRequest('POST /x\nhttps://example.com/a')).toMatchObject({ headers: [], body: 'https://example.com/a' });
});

const STATUS_LINES: [string, number, string | undefined, string[]][] = [
  ['HTTP/1.1 201 Created', 201, 'Created', []],
  ['HTTP/1.1 200', 200, undefined, []],
  ['HTTP/1.1 204 No content', 204, 'No content', []],
  ['HTTP/1.1 204 NO CONTENT', 204, 'NO CONTENT', []],
  ['HTTP 201 Created', 201, 'Created', ['status line "HTTP 201 Created" is not HTTP syntax (HTTP/1.1 201 …)']],
  ['HTTP code: 200 OK', 200, 'OK', ['status line "HTTP code: 200 OK" is not HTTP syntax (HTTP/1.1 200 …)']],
  ['HTTP/1.1 201 OK', 201, 'OK', ['status line says "201 OK"; the reason phrase of 201 is "Created" (the number is used)']],
  ['HTTP/1.1 202 Accpted', 202, 'Accpted', ['status line says "202 Accpted"; the reason phrase of 202 is "Accepted" (the number is used)']],
];

for (const [line, status, reason, notes] of STATUS_LINES) {
  test(`status line ${JSON.stringify(line)}: the number is what counts`, () => {
    expect(isStatusLine(line)).toBe(true);
    const parsed = parseHttpResponse(line);
    expect(parsed.status).toBe(status);
    expect(parsed.reason).toBe(reason);
    expect(parsed.notes).toEqual(notes);
  });
}

test('a response block without a status line: headers and body, or a body only', () => {
  expect(parseHttpResponse('Content-Type: application/json\n\n{"a":1}')).toEqual({
    headers: [['Content-Type', 'application/json']],
    body: '{"a":1}',
    notes: [],
  });
  expect(parseHttpResponse('{\n  "a": 1\n}')).toEqual({ headers: [], body: '{\n  "a": 1\n}', notes: [] });
});

test('header names are case-insensitive (Content-type, content-type)', () => {
  const headers = [['Content-type', 'application/json'] as const, ['content-length', '12'] as const];
  expect(headerValue(headers, 'Content-Type')).toBe('application/json');
  expect(headerValue(headers, 'Content-Length')).toBe('12');
  expect(headerValue(headers, 'Accept')).toBeUndefined();
});
