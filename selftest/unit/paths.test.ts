/**
 * URL rebasing (src/contracts/paths.ts): the documented path template is found inside an example URL,
 * whatever host and version segment the page wrote, and what follows is appended to BASE_URL.
 */
import { expect, test } from '@playwright/test';
import type { PathTemplate } from '../../src/docs/model';
import { formatPath, joinUrl, locatePath } from '../../src/contracts/paths';

const template = (method: string, path: string): PathTemplate => ({ method, path, line: 1 });

const IP_PROFILES = [
  template('POST', '/Security/ipSecurityProfiles'),
  template('PATCH', '/Security/ipSecurityProfiles/{ipSecurityProfileId}'),
];
const EVENTS = [template('GET', '/me/events'), template('GET', '/users/{id | userPrincipalName}/events')];

/** Where the example URL lands on BASE_URL. */
const rebased = (baseURL: string, url: string, templates: PathTemplate[], method: string) => {
  const located = locatePath(url, templates, method);
  return joinUrl(baseURL, formatPath(located.segments, located.query));
};

test('an odd version segment (localtest) is dropped as prefix', () => {
  const located = locatePath('https://graph.microsoft.com/localtest/Security/ipSecurityProfiles', IP_PROFILES, 'POST');
  expect(located).toMatchObject({
    segments: ['Security', 'ipSecurityProfiles'],
    prefix: ['localtest'],
    query: '',
    template: IP_PROFILES[0],
    placeholders: [],
  });
  expect(located.mismatch).toBeUndefined();
});

test('a backslash path (docs\\api) is read as two prefix segments; the placeholder is found', () => {
  const located = locatePath(
    'https://graph.microsoft.com/docs\\api/Security/ipSecurityProfiles/{ipSecurityProfileId}',
    IP_PROFILES,
    'PATCH',
  );
  expect(located).toMatchObject({
    segments: ['Security', 'ipSecurityProfiles', '{ipSecurityProfileId}'],
    prefix: ['docs', 'api'],
    template: IP_PROFILES[1],
    placeholders: [{ name: 'ipSecurityProfileId', segment: 2, exampleValue: '{ipSecurityProfileId}' }],
  });
  expect(located.mismatch).toBeUndefined();
});

test('the query string is kept apart and survives rebasing', () => {
  const located = locatePath('https://graph.microsoft.com/v1.0/me/events?$select=subject', EVENTS, 'GET');
  expect(located).toMatchObject({ segments: ['me', 'events'], prefix: ['v1.0'], query: '?$select=subject', template: EVENTS[0] });
  expect(rebased('http://127.0.0.1:4010/beta', 'https://graph.microsoft.com/v1.0/me/events?$select=subject', EVENTS, 'GET')).toBe(
    'http://127.0.0.1:4010/beta/me/events?$select=subject',
  );
});

test('a fragment is not part of the query', () => {
  expect(locatePath('https://graph.microsoft.com/v1.0/me/events?$top=1#section', EVENTS, 'GET').query).toBe('?$top=1');
});

test('a relative URL has no prefix', () => {
  const located = locatePath('/me/events', EVENTS, 'GET');
  expect(located).toMatchObject({ segments: ['me', 'events'], prefix: [], query: '', template: EVENTS[0] });
  expect(located.mismatch).toBeUndefined();
});

test('a concrete id where the template has a placeholder is the placeholder example value', () => {
  const located = locatePath('https://graph.microsoft.com/beta/users/AAA-123/events', EVENTS, 'GET');
  expect(located).toMatchObject({
    segments: ['users', 'AAA-123', 'events'],
    prefix: ['beta'],
    template: EVENTS[1],
    placeholders: [{ name: 'id | userPrincipalName', segment: 1, exampleValue: 'AAA-123' }],
  });
});

test('segments match case-insensitively; the URL keeps its own spelling', () => {
  const located = locatePath('https://graph.microsoft.com/beta/security/IPSECURITYPROFILES/abc', IP_PROFILES, 'PATCH');
  expect(located).toMatchObject({
    segments: ['security', 'IPSECURITYPROFILES', 'abc'],
    template: IP_PROFILES[1],
    placeholders: [{ name: 'ipSecurityProfileId', segment: 2, exampleValue: 'abc' }],
  });
  expect(located.mismatch).toBeUndefined();
});

test('a template that ends the path wins over one that matches only its start', () => {
  // POST's own template (/Security/ipSecurityProfiles) matches the first two segments only.
  const located = locatePath('https://graph.microsoft.com/v1.0/Security/ipSecurityProfiles/abc', IP_PROFILES, 'POST');
  expect(located.template).toBe(IP_PROFILES[1]);
  expect(located.mismatch).toBeUndefined();
});

test('segments after the template: matched, with a mismatch finding', () => {
  const located = locatePath('https://graph.microsoft.com/v1.0/Security/ipSecurityProfiles/abc/extra', IP_PROFILES, 'PATCH');
  expect(located.template).toBe(IP_PROFILES[1]);
  expect(located.segments).toEqual(['Security', 'ipSecurityProfiles', 'abc', 'extra']);
  expect(located.mismatch).toBe('URL has segments after the template /Security/ipSecurityProfiles/{ipSecurityProfileId}');
});

test('no matching template: version segment dropped, the rest kept, mismatch named', () => {
  const url = 'https://graph.microsoft.com/beta/security/alerts/abc?$top=1';
  const located = locatePath(url, IP_PROFILES, 'GET');
  expect(located).toEqual({
    segments: ['security', 'alerts', 'abc'],
    prefix: ['beta'],
    query: '?$top=1',
    placeholders: [],
    mismatch: `URL ${url} matches no HTTP request template (/Security/ipSecurityProfiles, /Security/ipSecurityProfiles/{ipSecurityProfileId})`,
  });
  expect(rebased('http://host:1/v1.0', url, IP_PROFILES, 'GET')).toBe('http://host:1/v1.0/security/alerts/abc?$top=1');
});

test('no matching template and no version segment: every segment kept', () => {
  const located = locatePath('https://contoso.example/api/alerts', IP_PROFILES, 'GET');
  expect(located).toMatchObject({ segments: ['api', 'alerts'], prefix: [] });
});

test('a page with no template: the fallback says so', () => {
  const located = locatePath('https://graph.microsoft.com/v1.0/me/events/{id}', [], 'GET');
  expect(located).toMatchObject({
    segments: ['me', 'events', '{id}'],
    prefix: ['v1.0'],
    placeholders: [{ name: 'id', segment: 2, exampleValue: '{id}' }],
    mismatch: 'the page documents no HTTP request template',
  });
});

test('rebasing the seed URLs onto a BASE_URL with a path', () => {
  expect(rebased('http://host:1/beta', 'https://graph.microsoft.com/localtest/Security/ipSecurityProfiles', IP_PROFILES, 'POST')).toBe(
    'http://host:1/beta/Security/ipSecurityProfiles',
  );
  expect(
    rebased(
      'https://graph.microsoft.com/beta/',
      'https://graph.microsoft.com/docs\\api/Security/ipSecurityProfiles/{ipSecurityProfileId}',
      IP_PROFILES,
      'PATCH',
    ),
  ).toBe('https://graph.microsoft.com/beta/Security/ipSecurityProfiles/{ipSecurityProfileId}');
});

test('joinUrl keeps the base path and puts exactly one slash between', () => {
  expect(joinUrl('http://host:1/beta', '/Security/x')).toBe('http://host:1/beta/Security/x');
  expect(joinUrl('http://host:1/beta/', '/Security/x')).toBe('http://host:1/beta/Security/x');
  expect(joinUrl('http://host:1/beta//', 'Security/x')).toBe('http://host:1/beta/Security/x');
  expect(joinUrl('http://host:1', '/Security/x')).toBe('http://host:1/Security/x');
});

test('joinUrl is not URL resolution (a base path is never replaced)', () => {
  expect(joinUrl('http://host:1/beta', '/Security/x')).not.toBe(new URL('/Security/x', 'http://host:1/beta').href);
});

test('formatPath joins segments and appends the query as written', () => {
  expect(formatPath(['me', 'events'], '?$select=subject')).toBe('/me/events?$select=subject');
  expect(formatPath(['users', 'a%40b.com'])).toBe('/users/a%40b.com');
});
