/**
 * The suite cache: what reading a contracts folder produces (the parsed pages, the type registry, each
 * test's title), kept on disk so that a Playwright worker does not parse thousands of pages again.
 *
 *   pages/<page key>.json      one parsed page; key = hash(suite version, file, content): a changed page
 *                              re-parses that page only
 *   suites/<suite key>.json    the test index: titles, findings, skip reasons, which page each test reads;
 *                              key = hash(suite version, every page's key)
 *   suites/<suite key>.registry.json   the type registry, read when a test first needs a schema
 *   suites/<suite key>.<name>-<code key>.json   an index derived by a higher layer (`derived`: the
 *                              negative tests); code key = hash of the deriving code's source
 *   stats/<folder key>.json    each page file's stat and key (pageStats.ts): an unchanged page is known
 *                              without reading it; key = hash(suite version, folder, user)
 *
 * The suite version hashes the source that turns pages into the suite (src/docs, src/contracts, src/edm,
 * src/core) and package.json's version: changing the parser invalidates everything. Files are written
 * to a temporary name in the same folder and renamed, so a reader never sees half a file; a file that
 * cannot be read or parsed is ignored and rebuilt. The runner (playwright.config.ts, `checkContracts`)
 * checks the pages and hands the suite key to its own specs and its workers (SUITE_KEY_ENV, with its pid
 * and folder), which then read only the index and, test by test, the pages and registry they use.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding, Page } from '../docs/model';
import { buildContractExample, type ContractExample } from './contractExample';
import {
  buildSuite,
  keepToTheApi,
  collectionKey,
  createsIn,
  linkedTypeFolders,
  listPages,
  readPage,
  readPageSource,
  readRequiredSource,
  readTypePage,
  typePageFiles,
  type PageSource,
  type Suite,
} from './loadContracts';
import { PageStats } from './pageStats';
import { TypeRegistry, type SerialisedRegistry } from './typeRegistry';
import { PROJECT_ROOT } from '../core/projectRoot';

/** Bumped when the layout of the cache files changes. */
const FORMAT = 2;
/** Where the runner tells its workers which suite it listed: `<runner pid>\n<folder>\n<suite key>`. */
export const SUITE_KEY_ENV = 'GRAPH_DOC_CONTRACTS_SUITE';
/** The source folders whose code decides what a page parses to. */
const SOURCE_FOLDERS = ['src/docs', 'src/contracts', 'src/edm', 'src/core'];

export interface CacheOptions {
  /** Default: CONTRACTS_CACHE_DIR, else node_modules/.cache/graph-doc-contracts, else (not writable) the temp folder. */
  cacheDir?: string;
  /** Default: process.env (read for the runner's suite key, written with it). */
  env?: NodeJS.ProcessEnv;
  /** Default: suiteVersion(). */
  version?: string;
  /** How long before a load a page must have last changed to be known by its stat (pageStats.ts); tests shorten it. */
  racyMarginMs?: number;
}

interface PageRef {
  file: string;
  key: string;
}

interface TestEntry {
  title: string;
  findings: Finding[];
  /** Index into `pages`, and of the pair in the page's examples. */
  page: number;
  pair: number;
  /** The collection the example creates resources in, when it is a documented create. */
  creates?: string;
  /** Pairs of the same page answering the same request (the test passes on any of them). */
  alternatives?: number[];
}

interface SuiteIndex {
  format: number;
  pages: PageRef[];
  /** Linked folders of type pages, relative to the contracts folder, and their pages. */
  typeFolders: string[];
  typePages: PageRef[];
  tests: TestEntry[];
  emptyPages: { file: string; reason: string }[];
  /** The hosts of the documented API (an example on another is opaque). */
  apiHosts: string[];
}

const hash = (...parts: (string | Buffer)[]): string => {
  const digest = crypto.createHash('sha256');
  for (const part of parts) digest.update(part).update('\0');
  return digest.digest('hex').slice(0, 40);
};

let cachedVersion: string | undefined;

/** Hash of the code that reads pages and of package.json's version: a new parser never reads old pages. */
export function suiteVersion(): string {
  if (cachedVersion) return cachedVersion;
  const digest = crypto.createHash('sha256');
  digest.update(`format ${FORMAT}\0`);
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version?: string };
  digest.update(`version ${pkg.version}\0`);
  hashSources(digest, SOURCE_FOLDERS);
  return (cachedVersion = digest.digest('hex').slice(0, 40));
}

/** Feeds every TypeScript file under `folders` (relative to the project root), name and content, to `digest`. */
function hashSources(digest: crypto.Hash, folders: readonly string[]): void {
  for (const folder of folders) {
    const root = path.join(PROJECT_ROOT, folder);
    for (const file of (fs.readdirSync(root, { recursive: true }) as string[]).filter((name) => name.endsWith('.ts')).sort()) {
      digest.update(`${folder}/${file}\0`).update(fs.readFileSync(path.join(root, file))).update('\0');
    }
  }
}

/** Hash of the code that derives something from the suite (src/negative): a derived index is rebuilt when it changes. */
function sourcesVersion(folders: readonly string[]): string {
  const digest = crypto.createHash('sha256');
  hashSources(digest, folders);
  return digest.digest('hex').slice(0, 40);
}

export function defaultCacheDir(): string {
  const preferred = path.join(PROJECT_ROOT, 'node_modules', '.cache', 'graph-doc-contracts');
  try {
    fs.mkdirSync(preferred, { recursive: true });
    fs.accessSync(preferred, fs.constants.W_OK);
    return preferred;
  } catch {
    return path.join(os.tmpdir(), 'graph-doc-contracts-cache');
  }
}

/** Refuses what JSON would silently change (NaN → null, -0 → 0, a hole → null): such a page is not cached. */
function exactJson(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, _key, item: unknown) {
    if (typeof item === 'number' && (!Number.isFinite(item) || Object.is(item, -0))) throw new Error('not JSON-exact');
    if (item === undefined && Array.isArray(this)) throw new Error('not JSON-exact');
    return item;
  });
}

/** Atomic write: a temporary file beside the target, renamed over it. Failures only mean no cache. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

class CacheFiles {
  constructor(private readonly root: string) {}
  page = (key: string) => path.join(this.root, 'pages', `${key}.json`);
  index = (key: string) => path.join(this.root, 'suites', `${key}.json`);
  registry = (key: string) => path.join(this.root, 'suites', `${key}.registry.json`);
  derived = (key: string, name: string, version: string) => path.join(this.root, 'suites', `${key}.${name}-${version}.json`);
  /** The page stats of one folder, for one suite version and one user (who may read what). */
  stats = (dir: string, version: string) => path.join(this.root, 'stats', `${hash(version, path.resolve(dir), String(process.getuid?.()))}.json`);
}

/** A page's cache key, and its content when it was read for that (else the stats vouched for the key). */
interface PageRead {
  ref: PageRef;
  source?: PageSource;
}

/**
 * A page's cache key: from its stat when the recorded stats trust it, else from its content (read here).
 * A page that cannot be read (permissions) is a ContractsError when `required`; a type page that cannot
 * is only one page fewer to read types from.
 */
function readRef(dir: string, file: string, version: string, stats: PageStats, required: boolean): PageRead {
  const filePath = pagePath(dir, file);
  const stat = statOf(filePath);
  const trusted = stat && stats.trustedKey(file, stat);
  if (trusted) return { ref: { file, key: trusted } };
  const source = required ? readRequiredSource(filePath, file) : optionalSource(filePath);
  if (!source) return { ref: { file, key: hash(version, file, 'unreadable') } };
  const key = hash(version, file, 'text' in source ? source.text : `\0unreadable\0${source.problem}`);
  if (stat) stats.record(file, stat, key);
  return { ref: { file, key }, source };
}

/**
 * Where a page is: the folder and the file joined by hand for the thousands of pages in it (path.join cost
 * more than their stats); a type page outside it (`../resources/x.md`) is joined as readTypePage joins it.
 */
function pagePath(dir: string, file: string): string {
  return file.startsWith('..') || path.isAbsolute(file) ? path.join(dir, file) : `${dir}${path.sep}${file}`;
}

function optionalSource(filePath: string): PageSource | undefined {
  try {
    return readPageSource(filePath);
  } catch {
    return undefined;
  }
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined; // a link that leads nowhere: read, to say why
  }
}

function suiteKey(version: string, pages: readonly PageRef[]): string {
  return hash(version, ...pages.map((page) => page.key));
}

/** Whether the type pages the index read are still those on disk (same folders' files, same content). */
function typePagesUnchanged(dir: string, index: SuiteIndex, version: string, stats: PageStats): boolean {
  try {
    const files = typePageFiles(dir, index.typeFolders.map((folder) => path.resolve(dir, folder)));
    if (files.length !== index.typePages.length) return false;
    return files.every((file, i) => index.typePages[i].file === file && readRef(dir, file, version, stats, false).ref.key === index.typePages[i].key);
  } catch {
    return false;
  }
}

function isIndex(value: unknown): value is SuiteIndex {
  const index = value as SuiteIndex | undefined;
  return index?.format === FORMAT && Array.isArray(index.pages) && Array.isArray(index.tests) && Array.isArray(index.emptyPages) && Array.isArray(index.typePages) && Array.isArray(index.apiHosts);
}

/**
 * The suite as the specs and fixtures use it: every test's title cheaply, and each example, the type
 * registry and the create examples built when first asked for (from the cache, else from the pages).
 */
export class CachedSuite {
  private registryValue?: TypeRegistry;
  private readonly pageValues = new Map<number, Page>();
  private readonly exampleValues = new Map<number, ContractExample>();
  /** Where the test index came from: the cache, or the pages (parsed in this process). */
  readonly source: 'cache' | 'pages';

  constructor(
    readonly dir: string,
    private readonly index: SuiteIndex,
    private readonly files: CacheFiles,
    private readonly key: string,
    built?: Suite,
  ) {
    this.source = built ? 'pages' : 'cache';
    if (built) {
      this.registryValue = built.registry;
      built.pages.forEach((page, i) => this.pageValues.set(i, page));
      built.examples.filter((example) => !example.alternativeOf).forEach((example, i) => this.exampleValues.set(i, example));
    }
  }

  /** One entry per documented example, in suite order: its test title and document findings. */
  get tests(): readonly { title: string; findings: Finding[] }[] {
    return this.index.tests;
  }

  /** Operation pages with nothing to replay, and why. */
  get emptyPages(): readonly { file: string; reason: string }[] {
    return this.index.emptyPages;
  }

  get registry(): TypeRegistry {
    if (!this.registryValue) {
      const defs = readJson<SerialisedRegistry>(this.files.registry(this.key));
      this.registryValue = Array.isArray(defs) ? TypeRegistry.fromJSON(defs) : this.rebuiltRegistry();
    }
    return this.registryValue;
  }

  /** The example behind test `i`. */
  example(i: number): ContractExample {
    let example = this.exampleValues.get(i);
    if (!example) {
      const entry = this.index.tests[i];
      const page = this.page(entry.page);
      // Built as buildSuite builds it: the folder's API hosts, the alternative responses, the test's title.
      const build = (pair: number) => {
        const built = buildContractExample(page, page.examples[pair], this.registry);
        keepToTheApi(built, this.index.apiHosts);
        return built;
      };
      example = build(entry.pair);
      example.title = entry.title;
      if (entry.alternatives) {
        example.alternatives = entry.alternatives.map(build);
        for (const other of example.alternatives) other.alternativeOf = entry.title;
      }
      this.exampleValues.set(i, example);
    }
    return example;
  }

  /**
   * An index derived from this suite by code of a higher layer (the negative project's tests), cached beside
   * the suite's index: keyed on the suite and on the source of `sourceFolders`, the code that derives it.
   * `parse` returns undefined for what it does not recognise (a corrupt file), which is then built again.
   * Built at most once per suite and code by the first process that needs it; later ones only read it.
   */
  derived<T>(name: string, sourceFolders: readonly string[], parse: (json: unknown) => T | undefined, build: () => T): T {
    const file = this.files.derived(this.key, name, sourcesVersion(sourceFolders));
    const cached = parse(readJson<unknown>(file));
    if (cached !== undefined) return cached;
    const built = build();
    writeAtomically(file, JSON.stringify(built));
    return built;
  }

  findCreateExample(collectionSegments: readonly string[], type?: string): ContractExample | undefined {
    const key = collectionKey(collectionSegments);
    const creates = this.index.tests.flatMap((entry, i) => (entry.creates === key ? [i] : []));
    // Built one by one until the wanted type turns up (most collections have one create), as preferType picks.
    const wanted = type?.toLowerCase();
    const found = creates.find((i) => wanted !== undefined && this.example(i).expected.type?.toLowerCase() === wanted) ?? creates[0];
    return found === undefined ? undefined : this.example(found);
  }

  private page(i: number): Page {
    let page = this.pageValues.get(i);
    if (!page) {
      const ref = this.index.pages[i];
      page = readJson<Page>(this.files.page(ref.key)) ?? readPage(this.dir, ref.file);
      this.pageValues.set(i, page);
    }
    return page;
  }

  /** The cache lost the registry (deleted mid-run): build it again from the pages, as the runner did. */
  private rebuiltRegistry(): TypeRegistry {
    const pages = this.index.pages.map((_, i) => this.page(i));
    const typePages = this.index.typePages.map((ref) => readJson<Page>(this.files.page(ref.key)) ?? readTypePage(this.dir, ref.file));
    return buildSuite(this.dir, pages, typePages.filter((page): page is Page => page !== undefined)).registry;
  }
}

function cacheFiles(options: CacheOptions): CacheFiles {
  const env = options.env ?? process.env;
  return new CacheFiles(options.cacheDir ?? (env.CONTRACTS_CACHE_DIR ? path.resolve(env.CONTRACTS_CACHE_DIR) : defaultCacheDir()));
}

/** The pages as they are now: each one's key, the suite key, and the cached index of that suite when there is one. */
interface Checked {
  pages: PageRead[];
  key: string;
  index?: SuiteIndex;
  stats: PageStats;
}

/** Lists the pages and finds each one's key (by its stat, else by reading it): an unreadable page is a ContractsError. */
function checkPages(dir: string, version: string, files: CacheFiles, racyMarginMs?: number): Checked {
  const stats = new PageStats(readJson<unknown>(files.stats(dir, version)), racyMarginMs);
  const pages = listPages(dir).map((file) => readRef(dir, file, version, stats, true));
  const key = suiteKey(version, pages.map((page) => page.ref));
  const index = readJson<unknown>(files.index(key));
  return { pages, key, stats, ...(isIndex(index) && typePagesUnchanged(dir, index, version, stats) ? { index } : {}) };
}

function saveStats(files: CacheFiles, dir: string, version: string, stats: PageStats): void {
  if (stats.changed) writeAtomically(files.stats(dir, version), JSON.stringify(stats));
}

/**
 * The runner's check of a contracts folder, from playwright.config.ts before any test file loads: every
 * page can be read (else a ContractsError naming it), and when the cache holds the suite of these pages,
 * its key is handed on (SUITE_KEY_ENV) so that this process's specs and its workers read the index only.
 * A page is read only when its stat is not the one recorded (see pageStats.ts).
 */
export function checkContracts(dir: string, options: CacheOptions = {}): void {
  const files = cacheFiles(options);
  const version = options.version ?? suiteVersion();
  const checked = checkPages(dir, version, files, options.racyMarginMs);
  saveStats(files, dir, version, checked.stats);
  if (checked.index) handOn(options.env ?? process.env, dir, checked.key);
}

/**
 * The suite of a contracts folder, from the cache when the pages and the code are unchanged, else read
 * and parsed (and cached for the next process). Errors are those of `loadContracts` (no folder, no pages).
 */
export function loadCachedSuite(dir: string, options: CacheOptions = {}): CachedSuite {
  const env = options.env ?? process.env;
  const files = cacheFiles(options);
  const given = keyFromRunner(env, dir);
  if (given) {
    const index = readJson<unknown>(files.index(given));
    if (isIndex(index)) return new CachedSuite(dir, index, files, given);
  }
  const version = options.version ?? suiteVersion();
  const { pages, key, index, stats } = checkPages(dir, version, files, options.racyMarginMs);
  const suite = index ? new CachedSuite(dir, index, files, key) : buildAndStore(dir, pages, key, version, files, stats);
  saveStats(files, dir, version, stats);
  handOn(env, dir, key);
  return suite;
}

function handOn(env: NodeJS.ProcessEnv, dir: string, key: string): void {
  env[SUITE_KEY_ENV] = [process.pid, path.resolve(dir), key].join('\n');
}

/**
 * The suite key the runner computed, when this process is the runner (its config checked the pages) or
 * one of its workers, and reads the same folder.
 */
function keyFromRunner(env: NodeJS.ProcessEnv, dir: string): string | undefined {
  const [pid, folder, key] = (env[SUITE_KEY_ENV] ?? '').split('\n');
  // Only the runner and its own children: a nested `playwright test` (self-tests) reads its own folder afresh.
  const runner = Number(pid) === process.pid || Number(pid) === process.ppid;
  return runner && folder === path.resolve(dir) && /^[0-9a-f]{40}$/.test(key ?? '') ? key : undefined;
}

function cachedPage(files: CacheFiles, ref: PageRef, parse: () => Page | undefined): Page | undefined {
  const hit = readJson<Page>(files.page(ref.key));
  if (hit && hit.file === ref.file) return hit;
  const page = parse();
  if (!page) return undefined;
  try {
    writeAtomically(files.page(ref.key), exactJson(page));
  } catch {
    // Not JSON-exact: this page is parsed every time.
  }
  return page;
}

function buildAndStore(dir: string, read: PageRead[], key: string, version: string, files: CacheFiles, stats: PageStats): CachedSuite {
  const pages = read.map(({ ref, source }) => cachedPage(files, ref, () => readPage(dir, ref.file, source)) as Page);
  const typeFolders = linkedTypeFolders(dir, pages);
  const typeRefs: PageRef[] = [];
  const typePages: Page[] = [];
  for (const file of typePageFiles(dir, typeFolders)) {
    const { ref, source } = readRef(dir, file, version, stats, false);
    const page = cachedPage(files, ref, () => readTypePage(dir, file, source));
    typeRefs.push(ref);
    if (page) typePages.push(page);
  }
  const suite = buildSuite(dir, pages, typePages);
  const pageIndex = new Map(pages.map((page, i) => [page, i]));
  // An alternative response is part of its request's test, no test of its own.
  const tested = suite.examples.filter((example) => !example.alternativeOf);
  const index: SuiteIndex = {
    format: FORMAT,
    pages: read.map(({ ref }) => ref),
    typeFolders: typeFolders.map((folder) => path.relative(path.resolve(dir), folder).split(path.sep).join('/')),
    typePages: typeRefs,
    tests: tested.map((example) => ({
      title: example.title,
      findings: example.findings,
      page: pageIndex.get(example.page) as number,
      pair: example.page.examples.indexOf(example.pair),
      ...(createsIn(example) !== undefined ? { creates: createsIn(example) } : {}),
      ...(example.alternatives ? { alternatives: example.alternatives.map((other) => example.page.examples.indexOf(other.pair)) } : {}),
    })),
    emptyPages: suite.emptyPages.map(({ page, reason }) => ({ file: page.file, reason })),
    apiHosts: suite.apiHosts,
  };
  // The registry first: an index on disk promises that its registry is there too.
  writeAtomically(files.registry(key), JSON.stringify(suite.registry));
  writeAtomically(files.index(key), JSON.stringify(index));
  return new CachedSuite(dir, index, files, key, suite);
}
