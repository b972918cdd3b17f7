/**
 * A contracts folder → the suite: every page parsed, the types all pages describe, and one
 * `ContractExample` per documented request/response pair.
 */
import fs from 'node:fs';
import path from 'node:path';
import { groupBy } from '../core/collections';
import { invalidUtf8Offset } from '../core/http';
import { emptyPage, parsePage } from '../docs/parsePage';
import type { Page } from '../docs/model';
import { buildContractExample, hostOf, type ContractExample } from './contractExample';
import { placeholderName } from './paths';
import { recordPageFailure } from './pageFailures';
import { buildTypeRegistry, TypeRegistry } from './typeRegistry';

export class ContractsError extends Error {}

export interface Suite {
  dir: string;
  pages: Page[];
  registry: TypeRegistry;
  examples: ContractExample[];
  /** Operation pages with nothing to replay, and why (each becomes a skipped test). */
  emptyPages: { page: Page; reason: string }[];
  /** The hosts of the documented API (examples on another host are opaque). */
  apiHosts: string[];
  /**
   * Resource pages outside `dir` that the pages link to (`../resources/x.md` beside an `api/` folder):
   * read for the types they describe only, never tested. Their `file` is relative to `dir`.
   */
  typePages?: Page[];
}

export function listPages(dir: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new ContractsError(`contracts folder ${dir} does not exist (set CONTRACTS_DIR to a folder of *.md pages)`);
  }
  if (!stat.isDirectory()) throw new ContractsError(`CONTRACTS_DIR ${dir} is not a folder`);
  // Read with their types: only a link needs a stat of its own (a stat per page was half the listing's time).
  const root = path.resolve(dir);
  // Relative to the folder by slicing (entries' paths are normalised): path.relative or path.join for each of
  // thousands of pages cost more than reading the folder.
  const start = root.endsWith(path.sep) ? root.length : root.length + 1;
  const inRoot = (entry: fs.Dirent) =>
    entry.parentPath === root ? entry.name : `${entry.parentPath.slice(start)}${path.sep}${entry.name}`;
  const files = fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.name.toLowerCase().endsWith('.md') && (entry.isFile() || isPageLink(path.join(entry.parentPath, entry.name))))
    .map(inRoot)
    .filter((file) => !file.split(path.sep).some((part) => part.startsWith('.')))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
  if (!files.length) throw new ContractsError(`contracts folder ${dir} holds no *.md pages`);
  return files;
}

/** A link to a file, or one that leads nowhere: kept, to become a skipped test that names it, not a page silently missing. */
function isPageLink(file: string): boolean {
  return isFile(file) || linkProblem(file) !== undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Why a path is a symbolic link that cannot be followed (dangling, or a loop), when it is one.
 */
export function linkProblem(file: string): string | undefined {
  try {
    if (!fs.lstatSync(file).isSymbolicLink()) return undefined;
  } catch {
    return undefined;
  }
  try {
    fs.statSync(file);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'cannot read page: it is a symbolic link that loops (ELOOP)';
    if (code === 'ENOENT') return `cannot read page: it is a dangling symbolic link (to ${readLink(file)})`;
    return undefined;
  }
}

function readLink(file: string): string {
  try {
    return fs.readlinkSync(file);
  } catch {
    return 'nothing';
  }
}

/** A page file as read: its text (with a note when it is not quite what it should be), or why it is no page. */
export type PageSource = { text: string; note?: string } | { problem: string };

/**
 * A page file's text, or why it is not a text page: binary content (NUL bytes), a link that leads
 * nowhere. Text that is not valid UTF-8 is read (with U+FFFD for the invalid bytes) and says where.
 * Other read errors (permissions) throw: they are one clear error for the whole run.
 */
export function readPageSource(file: string): PageSource {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const link = linkProblem(file);
    if (link) return { problem: link };
    throw error;
  }
  if (bytes.includes(0)) return { problem: 'not a text page: binary content (NUL bytes)' };
  const text = bytes.toString('utf8');
  const invalidAt = invalidUtf8Offset(bytes);
  return invalidAt === undefined
    ? { text }
    : { text, note: `not valid UTF-8 at byte ${invalidAt}: read with U+FFFD in place of the invalid bytes` };
}

/**
 * A page's source (`file` in the contracts folder, at `filePath`) as the runner checks it before any test
 * runs: a page that cannot be read is one clear error naming it. Links that lead nowhere are not: each is
 * its own skipped test (see readPage).
 */
export function readRequiredSource(filePath: string, file: string): PageSource {
  try {
    return readPageSource(filePath);
  } catch (error) {
    throw new ContractsError(`cannot read page ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The type a resource page documents (`# userAccount resource type`), if it is one. */
export function resourcePageType(page: Page): string | undefined {
  if (page.requests.length) return undefined;
  const fromTitle = /^\s*([A-Za-z_][\w.]*)\s+(?:resource|complex|entity)\s+type\b/i.exec(page.title)?.[1];
  if (fromTitle) return fromTitle.replace(/^microsoft\.graph\./i, '');
  if (/(^|\/)resources\//.test(page.file) && page.propertyTables.length) {
    return /^\s*([A-Za-z_]\w*)/.exec(page.title)?.[1] ?? path.basename(page.file, '.md');
  }
  return undefined;
}

export function readPage(dir: string, file: string, given?: PageSource): Page {
  let source: PageSource;
  try {
    source = given ?? readPageSource(path.join(dir, file));
  } catch (error) {
    throw new ContractsError(`cannot read page ${file}: ${(error as Error).message}`);
  }
  if ('problem' in source)
    return { ...emptyPage(file), unreadable: source.problem, findings: [{ page: file, kind: 'page-file', message: source.problem }] };
  let page: Page;
  try {
    page = parsePage(source.text, file);
  } catch (error) {
    // A parser bug must not take the whole suite down: the page becomes a skipped test with the reason.
    page = emptyPage(file);
    recordPageFailure(page, 'the parser', error);
  }
  if (source.note) page.findings.unshift({ page: file, kind: 'page-file', message: source.note });
  return page;
}

/** Reference pages that document types (resources, enums, overviews): read for types, not tested. */
const REFERENCE_DOC_TYPES = /^(resourcePageType|enumPageType|conceptualPageType|overviewPageType|complexTypePageType)$/i;

/** Whether a page documents an operation at all (else it has nothing to replay and nothing to report). */
function isOperationPage(page: Page): boolean {
  if (page.templates.length || page.requests.length || page.responses.length || page.ignoredRequests) return true;
  if (page.docType) return !REFERENCE_DOC_TYPES.test(page.docType);
  return !/(^|\/)resources\//.test(page.file);
}

function emptyReason(page: Page): string {
  if (page.ignoredRequests) return 'the page\'s request examples are all marked blockType "ignored"';
  if (page.responses.length && !page.requests.length) return 'the page shows responses but no request example they answer';
  return page.templates.length
    ? 'the page documents an HTTP request but no request example'
    : 'the page has no HTTP request template and no request example';
}

export function buildSuite(dir: string, pages: Page[], typePages: Page[] = []): Suite {
  const registry = buildTypeRegistry([...pages, ...typePages], resourcePageType);
  const examples: ContractExample[] = [];
  const emptyPages: Suite['emptyPages'] = [];
  for (const page of pages) {
    try {
      if (!page.unreadable) {
        if (resourcePageType(page)) continue;
        if (!page.examples.length) {
          if (isOperationPage(page)) emptyPages.push({ page, reason: emptyReason(page) });
          continue;
        }
        // All of a page's examples or none: a page that fails half-way is one skipped test, not half a page.
        examples.push(...page.examples.map((pair) => buildContractExample(page, pair, registry)));
        continue;
      }
    } catch (error) {
      recordPageFailure(page, 'building its examples', error);
    }
    emptyPages.push({ page, reason: page.unreadable! });
  }
  const apiHosts = apiHostsOf(examples);
  for (const example of examples) keepToTheApi(example, apiHosts);
  joinAlternatives(examples);
  return { dir, pages, registry, examples, emptyPages, apiHosts, ...(typePages.length ? { typePages } : {}) };
}

/**
 * One request its page answers with several documented responses (a standard channel, a private one, ...):
 * one test, passing when the response keeps the promises of any of them. The first example keeps the
 * others as its `alternatives`, titled after the request (`channel-get.md#get_channel`); the others stay
 * examples (docs:check and the reference server read every documented response) marked `alternativeOf`,
 * and are no test of their own.
 */
export function joinAlternatives(examples: ContractExample[]): void {
  const titles = new Set(examples.map((example) => example.title));
  // A request is known by its page and line, not by its object: a page the suite cache reused from its pack
  // went through JSON, which gives each of its pairs a request object of its own.
  const placeOf = ({ page, pair }: ContractExample) => `${page.file}\0${pair.request.line}`;
  for (const group of groupBy(examples, placeOf).values()) {
    if (group.length < 2) continue;
    const [first, ...others] = group;
    const title = first.title.replace(/-response-1$/, '');
    if (title !== first.title && !titles.has(title)) first.title = title;
    first.alternatives = others;
    for (const other of others) other.alternativeOf = first.title;
  }
}

/** The hosts of the documented API: those of the folder's example URLs that match a documented path. */
export const apiHostsOf = (examples: readonly ContractExample[]): string[] => [
  ...new Set(examples.filter((e) => !e.path.mismatch).flatMap((e) => hostOf(e.pair.request.url) ?? [])),
];

/**
 * A request URL on another host than the documented API (a pre-authenticated `files.1drv.com` download link,
 * an upload URL) is opaque, as those the pages mark `opaqueUrl` are: it is never sent to BASE_URL. The API's
 * hosts are those of the folder (a page may have no other example to tell by).
 */
export function keepToTheApi(example: ContractExample, apiHosts: readonly string[]): void {
  const host = hostOf(example.pair.request.url);
  if (example.unusable || !example.path.mismatch || !host || !apiHosts.length || apiHosts.includes(host)) return;
  example.unusable = `the request goes to ${host}, not to the API the pages call (${apiHosts.slice(0, 3).join(', ')}): its URL is opaque (returned by an earlier call), not a documented path`;
}

/** Links a page makes to other pages, as the page writes them (type columns, request/response prose). */
function typeLinks(page: Page): string[] {
  const links: string[] = [];
  for (const table of page.propertyTables)
    for (const row of table.rows) if (row.type.kind === 'named' && row.type.link) links.push(row.type.link);
  if (page.requestBodyType?.link) links.push(page.requestBodyType.link);
  if (page.responseType?.link) links.push(page.responseType.link);
  return links;
}

/**
 * Folders of resource pages outside `dir` that the pages link to with relative links, e.g. the
 * `resources/` beside an `api/` folder: their pages are read for the types they describe.
 */
export function linkedTypeFolders(dir: string, pages: readonly Page[]): string[] {
  const root = path.resolve(dir);
  const folders = new Set<string>();
  for (const page of pages) {
    const from = path.dirname(path.join(root, page.file));
    for (const link of typeLinks(page)) {
      if (/^[a-z][a-z0-9+.-]*:|^\//i.test(link)) continue;
      const target = path.resolve(from, link.replace(/[#?].*$/, ''));
      const folder = path.dirname(target);
      const inside = path.relative(root, folder);
      if (inside === '' || !(inside.startsWith('..') || path.isAbsolute(inside))) continue;
      folders.add(folder);
    }
  }
  return [...folders].filter((folder) => {
    try {
      return fs.statSync(folder).isDirectory();
    } catch {
      return false;
    }
  });
}

/** The pages of the linked type folders, as files relative to `dir` (`../resources/user.md`). */
export function typePageFiles(dir: string, folders: readonly string[]): string[] {
  return folders.flatMap((folder) =>
    fs
      .readdirSync(folder)
      .filter((file) => file.toLowerCase().endsWith('.md'))
      .sort()
      .map((name) => path.relative(path.resolve(dir), path.join(folder, name)).split(path.sep).join('/')),
  );
}

/** A type page, or nothing when it cannot be read or parsed (that only means fewer documented types). */
export function readTypePage(dir: string, file: string, source = readSource(dir, file)): Page | undefined {
  try {
    return source === undefined || 'problem' in source ? undefined : parsePage(source.text, file);
  } catch {
    return undefined;
  }
}

function readSource(dir: string, file: string): PageSource | undefined {
  try {
    return readPageSource(path.join(dir, file));
  } catch {
    return undefined;
  }
}

function readTypePages(dir: string, pages: readonly Page[]): Page[] {
  return typePageFiles(dir, linkedTypeFolders(dir, pages))
    .map((file) => readTypePage(dir, file))
    .filter((page): page is Page => page !== undefined);
}

export function loadContracts(dir: string): Suite {
  const pages = listPages(dir).map((file) => readPage(dir, file));
  return buildSuite(dir, pages, readTypePages(dir, pages));
}

/** A collection path with its placeholders blanked (`users/{}/events`): create examples are found by it. */
export const collectionKey = (segments: readonly string[]) =>
  segments.map((segment) => (placeholderName(segment) !== undefined ? '{}' : segment.toLowerCase())).join('/');

/** The collection an example creates resources in (a documented create: POST returning the resource), if it is one. */
export function createsIn(example: ContractExample): string | undefined {
  if (example.method !== 'POST' || example.unusable || example.path.template === undefined) return undefined;
  if (example.expected.body !== 'resource' && !isAsyncCreate(example)) return undefined;
  return collectionKey(example.path.template.path.split('/').filter(Boolean));
}

/** `202 Accepted` with the new resource's `Location` (or `Content-Location`), no body: a create that completes later (teams). */
export function isAsyncCreate(example: ContractExample): boolean {
  const response = example.pair.response;
  return (
    example.method === 'POST' &&
    response?.status === 202 &&
    example.expected.body === 'none' &&
    response.headers.some(([name]) => /^(content-)?location$/i.test(name))
  );
}

/** Where create examples come from: a built suite, or a cached one that builds its examples on demand. */
export type CreateExamples =
  Pick<Suite, 'examples'> | { findCreateExample(collectionSegments: readonly string[], type?: string): ContractExample | undefined };

/** The create of `type` among a collection's creates (a collection may hold derived types), else the first. */
export function preferType(creates: readonly ContractExample[], type?: string): ContractExample | undefined {
  const wanted = type?.toLowerCase();
  return creates.find((example) => wanted !== undefined && example.expected.type?.toLowerCase() === wanted) ?? creates[0];
}

/**
 * The documented create example (POST on the collection) for the collection an item path lives in;
 * one that creates `type` when the documents show several (`windows10CompliancePolicy` beside `androidCompliancePolicy`).
 */
export function findCreateExample(
  suite: CreateExamples,
  collectionSegments: readonly string[],
  type?: string,
): ContractExample | undefined {
  if ('findCreateExample' in suite) return suite.findCreateExample(collectionSegments, type);
  const key = collectionKey(collectionSegments);
  return preferType(
    suite.examples.filter((example) => createsIn(example) === key),
    type,
  );
}
