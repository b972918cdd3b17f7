/**
 * parsePage on the five seed pages (verbatim, in contracts/) and on their quirks:
 * `…/localtest/…` and `…/docs\api/…` URLs, a response whose headers run into the body,
 * stale `Content-length`, `Content-type` casing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parsePage } from '../../src/docs/parsePage';
import type { Page, TypeRef } from '../../src/docs/model';
import { describeType } from '../../src/docs/typeCell';
import { loadContracts } from '../../src/contracts/loadContracts';
import { formatPath } from '../../src/contracts/paths';
import { PROJECT_ROOT } from '../../src/core/projectRoot';

const SEEDS = path.join(PROJECT_ROOT, 'contracts');
const read = (file: string): Page => parsePage(fs.readFileSync(path.join(SEEDS, file), 'utf8'), file);
const typeOf = (page: Page, property: string) => {
  const row = page.propertyTables.flatMap((table) => table.rows).find((candidate) => candidate.name === property);
  return row && describeType(row.type);
};

test('the fixtures hold the five seed pages, and the service metadata of their types beside them', () => {
  expect(fs.readdirSync(path.join(SEEDS, 'metadata')).sort()).toEqual([
    'README.txt',
    'security-profiles-2026-revisions.xml',
    'security-profiles-fragments.xml',
  ]);
  expect(
    fs
      .readdirSync(SEEDS)
      .filter((name) => name.endsWith('.md'))
      .sort(),
  ).toEqual([
    'create-domainsecurityprofile.md',
    'create-hostsecurityprofiles.md',
    'create-ipsecurityprofile.md',
    'create-usersecurityprofile.md',
    'update-ipsecurityprofile.md',
  ]);
});

test.describe('create-ipsecurityprofile.md', () => {
  const page = read('create-ipsecurityprofile.md');

  test('title, namespace, template, documented status and types', () => {
    expect(page.title).toBe('Create ipSecurityProfile');
    expect(page.docType).toBe('apiPageType');
    expect(page.namespace).toBe('microsoft.graph');
    expect(page.templates).toEqual([{ method: 'POST', path: '/Security/ipSecurityProfiles', line: 31 }]);
    expect(page.documentedStatus).toEqual({ code: 201, line: 65 });
    expect(page.requestBodyType).toEqual({ name: 'ipSecurityProfile', link: '../resources/ipsecurityprofile.md' });
    expect(page.responseType).toEqual({ name: 'ipSecurityProfile', link: '../resources/ipsecurityprofile.md', collection: false });
    expect(page.requestHeaders).toEqual([
      ['Authorization', 'Bearer {token}'],
      ['Content-Type', 'application/json'],
    ]);
  });

  test('the request-body table, with every Type column form it uses', () => {
    expect(page.propertyTables).toHaveLength(1);
    expect(page.propertyTables[0].section).toBe('request body');
    expect(page.propertyTables[0].rows.map((row) => row.name)).toEqual([
      'id',
      'activityGroupNames',
      'address',
      'azureSubscriptionId',
      'azureTenantId',
      'countHits',
      'countHosts',
      'firstSeenDateTime',
      'ipCategories',
      'ipReferenceData',
      'lastSeenDateTime',
      'riskScore',
      'tags',
      'vendorInformation',
    ]);
    expect(typeOf(page, 'countHits')).toBe('Int32');
    expect(typeOf(page, 'firstSeenDateTime')).toBe('DateTimeOffset');
    expect(typeOf(page, 'activityGroupNames')).toBe('String collection');
    const ipCategories: TypeRef = { kind: 'named', name: 'ipCategory', collection: true, link: '../resources/ipcategory.md' };
    expect(page.propertyTables[0].rows.find((row) => row.name === 'ipCategories')!.type).toEqual(ipCategories);
    expect(typeOf(page, 'vendorInformation')).toBe('securityVendorInformation');
  });

  test('one example: name, request line, headers as written (Content-type casing, stale Content-length), bodies', () => {
    expect(page.examples.map((example) => example.name)).toEqual(['create_ipsecurityprofile_from_']);
    const { request, response } = page.examples[0];
    expect(request).toMatchObject({ method: 'POST', url: 'https://graph.microsoft.com/localtest/Security/ipSecurityProfiles', line: 76 });
    expect(request.headers).toEqual([
      ['Content-type', 'application/json'],
      ['Content-length', '1196'],
    ]);
    expect(request.body?.repairs).toEqual([]);
    expect(request.body?.value).toMatchObject({
      '@odata.type': '#microsoft.graph.ipSecurityProfile',
      countHits: 9,
      ipReferenceData: [{ asn: 3 }],
    });
    expect(response).toMatchObject({ status: 201, reason: 'Created', names: [], line: 132 });
    expect(response!.annotation).toEqual({ blockType: 'response', truncated: true, '@odata.type': 'microsoft.graph.ipsecurityprofile' });
    expect(response!.headers).toEqual([
      ['Content-Type', 'application/json'],
      ['Content-Length', '1245'],
    ]);
    expect(response!.body?.value).toMatchObject({ id: '0bfa692b-692b-0bfa-2b69-fa0b2b69fa0b', countHosts: 10 });
    expect(response!.notes).toBeUndefined();
    expect(page.findings).toEqual([]);
  });
});

test('create-hostsecurityprofiles.md: response headers run into the body with no blank line', () => {
  const page = read('create-hostsecurityprofiles.md');
  expect(page.title).toBe('Create hostSecurityProfiles');
  expect(page.templates).toEqual([{ method: 'POST', path: '/Security/hostSecurityProfiles', line: 31 }]);
  expect(page.requestHeaders).toEqual([
    ['Authorization', 'Bearer {token}. Required'],
    ['Content-Type', 'application/json. Required'],
  ]);
  expect(typeOf(page, 'logonUsers')).toBe('logonUser collection');
  expect(typeOf(page, 'isAzureAdJoined')).toBe('Boolean');
  const { request, response } = page.examples[0];
  expect(page.examples.map((example) => example.name)).toEqual(['create_hostsecurityprofile_from_']);
  expect(request.url).toBe('https://graph.microsoft.com/beta/Security/hostSecurityProfiles');
  expect(request.headers).toEqual([
    ['Content-Type', 'application/json'],
    ['Content-length', '1559'],
  ]);
  expect(response!.status).toBe(201);
  expect(response!.headers).toEqual([['Content-Type', 'application/json']]);
  expect(response!.notes).toEqual(['no blank line between the headers and the body']);
  expect(response!.body?.error).toBeUndefined();
  expect(response!.body?.value).toMatchObject({ id: '93e56cd1-6cd1-93e5-d16c-e593d16ce593', logonUsers: [{ accountType: 'String' }] });
});

test('create-domainsecurityprofile.md and create-usersecurityprofile.md', () => {
  const domain = read('create-domainsecurityprofile.md');
  expect(domain.templates.map((template) => template.path)).toEqual(['/Security/domainSecurityProfiles']);
  expect(domain.documentedStatus?.code).toBe(201);
  expect(typeOf(domain, 'domainRegisteredDateTime')).toBe('DateTimeOffset');
  expect(typeOf(domain, 'domainCategories')).toBe('reputationCategory collection');
  expect(typeOf(domain, 'registrant')).toBe('domainRegistrant');
  expect(domain.examples.map((example) => [example.name, example.request.url, example.response?.status])).toEqual([
    ['create_domainsecurityprofile_from_', 'https://graph.microsoft.com/localtest/Security/domainSecurityProfiles', 201],
  ]);

  const user = read('create-usersecurityprofile.md');
  expect(user.templates.map((template) => template.path)).toEqual(['/Security/userSecurityProfiles']);
  expect(typeOf(user, 'accounts')).toBe('userAccount collection');
  expect(user.examples.map((example) => [example.name, example.request.method, example.response?.status])).toEqual([
    ['create_usersecurityprofile_from_', 'POST', 201],
  ]);
  expect(user.examples[0].request.body?.value).toMatchObject({ accounts: [{ status: 'String' }] });
  expect([...domain.findings, ...user.findings]).toEqual([]);
});

test('update-ipsecurityprofile.md: a PATCH with a placeholder, a docs\\api URL and a 200', () => {
  const page = read('update-ipsecurityprofile.md');
  expect(page.title).toBe('Update ipSecurityProfile');
  expect(page.templates).toEqual([{ method: 'PATCH', path: '/Security/ipSecurityProfiles/{ipSecurityProfileId}', line: 29 }]);
  expect(page.documentedStatus).toEqual({ code: 200, line: 62 });
  expect(page.requestBodyType?.name).toBe('ipSecurityProfile');
  const [example] = page.examples;
  expect(example.name).toBe('update_ipsecurityprofile');
  expect(example.request.method).toBe('PATCH');
  expect(example.request.url).toBe('https://graph.microsoft.com/docs\\api/Security/ipSecurityProfiles/{ipSecurityProfileId}');
  expect(example.response).toMatchObject({ status: 200, reason: 'OK' });
  expect(example.response!.annotation).toEqual({ blockType: 'response', truncated: true });
});

test('the seed suite: URLs rebased past localtest and docs\\api, transport headers dropped, findings about the URLs', () => {
  const suite = loadContracts(SEEDS);
  expect(suite.examples.map((example) => example.title)).toEqual([
    'create-domainsecurityprofile.md#create_domainsecurityprofile_from_',
    'create-hostsecurityprofiles.md#create_hostsecurityprofile_from_',
    'create-ipsecurityprofile.md#create_ipsecurityprofile_from_',
    'create-usersecurityprofile.md#create_usersecurityprofile_from_',
    'update-ipsecurityprofile.md#update_ipsecurityprofile',
  ]);
  expect(suite.emptyPages).toEqual([]);
  expect(suite.typePages).toBeUndefined();
  const byPage = Object.fromEntries(suite.examples.map((example) => [example.page.file, example]));

  const ip = byPage['create-ipsecurityprofile.md'];
  expect(ip.path.prefix).toEqual(['localtest']);
  expect(formatPath(ip.path.segments, ip.path.query)).toBe('/Security/ipSecurityProfiles');
  // Content-Length is the transport's (and stale); the Content-type header keeps the page's casing.
  expect(ip.headers).toEqual([['Content-type', 'application/json']]);
  expect(ip.expected).toMatchObject({
    statuses: [201],
    mediaType: 'application/json',
    body: 'resource',
    type: 'ipSecurityProfile',
    truncated: true,
  });
  expect(ip.unusable).toBeUndefined();
  expect(ip.findings.map((finding) => finding.message)).toEqual([
    'URL\'s version segment "localtest" is not a Graph API version (v1.0 or beta): https://graph.microsoft.com/localtest/Security/ipSecurityProfiles',
  ]);

  const update = byPage['update-ipsecurityprofile.md'];
  expect(update.path.prefix).toEqual(['docs', 'api']);
  expect(update.path.segments).toEqual(['Security', 'ipSecurityProfiles', '{ipSecurityProfileId}']);
  expect(update.path.placeholders).toEqual([{ name: 'ipSecurityProfileId', segment: 2, exampleValue: '{ipSecurityProfileId}' }]);
  expect(update.expected.statuses).toEqual([200]);
  expect(update.findings.map((finding) => finding.kind)).toEqual(['url', 'url']);
  expect(update.findings[0].message).toContain('backslash');

  const host = byPage['create-hostsecurityprofiles.md'];
  expect(host.path.prefix).toEqual(['beta']);
  expect(host.expected.example).toMatchObject({ '@odata.type': '#microsoft.graph.hostSecurityProfile' });
  expect(host.findings.map((finding) => `${finding.kind}: ${finding.message}`)).toEqual([
    'http: response: no blank line between the headers and the body',
  ]);
});
