/**
 * The documented side of the coverage (src/contracts/coverage.ts): the distinct requests the pages'
 * "HTTP request" sections document and those no example sends, on real pages and on a suite's cache.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../src/config';
import { documentedCoverage, suiteCoverage } from '../../src/contracts/coverage';
import { listPages, readPage } from '../../src/contracts/loadContracts';
import { loadCachedSuite } from '../../src/contracts/suiteCache';
import type { Page } from '../../src/docs/model';

const DOCUMENTED = path.join(PROJECT_ROOT, 'fixtures', 'pages', 'documented', 'api');

/** A page as far as the coverage reads it: its request templates and its examples' requests. */
const page = (file: string, templates: [string | undefined, string][], requests: [string, string][]): Page =>
  ({
    file,
    templates: templates.map(([method, templatePath], line) => ({ ...(method ? { method } : {}), path: templatePath, line })),
    examples: requests.map(([method, url], i) => ({ name: `e${i}`, request: { method, url, line: i, annotation: {}, headers: [] } })),
  }) as unknown as Page;

test('each documented request counts once; an example of any page sends it; placeholders and case do not make another', () => {
  const coverage = documentedCoverage(
    [
      page(
        'user-get.md',
        [
          ['GET', '/users/{id}'],
          ['GET', '/me'],
        ],
        [['GET', 'https://graph.microsoft.com/v1.0/me']],
      ),
      // Another page documents /users/{userId} (the same request) and sends it.
      page('user-get-2.md', [['GET', '/Users/{userId}']], [['GET', 'https://graph.microsoft.com/v1.0/users/42']]),
      page('user-update.md', [['PATCH', '/users/{id}']], []),
      // A URL found on a GET template does not send the POST the page documents, nor the GET.
      page('user-post.md', [['POST', '/users']], [['PUT', '/users']]),
      page('no-template.md', [], [['GET', '/x']]),
    ],
    5,
  );
  expect(coverage).toEqual({
    operations: 4,
    withoutExample: 2,
    examples: 5,
    pages: [
      { page: 'user-get-2.md', operations: 1, withoutExample: [] },
      { page: 'user-get.md', operations: 2, withoutExample: [] },
      { page: 'user-post.md', operations: 1, withoutExample: ['POST /users'] },
      { page: 'user-update.md', operations: 1, withoutExample: ['PATCH /users/{id}'] },
    ],
  });
});

test('real pages: the aliases a page documents beside the path its example uses are requests no example sends', () => {
  const pages = listPages(DOCUMENTED).map((file) => readPage(DOCUMENTED, file));
  const coverage = documentedCoverage(pages, 0);
  const userGet = coverage.pages.find((p) => p.page === 'user-get.md');
  expect(userGet).toEqual({ page: 'user-get.md', operations: 2, withoutExample: [] });
  const events = coverage.pages.find((p) => p.page === 'user-list-events.md')!;
  expect(events.operations).toBe(8);
  expect(events.withoutExample).toContain('GET /me/calendar/events');
  expect(events.withoutExample).not.toContain('GET /me/events');
  expect(coverage.operations).toBeGreaterThan(coverage.withoutExample);
  expect(coverage.withoutExample).toBe(coverage.pages.reduce((sum, p) => sum + p.withoutExample.length, 0));
});

test('from the suite cache: computed once per suite, then read back', () => {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'coverage-cache-'));
  try {
    const contracts = path.join(PROJECT_ROOT, 'contracts');
    const first = suiteCoverage(loadCachedSuite(contracts, { cacheDir, env: {} }));
    expect(first).toMatchObject({ operations: 5, withoutExample: 0, examples: 5 });
    const stored = fs.readdirSync(path.join(cacheDir, 'suites')).filter((name) => name.includes('.coverage-'));
    expect(stored).toHaveLength(1);
    // A corrupt file is rebuilt, never an error.
    fs.writeFileSync(path.join(cacheDir, 'suites', stored[0]), '{"operations": "many"}');
    expect(suiteCoverage(loadCachedSuite(contracts, { cacheDir, env: {} }))).toEqual(first);
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});
