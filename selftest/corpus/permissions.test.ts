/**
 * The permissions tables of the whole v1.0 reference (../shared/corpus, not shipped to users): read without an
 * exception on every page, a usable table on at least as many operation pages as the survey counted (2,096 of
 * 2,102 in 2021, less a margin of a few pages), every row's line a table row of its page, and the decisions
 * computed for every page and token kind without an exception. Prints the figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { buildSuite, listPages, readPage } from '../../src/contracts/loadContracts';
import { permissionsRootCause, permissionsSkipReason } from '../../src/contracts/permissions';
import { TOKEN_KINDS } from '../../src/config';
import type { Page } from '../../src/docs/model';
import { PROJECT_ROOT } from '../../src/core/projectRoot';

const V1 = path.resolve(PROJECT_ROOT, '..', 'shared', 'corpus', 'graph-docs-v1.0');
const API = path.join(V1, 'api');

test.skip(!fs.existsSync(API), `the real-world corpus is not in this checkout (${API}): nothing to measure`);

/** Operation pages with a usable permissions table in the 2021 v1.0 reference, as surveyed: 2,096 of 2,102. */
const SURVEYED_USABLE = 2096;
const MARGIN = 5;

test('the v1.0 permissions tables: read on every operation page that has one, at the right lines, decided without an exception', () => {
  const pages = listPages(API).map((file) => readPage(API, file));
  const crashed = pages.filter((page) => page.findings.some((finding) => finding.kind === 'parser-error'));
  expect(crashed.map((page) => `${page.file}: ${page.findings[0].message}`)).toEqual([]);

  const suite = buildSuite(API, pages);
  const operations = new Set<Page>(suite.examples.map((example) => example.page));
  for (const { page } of suite.emptyPages) if (!page.unreadable) operations.add(page);
  const usable = [...operations].filter((page) => page.permissions?.rows.length);
  const without = [...operations].filter((page) => !page.permissions?.rows.length);

  // Every row read, and every row left unread, is a pipe-table row of its page at the line given.
  const misplaced: string[] = [];
  for (const page of usable) {
    const lines = fs.readFileSync(path.join(API, page.file), 'utf8').split(/\r?\n/);
    for (const { line } of [...page.permissions!.rows, ...(page.permissions!.unread ?? [])]) {
      if (!lines[line - 1]?.trim().startsWith('|')) misplaced.push(`${page.file}:${line}`);
    }
  }
  expect(misplaced).toEqual([]);

  // The decisions, for every operation page and token kind, never throw; count what each kind would skip.
  // (One expect at the end: Playwright makes each expect a step, and 6,000 of them cost half a minute.)
  const unsaid: string[] = [];
  const skipped = TOKEN_KINDS.map((tokenKind) => {
    let count = 0;
    for (const page of operations) {
      if (permissionsSkipReason(page, { tokenKind, grantedPermissions: undefined })) count++;
      const said = permissionsRootCause(
        page,
        { tokenKind, grantedPermissions: ['User.Read'] },
        { status: 403, statusText: '', json: undefined },
      );
      if (!said?.startsWith('403 Forbidden: ')) unsaid.push(`${page.file} (${tokenKind}): ${said}`);
    }
    return `${tokenKind} ${count}`;
  });
  expect(unsaid).toEqual([]);

  const rows = usable.flatMap((page) => page.permissions!.rows);
  const numbers = [
    `operation pages: ${operations.size}; with a usable permissions table: ${usable.length}; without: ${without.length}`,
    `  without: ${without.map((page) => page.file).join(', ')}`,
    `rows: ${rows.length} (${rows.filter((row) => row.permissions === 'not-supported').length} not supported, ` +
      `${rows.filter((row) => Array.isArray(row.permissions) && !row.permissions.length).length} "None", ` +
      `${rows.filter((row) => row.qualified).length} qualified, ${rows.filter((row) => row.scope).length} scoped); ` +
      `unread: ${usable.reduce((sum, page) => sum + (page.permissions!.unread?.length ?? 0), 0)}`,
    `operation pages skipped per token kind: ${skipped.join(', ')}`,
  ].join('\n');
  console.log(numbers);
  test.info().annotations.push({ type: 'permissions numbers', description: numbers });

  expect(usable.length).toBeGreaterThanOrEqual(SURVEYED_USABLE - MARGIN);
});
