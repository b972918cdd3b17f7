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
 *
 * The suite version hashes the source that turns pages into the suite (src/docs, src/contracts, src/edm,
 * src/core) and package.json's version: changing the parser invalidates everything. Files are written
 * to a temporary name in the same folder and renamed, so a reader never sees half a file; a file that
 * cannot be read or parsed is ignored and rebuilt. The runner checks the pages' content and hands the
 * suite key to its workers (SUITE_KEY_ENV, with its pid and folder), which then read only the index and,
 * test by test, the pages and registry they use.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding, Page } from '../docs/model';
import { buildContractExample, type ContractExample } from './contractExample';
import { buildSuite, collectionKey, createsIn, linkedTypeFolders, listPages, readPage, readPageSource, readTypePage, typePageFiles, type PageSource, type Suite } from './loadContracts';
import { TypeRegistry, type SerialisedRegistry } from './typeRegistry';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/** Bumped when the layout of the cache files changes. */
const FORMAT = 1;
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
}

interface SuiteIndex {
  format: number;
  pages: PageRef[];
  /** Linked folders of type pages, relative to the contracts folder, and their pages. */
  typeFolders: string[];
  typePages: PageRef[];
  tests: TestEntry[];
  emptyPages: { file: string; reason: string }[];
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
}

/** A page's cache key from its content (read here), or undefined when it cannot be read. */
function pageRef(dir: string, file: string, version: string): { ref: PageRef; source: PageSource } | undefined {
  let source: PageSource;
  try {
    source = readPageSource(path.join(dir, file));
  } catch {
    return undefined;
  }
  return { ref: { file, key: hash(version, file, 'text' in source ? source.text : `\0unreadable\0${source.problem}`) }, source };
}

function suiteKey(version: string, pages: readonly PageRef[]): string {
  return hash(version, ...pages.map((page) => page.key));
}

/** Whether the type pages the index read are still those on disk (same folders' files, same content). */
function typePagesUnchanged(dir: string, index: SuiteIndex, version: string): boolean {
  try {
    const files = typePageFiles(dir, index.typeFolders.map((folder) => path.resolve(dir, folder)));
    if (files.length !== index.typePages.length) return false;
    return files.every((file, i) => index.typePages[i].file === file && pageRef(dir, file, version)?.ref.key === index.typePages[i].key);
  } catch {
    return false;
  }
}

function isIndex(value: unknown): value is SuiteIndex {
  const index = value as SuiteIndex | undefined;
  return index?.format === FORMAT && Array.isArray(index.pages) && Array.isArray(index.tests) && Array.isArray(index.emptyPages) && Array.isArray(index.typePages);
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
      built.examples.forEach((example, i) => this.exampleValues.set(i, example));
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
      example = buildContractExample(this.page(entry.page), this.page(entry.page).examples[entry.pair], this.registry);
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

  findCreateExample(collectionSegments: readonly string[]): ContractExample | undefined {
    const key = collectionKey(collectionSegments);
    const i = this.index.tests.findIndex((entry) => entry.creates === key);
    return i < 0 ? undefined : this.example(i);
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

/**
 * The suite of a contracts folder, from the cache when the pages and the code are unchanged, else read
 * and parsed (and cached for the next process). Errors are those of `loadContracts` (no folder, no pages).
 */
export function loadCachedSuite(dir: string, options: CacheOptions = {}): CachedSuite {
  const env = options.env ?? process.env;
  const files = new CacheFiles(options.cacheDir ?? (env.CONTRACTS_CACHE_DIR ? path.resolve(env.CONTRACTS_CACHE_DIR) : defaultCacheDir()));
  const given = keyFromRunner(env, dir);
  if (given) {
    const index = readJson<unknown>(files.index(given));
    if (isIndex(index)) return new CachedSuite(dir, index, files, given);
  }
  const version = options.version ?? suiteVersion();
  const read = listPages(dir).map((file) => pageRef(dir, file, version) ?? { ref: { file, key: hash(version, file, 'unreadable') }, source: undefined });
  const key = suiteKey(version, read.map((page) => page.ref));
  const cached = readJson<unknown>(files.index(key));
  const suite =
    isIndex(cached) && typePagesUnchanged(dir, cached, version)
      ? new CachedSuite(dir, cached, files, key)
      : buildAndStore(dir, read, key, version, files);
  env[SUITE_KEY_ENV] = [process.pid, path.resolve(dir), key].join('\n');
  return suite;
}

/** The suite key the runner computed, when this process is one of its workers and reads the same folder. */
function keyFromRunner(env: NodeJS.ProcessEnv, dir: string): string | undefined {
  const [pid, folder, key] = (env[SUITE_KEY_ENV] ?? '').split('\n');
  // Only the runner's own children: a nested `playwright test` (self-tests) reads its own folder afresh.
  return Number(pid) === process.ppid && folder === path.resolve(dir) && /^[0-9a-f]{40}$/.test(key ?? '') ? key : undefined;
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

function buildAndStore(dir: string, read: { ref: PageRef; source?: PageSource }[], key: string, version: string, files: CacheFiles): CachedSuite {
  const pages = read.map(({ ref, source }) => (source === undefined ? readPage(dir, ref.file) : (cachedPage(files, ref, () => readPage(dir, ref.file, source)) as Page)));
  const typeFolders = linkedTypeFolders(dir, pages);
  const typeRefs: PageRef[] = [];
  const typePages: Page[] = [];
  for (const file of typePageFiles(dir, typeFolders)) {
    const found = pageRef(dir, file, version);
    const page = found && cachedPage(files, found.ref, () => readTypePage(dir, file, found.source));
    typeRefs.push(found?.ref ?? { file, key: hash(version, file, 'unreadable') });
    if (page) typePages.push(page);
  }
  const suite = buildSuite(dir, pages, typePages);
  const pageIndex = new Map(pages.map((page, i) => [page, i]));
  const index: SuiteIndex = {
    format: FORMAT,
    pages: read.map(({ ref }) => ref),
    typeFolders: typeFolders.map((folder) => path.relative(path.resolve(dir), folder).split(path.sep).join('/')),
    typePages: typeRefs,
    tests: suite.examples.map((example) => ({
      title: example.title,
      findings: example.findings,
      page: pageIndex.get(example.page) as number,
      pair: example.page.examples.indexOf(example.pair),
      ...(createsIn(example) !== undefined ? { creates: createsIn(example) } : {}),
    })),
    emptyPages: suite.emptyPages.map(({ page, reason }) => ({ file: page.file, reason })),
  };
  // The registry first: an index on disk promises that its registry is there too.
  writeAtomically(files.registry(key), JSON.stringify(suite.registry));
  writeAtomically(files.index(key), JSON.stringify(index));
  return new CachedSuite(dir, index, files, key, suite);
}
