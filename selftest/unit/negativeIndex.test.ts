/**
 * The negative project's test index in the suite cache: the same tests, in the same order, as deriving
 * every example; read from the cache on a second load; rebuilt when a page changes or the file is corrupt;
 * and NEGATIVE_SEED changes the values a test sends, never the index (so a fresh seed per run reuses it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { loadContracts } from '../../src/contracts/loadContracts';
import { loadCachedSuite } from '../../src/contracts/suiteCache';
import { deriveBadRequests } from '../../src/negative/badRequests';
import { badRequest, negativeTests } from '../../src/negative/negativeIndex';
import { PROJECT_ROOT } from '../../src/core/projectRoot';

const CONTRACTS = path.join(PROJECT_ROOT, 'contracts');

let base: string;
let dir: string;
let cacheDir: string;
test.beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'negative-index-'));
  dir = path.join(base, 'contracts');
  cacheDir = path.join(base, 'cache');
  fs.cpSync(CONTRACTS, dir, { recursive: true });
});
test.afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

const load = () => loadCachedSuite(dir, { cacheDir, env: {} });

/** The titles the negative spec declared before the index: every example's bad requests, derived. */
function derivedTitles(seed = ''): string[] {
  const suite = loadContracts(dir);
  return suite.examples.flatMap((example) => deriveBadRequests(example, suite.registry, seed).map((bad) => bad.title));
}

/** The cached negative index file: there is one per suite and code version. */
function indexFile(): string {
  const files = fs.readdirSync(path.join(cacheDir, 'suites')).filter((file) => file.includes('.negative-'));
  expect(files).toHaveLength(1);
  return path.join(cacheDir, 'suites', files[0]);
}

/** Marks the cached index's first test: a load that shows the mark read the cache, one that does not rebuilt it. */
function markCachedIndex(): void {
  const file = indexFile();
  const entries = JSON.parse(fs.readFileSync(file, 'utf8')) as [number, string[]][];
  entries[0][1][0] = MARK;
  fs.writeFileSync(file, JSON.stringify(entries));
}

const MARK = 'marked in the cache';
const isMarked = (title: string) => title.endsWith(` › ${MARK}`);

test('the index lists the derived tests in order, and a second load reads it from the cache', () => {
  const first = negativeTests(load()).map((t) => t.title);
  expect(first).toEqual(derivedTitles());
  expect(first.length).toBeGreaterThan(20);
  markCachedIndex();
  expect(isMarked(negativeTests(load())[0].title)).toBe(true);
});

test('each test derives its own bad request, the one the spec used to build up front', () => {
  const suite = load();
  const built = loadContracts(dir);
  const expected = built.examples.flatMap((example) => deriveBadRequests(example, built.registry, 'seed-1'));
  const fromIndex = negativeTests(suite).map((entry) => badRequest(suite, entry, 'seed-1'));
  expect(JSON.parse(JSON.stringify(fromIndex))).toEqual(JSON.parse(JSON.stringify(expected)));
});

test('NEGATIVE_SEED changes the values a test sends, not the index', () => {
  // The index is not keyed on the seed: this holds it to that (were titles to depend on the seed, it would have to be).
  expect(derivedTitles('seed-1')).toEqual(derivedTitles('seed-2'));
  const suite = load();
  const entries = negativeTests(suite);
  const marked = entries.find((entry) => entry.title.endsWith('countHits: Int32 as a string'))!;
  const [one, two] = ['seed-1', 'seed-2'].map((seed) => badRequest(suite, marked, seed));
  expect(one.probe).toMatchObject({ kind: 'marker' });
  expect(one.probe).not.toEqual(two.probe);
  const example = suite.example(marked.example);
  expect(two.probe).toEqual(deriveBadRequests(example, suite.registry, 'seed-2')[marked.derivation].probe);
  // Rebuilt with the new seed's values from the same cached index.
  expect(negativeTests(load())).toEqual(entries);
});

test('a changed page invalidates the index: its new tests are listed', () => {
  negativeTests(load());
  markCachedIndex();
  const file = path.join(dir, 'update-ipsecurityprofile.md');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('"name": "update_ipsecurityprofile"', '"name": "renamed_example"'));
  const titles = negativeTests(load()).map((t) => t.title);
  expect(titles.some(isMarked)).toBe(false);
  expect(titles).toContain('update-ipsecurityprofile.md#renamed_example › no Authorization header');
  expect(titles).toEqual(derivedTitles());
});

test('a corrupt index is ignored and rebuilt', () => {
  negativeTests(load());
  const expected = derivedTitles();
  for (const corrupt of ['', '[[0, [1]]]', '[[99999, ["x"]]]', '[{"title": "x", "example": 0, "derivation": 0}]', '{}']) {
    fs.writeFileSync(indexFile(), corrupt);
    expect(negativeTests(load()).map((t) => t.title)).toEqual(expected);
  }
});

test('an index out of step with its example is an error, not a wrong request', () => {
  const suite = load();
  const [entry] = negativeTests(suite);
  expect(() => badRequest(suite, { ...entry, derivation: entry.derivation + 1 }, '')).toThrow(/negative test index out of step/);
});
