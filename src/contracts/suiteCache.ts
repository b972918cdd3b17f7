/**
 * The suite cache: what reading a contracts folder produces (the parsed pages, the type registry, each
 * test's title), kept on disk so that a Playwright worker (started again after every failed test) reads
 * the little its test needs instead of parsing thousands of pages.
 *
 *   suites/<suite key>.json            the test index, read by every process: each test's title, findings and
 *                                      page, the operation pages with nothing to replay, and where each page a
 *                                      test reads lies in the pack
 *   suites/<suite key>.pages           the pack: every parsed page (the linked type pages last) as JSON, back
 *                                      to back; a worker reads the one its test uses, at its offset
 *   suites/<suite key>.manifest.json   what the runner checks and reuses: every packed page's file and key,
 *                                      the linked type folders
 *   suites/<suite key>.types           the type registry (a line of keys, a line per type), read when a test
 *                                      first needs a schema, each type parsed when first asked for
 *   suites/<suite key>.<name>-<code key>.json   an index derived by a higher layer (`derived`: the
 *                                      negative tests); code key = hash of the deriving code's source
 *   stats/<folder key>.json            each page file's stat and key (pageStats.ts), and the folder's last
 *                                      suite; folder key = hash(suite version, folder, user)
 *
 * Page key = hash(suite version, file, content); suite key = hash(suite version, every page's key). The
 * suite version hashes the source that turns pages into the suite (src/docs, src/contracts, src/edm,
 * src/core), package.json and package-lock.json: a new parser or dependency invalidates everything. When
 * a folder's pages change, its new suite takes the unchanged pages from the last suite's pack (only
 * changed pages are parsed again), and the last suite's files are then removed: the cache holds one suite
 * per folder (what a CI cache saves each night stays the size of one reference). One pack, not a file per
 * page: writing 5,000 small files took longer than parsing the pages.
 *
 * Files are written to a temporary name in the same folder and renamed, so a reader never sees half a
 * file; the index last, as it promises the others. A file that cannot be read or parsed is ignored and
 * rebuilt, a page missing from the pack is parsed from its file: the cache is safe to share between
 * processes and to delete at any time. The runner (playwright.config.ts, `checkContracts`) checks the
 * pages, builds the suite when the cache does not hold it (each page read once), and hands the suite key to
 * its own specs and its workers (SUITE_KEY_ENV, with its pid and folder), which then read only the index
 * and, test by test, the page and the registry they use.
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
  loadContracts,
  readPage,
  readPageSource,
  readRequiredSource,
  readTypePage,
  typePageFiles,
  type PageSource,
  type Suite,
} from './loadContracts';
import { PageStats } from './pageStats';
import { lookUp, TypeRegistry, type SerialisedRegistry, type TypeDef } from './typeRegistry';
import { writeAtomically } from '../core/files';
import { PROJECT_ROOT } from '../core/projectRoot';

/** Bumped when the layout of the cache files changes. */
const FORMAT = 3;
/** Where the runner tells its workers which suite it listed: `<runner pid>\n<folder>\n<suite key>`. */
export const SUITE_KEY_ENV = 'GRAPH_DOC_CONTRACTS_SUITE';
/** The source folders whose code decides what a page parses to. */
export const SOURCE_FOLDERS = ['src/docs', 'src/contracts', 'src/edm', 'src/core'];

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
  /** Absent when there are none (most tests): a smaller index for every process to read. */
  findings?: Finding[];
  /** Index into the index's `pages`, and of the pair in the page's examples. */
  page: number;
  pair: number;
  /** The collection the example creates resources in, when it is a documented create. */
  creates?: string;
  /** Pairs of the same page answering the same request (the test passes on any of them). */
  alternatives?: number[];
}

/** Where a page lies in the pack: its file, byte offset and length (0: not packed, read from its file). */
type PackedPage = [file: string, offset: number, length: number];

/** What every process reads: the tests to declare, and where the pages they read lie in the pack. */
interface SuiteIndex {
  format: number;
  tests: TestEntry[];
  emptyPages: { file: string; reason: string }[];
  /** The pages that tests read (not every page of the folder). */
  pages: PackedPage[];
  /** The hosts of the documented API (an example on another is opaque). */
  apiHosts: string[];
}

/** What only the runner reads: every packed page with its key (to check the type pages, to reuse pages). */
interface SuiteManifest {
  format: number;
  /** The folder's pages, then the linked type pages. */
  packed: [file: string, key: string, offset: number, length: number][];
  /** How many of `packed` are the folder's pages. */
  pageCount: number;
  /** Linked folders of type pages, relative to the contracts folder. */
  typeFolders: string[];
}

const hash = (...parts: (string | Buffer)[]): string => {
  const digest = crypto.createHash('sha256');
  for (const part of parts) digest.update(part).update('\0');
  return digest.digest('hex').slice(0, 40);
};

let cachedVersion: string | undefined;

/**
 * The files besides SOURCE_FOLDERS that the suite version covers: the dependencies the parser runs on
 * (markdown-it, JSON5: package-lock.json) and the suite's own version (package.json).
 */
export const VERSION_FILES = ['package.json', 'package-lock.json'];

/** Hash of the code that reads pages and of what it runs on: a new parser never reads old pages. */
export function suiteVersion(): string {
  if (cachedVersion) return cachedVersion;
  const digest = crypto.createHash('sha256');
  digest.update(`format ${FORMAT}\0`);
  for (const file of VERSION_FILES) {
    try {
      digest
        .update(`${file}\0`)
        .update(fs.readFileSync(path.join(PROJECT_ROOT, file)))
        .update('\0');
    } catch {
      // A checkout without a lock file: its dependencies are not pinned, nor is the cache to them.
    }
  }
  hashSources(digest, SOURCE_FOLDERS);
  return (cachedVersion = digest.digest('hex').slice(0, 40));
}

/** Feeds every TypeScript file under `folders` (relative to the project root), name and content, to `digest`. */
function hashSources(digest: crypto.Hash, folders: readonly string[]): void {
  for (const folder of folders) {
    const root = path.join(PROJECT_ROOT, folder);
    for (const file of (fs.readdirSync(root, { recursive: true }) as string[]).filter((name) => name.endsWith('.ts')).sort()) {
      digest
        .update(`${folder}/${file}\0`)
        .update(fs.readFileSync(path.join(root, file)))
        .update('\0');
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

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

class CacheFiles {
  constructor(readonly root: string) {}
  index = (key: string) => path.join(this.root, 'suites', `${key}.json`);
  pack = (key: string) => path.join(this.root, 'suites', `${key}.pages`);
  manifest = (key: string) => path.join(this.root, 'suites', `${key}.manifest.json`);
  registry = (key: string) => path.join(this.root, 'suites', `${key}.types`);
  derived = (key: string, name: string, version: string) => path.join(this.root, 'suites', `${key}.${name}-${version}.json`);
  /** The page stats of one folder, for one suite version and one user (who may read what). */
  stats = (dir: string, version: string) =>
    path.join(this.root, 'stats', `${hash(version, path.resolve(dir), String(process.getuid?.()))}.json`);

  /** Removes every file of a suite (a reader then rebuilds what it needs). */
  removeSuite(key: string): void {
    const folder = path.join(this.root, 'suites');
    try {
      for (const name of fs.readdirSync(folder)) if (name.startsWith(`${key}.`)) fs.rmSync(path.join(folder, name), { force: true });
    } catch {
      // Already gone, or not ours to remove: only a larger cache.
    }
  }

  /** The suite whose manifest was written last, if any: pages to reuse for a folder the cache has not seen. */
  newestSuite(): string | undefined {
    const folder = path.join(this.root, 'suites');
    try {
      const manifests = fs.readdirSync(folder).filter((name) => name.endsWith('.manifest.json'));
      const times = manifests.map((name) => fs.statSync(path.join(folder, name)).mtimeMs);
      const newest = times.indexOf(Math.max(...times));
      return newest < 0 ? undefined : manifests[newest].slice(0, -'.manifest.json'.length);
    } catch {
      return undefined;
    }
  }
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

/** Whether the type pages the suite read are still those on disk (same folders' files, same content). */
function typePagesUnchanged(dir: string, manifest: SuiteManifest, version: string, stats: PageStats): boolean {
  try {
    const typePages = manifest.packed.slice(manifest.pageCount);
    const files = typePageFiles(
      dir,
      manifest.typeFolders.map((folder) => path.resolve(dir, folder)),
    );
    if (files.length !== typePages.length) return false;
    return files.every((file, i) => typePages[i][0] === file && readRef(dir, file, version, stats, false).ref.key === typePages[i][1]);
  } catch {
    return false;
  }
}

function isIndex(value: unknown): value is SuiteIndex {
  const index = value as SuiteIndex | undefined;
  return (
    index?.format === FORMAT &&
    Array.isArray(index.tests) &&
    Array.isArray(index.emptyPages) &&
    Array.isArray(index.pages) &&
    Array.isArray(index.apiHosts)
  );
}

function isManifest(value: unknown): value is SuiteManifest {
  const manifest = value as SuiteManifest | undefined;
  return (
    manifest?.format === FORMAT &&
    Array.isArray(manifest.packed) &&
    Array.isArray(manifest.typeFolders) &&
    Number.isInteger(manifest.pageCount) &&
    manifest.pageCount <= manifest.packed.length
  );
}

/** A page as packed at `offset`, when it is there and is the page of `file` (else undefined: parse the file). */
function unpack(pack: Buffer, file: string, offset: number, length: number): Page | undefined {
  if (!length || offset + length > pack.length) return undefined;
  try {
    const page = JSON.parse(pack.toString('utf8', offset, offset + length)) as Page;
    return page?.file === file ? page : undefined;
  } catch {
    return undefined;
  }
}

/** One page of a pack, read at its offset without reading the rest. */
function readPacked(packFile: string, [file, offset, length]: PackedPage): Page | undefined {
  if (!length) return undefined;
  let fd: number | undefined;
  try {
    fd = fs.openSync(packFile, 'r');
    const bytes = Buffer.alloc(length);
    return fs.readSync(fd, bytes, 0, length, offset) === length ? unpack(bytes, file, 0, length) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A page taken from an earlier suite's pack, with its JSON there: the new pack copies it as it is. */
interface Reused {
  page: Page;
  json: Buffer;
}

/** The pages of an earlier suite's pack, by key: what a new suite need not parse (nor write as JSON) again. */
function packedPages(files: CacheFiles, suite: string | undefined): (ref: PageRef) => Reused | undefined {
  const manifest = suite === undefined ? undefined : readJson<unknown>(files.manifest(suite));
  if (!isManifest(manifest)) return () => undefined;
  let pack: Buffer;
  try {
    pack = fs.readFileSync(files.pack(suite!));
  } catch {
    return () => undefined;
  }
  const byKey = new Map(manifest.packed.map(([file, key, offset, length]) => [key, { file, offset, length }]));
  return (ref) => {
    const at = byKey.get(ref.key);
    const page = at && at.file === ref.file ? unpack(pack, ref.file, at.offset, at.length) : undefined;
    return page && at && { page, json: pack.subarray(at.offset, at.offset + at.length) };
  };
}

/**
 * The type registry as cached: a line of the types' keys, then one type per line, parsed when first asked
 * for. A test reads a few types of thousands, and parsing them all cost every worker 20-40 ms at 5,000
 * pages. `all()` gives each type's key at once (what SchemaStore reads of every type) and the rest of a
 * type when it is first read. Answers every query as the registry it was written from (a unit test holds
 * that), looking names up as it does (`lookUp`).
 */
class CachedRegistry extends TypeRegistry {
  private readonly numbers: Map<string, number>;
  private readonly parsed: (TypeDef | undefined)[] = [];
  /** A type `all()` gave before it was parsed: its key at hand, anything else read from the parsed type. */
  private readonly unparsed: ProxyHandler<{ key: string; i: number }> = {
    get: (stub, property): unknown => (property === 'key' ? stub.key : (Reflect.get(this.type(stub.i), property) as unknown)),
    has: (stub, property) => Reflect.has(this.type(stub.i), property),
    ownKeys: (stub) => Reflect.ownKeys(this.type(stub.i)),
    getOwnPropertyDescriptor: (stub, property) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(this.type(stub.i), property);
      return descriptor && { ...descriptor, configurable: true };
    },
  };

  private constructor(
    private readonly keys: string[],
    private readonly lines: string[],
  ) {
    super();
    this.numbers = new Map(keys.map((key, i) => [key, i]));
  }

  /** The file's text for a registry. */
  static text(registry: TypeRegistry): string {
    const defs = registry.toJSON();
    return [JSON.stringify(defs.map((def) => def.key)), ...defs.map((def) => JSON.stringify(def))].join('\n');
  }

  /** The registry of a file written by `text`, or undefined when it is not one. */
  static read(file: string): CachedRegistry | undefined {
    try {
      const [header, ...lines] = fs.readFileSync(file, 'utf8').split('\n');
      const keys = JSON.parse(header) as unknown;
      const valid = Array.isArray(keys) && keys.length === lines.length && keys.every((key): key is string => typeof key === 'string');
      return valid ? new CachedRegistry(keys, lines) : undefined;
    } catch {
      return undefined;
    }
  }

  override get(name: string): TypeDef | undefined {
    const i = lookUp(name, (key) => this.numbers.get(key));
    return i === undefined ? undefined : this.type(i);
  }

  override all(): TypeDef[] {
    return this.keys.map((key, i) => this.parsed[i] ?? (new Proxy({ key, i }, this.unparsed) as unknown as TypeDef));
  }

  override toJSON(): SerialisedRegistry {
    return this.lines.map((line) => JSON.parse(line) as SerialisedRegistry[number]);
  }

  /** Type `i`, parsed as TypeRegistry.fromJSON reads it. */
  private type(i: number): TypeDef {
    return (this.parsed[i] ??= TypeRegistry.fromJSON([JSON.parse(this.lines[i]) as SerialisedRegistry[number]]).all()[0]);
  }
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
    /** The suite key: what the runner hands its workers. */
    readonly key: string,
    built?: { suite: Suite; pageOf: (page: Page) => number },
  ) {
    this.source = built ? 'pages' : 'cache';
    for (const test of index.tests) test.findings ??= [];
    if (built) {
      this.registryValue = built.suite.registry;
      for (const page of built.suite.pages) if (built.pageOf(page) >= 0) this.pageValues.set(built.pageOf(page), page);
      built.suite.examples.filter((example) => !example.alternativeOf).forEach((example, i) => this.exampleValues.set(i, example));
    }
  }

  /** One entry per documented example, in suite order: its test title and document findings. */
  get tests(): readonly { title: string; findings: Finding[] }[] {
    return this.index.tests as { title: string; findings: Finding[] }[];
  }

  /** Operation pages with nothing to replay, and why. */
  get emptyPages(): readonly { file: string; reason: string }[] {
    return this.index.emptyPages;
  }

  get registry(): TypeRegistry {
    this.registryValue ??= CachedRegistry.read(this.files.registry(this.key)) ?? this.rebuiltRegistry();
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
      if (entry.alternatives) {
        example.title = entry.title;
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
      page = readPacked(this.files.pack(this.key), this.index.pages[i]) ?? readPage(this.dir, this.index.pages[i][0]);
      this.pageValues.set(i, page);
    }
    return page;
  }

  /** The cache lost the registry (deleted mid-run): build it again from the pages, as the runner did. */
  private rebuiltRegistry(): TypeRegistry {
    const manifest = readJson<unknown>(this.files.manifest(this.key));
    // Nothing packed to take pages from: every page is read from its file, as loadContracts reads them.
    if (!isManifest(manifest)) return loadContracts(this.dir).registry;
    let pack = Buffer.alloc(0);
    try {
      pack = fs.readFileSync(this.files.pack(this.key));
    } catch {
      // Every page is read from its file.
    }
    const { packed, pageCount } = manifest;
    const pages = packed
      .slice(0, pageCount)
      .map(([file, , offset, length]) => unpack(pack, file, offset, length) ?? readPage(this.dir, file));
    const typePages = packed
      .slice(pageCount)
      .map(([file, , offset, length]) => unpack(pack, file, offset, length) ?? readTypePage(this.dir, file));
    return buildSuite(
      this.dir,
      pages,
      typePages.filter((page): page is Page => page !== undefined),
    ).registry;
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
  const key = suiteKey(
    version,
    pages.map((page) => page.ref),
  );
  const index = readJson<unknown>(files.index(key));
  if (!isIndex(index)) return { pages, key, stats };
  const manifest = readJson<unknown>(files.manifest(key));
  return { pages, key, stats, ...(isManifest(manifest) && typePagesUnchanged(dir, manifest, version, stats) ? { index } : {}) };
}

/** The suite of the pages as they are now: the cached one, else built (and cached); the stats recorded either way. */
function checkedSuite(dir: string, version: string, files: CacheFiles, racyMarginMs?: number): CachedSuite {
  const { pages, key, index, stats } = checkPages(dir, version, files, racyMarginMs);
  const suite = index ? new CachedSuite(dir, index, files, key) : buildAndStore(dir, pages, key, version, files, stats);
  const previous = stats.suite;
  stats.suite = key;
  if (stats.changed) writeAtomically(files.stats(dir, version), JSON.stringify(stats));
  // The folder's last suite gave the new one its unchanged pages: it is not needed any more.
  if (previous !== undefined && previous !== key) files.removeSuite(previous);
  return suite;
}

/**
 * The suite this process's config checked (the runner): its specs take it as it is, pages and all,
 * instead of reading the index again. One only: a process checks one folder per run.
 */
let checkedHere: { root: string; dir: string; suite: CachedSuite } | undefined;

/**
 * The runner's check of a contracts folder, from playwright.config.ts before any test file loads: every
 * page can be read (else a ContractsError naming it), the suite of these pages is in the cache (built now
 * when it is not: the specs need it anyway, and the pages just read are read once), and its key is handed
 * on (SUITE_KEY_ENV) so that this process's specs and its workers read the index only. A page is read
 * only when its stat is not the one recorded (see pageStats.ts).
 */
export function checkContracts(dir: string, options: CacheOptions = {}): void {
  const files = cacheFiles(options);
  const suite = checkedSuite(dir, options.version ?? suiteVersion(), files, options.racyMarginMs);
  checkedHere = { root: files.root, dir: path.resolve(dir), suite };
  handOn(options.env ?? process.env, dir, suite.key);
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
    const here = checkedHere;
    if (given.self && here?.root === files.root && here.dir === path.resolve(dir) && here.suite.key === given.key) return here.suite;
    const index = readJson<unknown>(files.index(given.key));
    if (isIndex(index)) return new CachedSuite(dir, index, files, given.key);
  }
  const suite = checkedSuite(dir, options.version ?? suiteVersion(), files, options.racyMarginMs);
  handOn(env, dir, suite.key);
  return suite;
}

function handOn(env: NodeJS.ProcessEnv, dir: string, key: string): void {
  env[SUITE_KEY_ENV] = [process.pid, path.resolve(dir), key].join('\n');
}

/**
 * The suite key the runner computed, when this process is the runner (its config checked the pages:
 * `self`) or one of its workers, and reads the same folder.
 */
function keyFromRunner(env: NodeJS.ProcessEnv, dir: string): { key: string; self: boolean } | undefined {
  const [pid, folder, key] = (env[SUITE_KEY_ENV] ?? '').split('\n');
  // Only the runner and its own children: a nested `playwright test` (self-tests) reads its own folder afresh.
  const self = Number(pid) === process.pid;
  const runner = self || Number(pid) === process.ppid;
  return runner && folder === path.resolve(dir) && /^[0-9a-f]{40}$/.test(key ?? '') ? { key, self } : undefined;
}

/** A page as JSON for the pack, or undefined when JSON would change it (that page is parsed every time). */
function packable(page: Page | undefined): Buffer | undefined {
  try {
    return page ? Buffer.from(exactJson(page)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parses what the cache does not hold (the pages of the folder's last suite are taken from its pack), builds
 * the suite and writes its files: the pack, the registry and the manifest first, the index last.
 */
function buildAndStore(dir: string, read: PageRead[], key: string, version: string, files: CacheFiles, stats: PageStats): CachedSuite {
  const reusable = packedPages(files, stats.suite ?? files.newestSuite());
  const reused = new Map<Page, Buffer>();
  const reuse = (ref: PageRef): Page | undefined => {
    const found = reusable(ref);
    if (found) reused.set(found.page, found.json);
    return found?.page;
  };
  const pages = read.map(({ ref, source }) => reuse(ref) ?? readPage(dir, ref.file, source));
  const typeFolders = linkedTypeFolders(dir, pages);
  const typeReads = typePageFiles(dir, typeFolders).map((file) => readRef(dir, file, version, stats, false));
  const typePages = typeReads.map(({ ref, source }) => reuse(ref) ?? readTypePage(dir, ref.file, source));
  // Packed before the suite is built: building may add findings to a page, which a reader builds again.
  const chunks: Buffer[] = [];
  let size = 0;
  const place = (page: Page | undefined): [offset: number, length: number] => {
    const json = (page && reused.get(page)) ?? packable(page);
    if (!json) return [size, 0];
    chunks.push(json);
    size += json.length;
    return [size - json.length, json.length];
  };
  const placed = [...pages, ...typePages].map(place);
  const suite = buildSuite(
    dir,
    pages,
    typePages.filter((page): page is Page => page !== undefined),
  );
  // An alternative response is part of its request's test, no test of its own.
  const examples = suite.examples.filter((example) => !example.alternativeOf);
  // The index lists only the pages that tests read, in the order tests first read them.
  const tested = new Map<Page, number>();
  for (const example of examples) if (!tested.has(example.page)) tested.set(example.page, tested.size);
  const pageNumber = new Map(pages.map((page, i) => [page, i]));
  const index: SuiteIndex = {
    format: FORMAT,
    tests: examples.map((example) => {
      const creates = createsIn(example);
      return {
        title: example.title,
        ...(example.findings.length ? { findings: example.findings } : {}),
        page: tested.get(example.page)!,
        pair: example.page.examples.indexOf(example.pair),
        ...(creates !== undefined ? { creates } : {}),
        ...(example.alternatives ? { alternatives: example.alternatives.map((other) => example.page.examples.indexOf(other.pair)) } : {}),
      };
    }),
    emptyPages: suite.emptyPages.map(({ page, reason }) => ({ file: page.file, reason })),
    pages: [...tested.keys()].map((page) => [page.file, ...placed[pageNumber.get(page)!]]),
    apiHosts: suite.apiHosts,
  };
  const manifest: SuiteManifest = {
    format: FORMAT,
    packed: [...read, ...typeReads].map(({ ref }, i) => [ref.file, ref.key, ...placed[i]]),
    pageCount: read.length,
    typeFolders: typeFolders.map((folder) => path.relative(path.resolve(dir), folder).split(path.sep).join('/')),
  };
  writeAtomically(files.pack(key), Buffer.concat(chunks, size));
  writeAtomically(files.registry(key), CachedRegistry.text(suite.registry));
  writeAtomically(files.manifest(key), JSON.stringify(manifest));
  writeAtomically(files.index(key), JSON.stringify(index));
  return new CachedSuite(dir, index, files, key, { suite, pageOf: (page) => tested.get(page) ?? -1 });
}
