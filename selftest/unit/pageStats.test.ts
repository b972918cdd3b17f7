/**
 * The suite cache knows an unchanged page by its stat (src/contracts/pageStats.ts), as git's index does:
 * it must never take an edited page for an unchanged one. A same-size edit, an edit with the modification
 * time set back, a file replaced by another of the same size and times, and an edit within the "racily
 * clean" window each invalidate; a page that last changed well before the record is not read again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PageStats } from '../../src/contracts/pageStats';
import { checkContracts, loadCachedSuite, SUITE_KEY_ENV } from '../../src/contracts/suiteCache';
import { PROJECT_ROOT } from '../../src/core/projectRoot';

const CONTRACTS = path.join(PROJECT_ROOT, 'contracts');
/** A short racy window, so that pages copied by the test are trusted after a short wait. */
const MARGIN = 200;
const PAGE = 'update-ipsecurityprofile.md';
const NAME = '"name": "update_ipsecurityprofile"';

let base: string;
let dir: string;
let cacheDir: string;
test.beforeEach(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'page-stats-'));
  dir = path.join(base, 'contracts');
  cacheDir = path.join(base, 'cache');
  fs.cpSync(CONTRACTS, dir, { recursive: true });
  await settle();
});
test.afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

/** Waits out the racy window: what changed before now is then trusted by its stat. */
const settle = () => new Promise((resolve) => setTimeout(resolve, MARGIN + 50));
const load = () => loadCachedSuite(dir, { cacheDir, env: {}, racyMarginMs: MARGIN });
const titles = () => load().tests.map((t) => t.title);

/** The page's example renamed to a name of the same length: the file keeps its size. */
function sameSizeEdit(file = path.join(dir, PAGE)): void {
  const text = fs.readFileSync(file, 'utf8');
  const edited = text.replaceAll(NAME, '"name": "update_ipsecurityprofilX"');
  expect(edited.length).toBe(text.length);
  fs.writeFileSync(file, edited);
}

const EDITED = 'update-ipsecurityprofile.md#update_ipsecurityprofilX';

test('an unchanged page is known by its stat: its recorded key is used without reading it', () => {
  load();
  const [record] = fs.readdirSync(path.join(cacheDir, 'stats')).map((file) => path.join(cacheDir, 'stats', file));
  const stats = JSON.parse(fs.readFileSync(record, 'utf8')) as { files: Record<string, unknown[]> };
  expect(Object.keys(stats.files)).toContain(PAGE);
  // A key that no content hashes to: only a load that trusts the stat (and does not read the page) uses it.
  stats.files[PAGE][5] = 'f'.repeat(40);
  fs.writeFileSync(record, JSON.stringify(stats));
  expect(load().source).toBe('pages');
});

test('a same-size edit invalidates', () => {
  expect(load().source).toBe('pages');
  sameSizeEdit();
  expect(titles()).toContain(EDITED);
});

/** An hour ago, in whole seconds: a time that setting it back restores exactly. */
const HOUR_AGO = Math.floor(Date.now() / 1000) - 3600;

test('a same-size edit with the modification time set back invalidates (the change time moved)', async () => {
  const file = path.join(dir, PAGE);
  fs.utimesSync(file, HOUR_AGO, HOUR_AGO);
  await settle();
  load();
  sameSizeEdit();
  fs.utimesSync(file, HOUR_AGO, HOUR_AGO);
  await settle();
  expect(fs.statSync(file).mtimeMs).toBe(HOUR_AGO * 1000);
  expect(titles()).toContain(EDITED);
});

test('a page replaced by another file of the same size and times invalidates', async () => {
  const file = path.join(dir, PAGE);
  fs.utimesSync(file, HOUR_AGO, HOUR_AGO);
  await settle();
  load();
  const other = path.join(base, 'other.md');
  fs.copyFileSync(file, other);
  sameSizeEdit(other);
  fs.utimesSync(other, HOUR_AGO, HOUR_AGO);
  fs.renameSync(other, file);
  await settle();
  expect(titles()).toContain(EDITED);
});

test('a same-size edit of a linked type page outside the folder invalidates', async () => {
  const quirks = path.join(base, 'quirks');
  fs.cpSync(path.join(PROJECT_ROOT, 'fixtures', 'pages', 'quirks'), quirks, { recursive: true });
  await settle();
  const api = path.join(quirks, 'api');
  const loadApi = () => loadCachedSuite(api, { cacheDir, env: {}, racyMarginMs: MARGIN });
  const widget = () => [...(loadApi().registry.get('widget')?.properties.keys() ?? [])];
  expect(widget()).toContain('ratio');
  expect(loadApi().source).toBe('cache');
  const file = path.join(quirks, 'resources', 'widget.md');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('|ratio|Double|', '|ratiO|Double|'));
  expect(widget()).toEqual(expect.arrayContaining(['ratiO']));
  expect(widget()).not.toContain('ratio');
});

test('the runner check reads a page again only when its stat changed, and hands the key on', async () => {
  const suite = load();
  const env: NodeJS.ProcessEnv = {};
  checkContracts(dir, { cacheDir, env, racyMarginMs: MARGIN });
  const [pid, folder] = (env[SUITE_KEY_ENV] ?? '').split('\n');
  expect([Number(pid), folder]).toEqual([process.pid, path.resolve(dir)]);
  // This process is the runner: its specs read the index the check found.
  expect(loadCachedSuite(dir, { cacheDir, env }).tests).toEqual(suite.tests);
  sameSizeEdit();
  await settle();
  const after: NodeJS.ProcessEnv = {};
  checkContracts(dir, { cacheDir, env: after, racyMarginMs: MARGIN });
  // No suite for the edited pages yet: the check builds it (the pages it just read are not read again) and
  // hands its key on; this process's specs take that suite as built.
  const [, , key] = (after[SUITE_KEY_ENV] ?? '').split('\n');
  expect(key).not.toBe((env[SUITE_KEY_ENV] ?? '').split('\n')[2]);
  const specs = loadCachedSuite(dir, { cacheDir, env: after });
  expect([specs.source, specs.key]).toEqual(['pages', key]);
  expect(specs.tests.map((t) => t.title)).toContain(EDITED);
});

test.describe('PageStats', () => {
  const stat = (changes: Partial<fs.Stats> = {}) =>
    ({ size: 10, mtimeMs: 1_000, ctimeMs: 1_000, ino: 7, dev: 1, isFile: () => true, ...changes }) as fs.Stats;
  const recorded = (trustedBefore: number) => ({ format: 1, trustedBefore, files: { 'a.md': [10, 1_000, 1_000, 7, 1, 'key-a'] } });

  test('trusts a recorded stat that last changed before the record', () => {
    expect(new PageStats(recorded(1_001)).trustedKey('a.md', stat())).toBe('key-a');
  });

  test('any difference in size, times, inode or device is a changed page', () => {
    const stats = new PageStats(recorded(5_000));
    for (const changes of [{ size: 11 }, { mtimeMs: 999 }, { ctimeMs: 1_001 }, { ino: 8 }, { dev: 2 }]) {
      expect(stats.trustedKey('a.md', stat(changes))).toBeUndefined();
    }
    expect(stats.trustedKey('b.md', stat())).toBeUndefined();
  });

  test('a stat recorded at or after the record began is racily clean: never trusted', () => {
    expect(new PageStats(recorded(1_000)).trustedKey('a.md', stat())).toBeUndefined();
    expect(new PageStats(recorded(999)).trustedKey('a.md', stat())).toBeUndefined();
  });

  test('a new record trusts what was read only up to the margin before it began', () => {
    const before = Date.now();
    const stats = new PageStats(undefined, 1_000);
    stats.record('a.md', stat(), 'key-a');
    const json = stats.toJSON();
    expect(json.trustedBefore).toBeGreaterThanOrEqual(before - 1_000);
    expect(json.trustedBefore).toBeLessThanOrEqual(Date.now() - 1_000);
    expect(json.files).toEqual({ 'a.md': [10, 1_000, 1_000, 7, 1, 'key-a'] });
    expect(stats.changed).toBe(true);
  });

  test('a corrupt record trusts nothing', () => {
    for (const json of [
      undefined,
      {},
      { format: 1, trustedBefore: 'x', files: {} },
      { format: 1, trustedBefore: 5_000, files: { 'a.md': [1] } },
    ]) {
      expect(new PageStats(json).trustedKey('a.md', stat())).toBeUndefined();
    }
  });
});
