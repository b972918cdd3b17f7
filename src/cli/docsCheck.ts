/**
 * `npm run docs:check -- [folder] [--strict] [--out file] [--metadata files]`: what the documents get
 * wrong, no server needed. Reads every page of the folder (default `contracts/`, or CONTRACTS_DIR),
 * holds each page's examples to its own tables and, where there is metadata (the service's CSDL), the
 * pages to the metadata; writes `reports/docs-findings.md` and prints a summary.
 *
 * Metadata: `--metadata a.xml,b.xml` (files or URLs, read as one document), else the METADATA setting
 * when it names files or URLs, else the CSDL files beside the pages: `<folder>/metadata/*.xml|.csdl|.json`.
 * `METADATA=off` (or `--metadata off`) compares nothing; `auto` names a target's `$metadata`, which
 * docs:check (offline) does not fetch: it falls back to the folder's own.
 *
 * Exit codes: 0 when the check ran (findings or not); 1 with `--strict` when there are findings;
 * 2 for usage errors (unknown option, missing or empty folder); 3 for an internal error (a bug in the
 * checker, printed as one line to report). `.env` is read like the suite reads it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { commaList, ConfigError, loadEnvFile, loadSettings, type MetadataSetting, type Settings } from '../config';
import { countBy, groupBy } from '../core/collections';
import { FINDING_KINDS } from '../core/findingKinds';
import { checkDocs, type DocsCheck } from '../docscheck/docsFindings';
import { checkAgainstMetadata, countByKind } from '../docscheck/metadataFindings';
import { ContractsError, loadContracts } from '../contracts/loadContracts';
import { METADATA_FINDING_KINDS, type MetadataFinding } from '../core/findingKinds';
import { MetadataError } from '../metadata/model';
import { folderMetadata, METADATA_FOLDER } from '../metadata/folder';
import { readMetadata, type MetadataSource } from '../metadata/readMetadata';

const USAGE = `usage: npm run docs:check -- [folder] [--strict] [--out <file>] [--metadata <file-or-url>[,...]]

  folder      pages to check, searched recursively for *.md (default: CONTRACTS_DIR or contracts/)
  --strict    exit 1 when there are findings (default: exit 0 and print them)
  --out FILE  where to write the report (default: reports/docs-findings.md; REPORTS_DIR moves reports/)
  --metadata  the service's CSDL (XML or JSON; several, comma-separated, are read as one) to compare
              the pages with; "off" for none (default: METADATA when it names files or URLs, else
              the folder's metadata/*.xml, *.csdl, *.json)

exit codes: 0 checked; 1 findings with --strict; 2 usage error; 3 internal error (a bug to report)`;

class UsageError extends Error {}

interface Options {
  dir: string;
  strict: boolean;
  out: string;
  /** Files or URLs of the metadata to compare the pages with; empty: none. */
  metadata: string[];
  /** Why the metadata is what it is, when a setting needs saying (`METADATA=auto`, `off`). */
  metadataNote?: string;
}

export { folderMetadata } from '../metadata/folder';
const isUrl = (name: string) => /^https?:\/\//i.test(name);

/** Which metadata to compare the pages with: the option, else METADATA (as loadSettings read it) when it names files or URLs, else the folder's. */
function chooseMetadata(
  option: string | undefined,
  setting: MetadataSetting,
  /** METADATA was written (auto said aloud, not just left unset): worth a note that docs:check fetches nothing. */
  named: boolean,
  dir: string,
  cwd: string,
): Pick<Options, 'metadata' | 'metadataNote'> {
  if (option !== undefined)
    return option.trim().toLowerCase() === 'off'
      ? { metadata: [] }
      : { metadata: commaList(option).map((item) => (isUrl(item) ? item : path.resolve(cwd, item))) };
  if (setting.kind === 'off') return { metadata: [], metadataNote: 'METADATA=off: the pages are not compared with metadata' };
  if (setting.kind === 'sources') return { metadata: setting.sources };
  const beside = folderMetadata(dir);
  if (!named) return { metadata: beside };
  return {
    metadata: beside,
    metadataNote: `METADATA=auto names the target's $metadata, which docs:check does not fetch (it sends nothing): ${
      beside.length ? `comparing with ${path.join(path.basename(dir), METADATA_FOLDER)}/ instead` : 'no metadata to compare the pages with'
    }`,
  };
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Options {
  let dir: string | undefined;
  let strict = false;
  let out: string | undefined;
  let metadata: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--strict') strict = true;
    else if (arg === '--metadata') {
      metadata = argv[++i];
      if (!metadata) throw new UsageError('--metadata needs a file or URL (several comma-separated), or off');
    } else if (arg.startsWith('--metadata=')) metadata = arg.slice('--metadata='.length);
    else if (arg === '--out') {
      out = argv[++i];
      if (!out) throw new UsageError('--out needs a file name');
    } else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg === '--help' || arg === '-h') throw new UsageError('');
    else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (dir !== undefined) throw new UsageError(`one folder only (got ${dir} and ${arg})`);
    else dir = arg;
  }
  // The suite's own settings (CONTRACTS_DIR, REPORTS_DIR), without a target: docs:check sends nothing.
  let settings: Settings;
  try {
    settings = loadSettings({ ...env, BASE_URL: undefined }, cwd);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const folder = dir === undefined ? settings.contractsDir : path.resolve(cwd, dir);
  return {
    dir: folder,
    strict,
    out: out ? path.resolve(cwd, out) : path.join(settings.reportsDir, 'docs-findings.md'),
    ...chooseMetadata(metadata, settings.metadata, Boolean(env.METADATA?.trim()), folder, cwd),
  };
}

const cell = (text: string | number | undefined) =>
  String(text ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');

/** A metadata document as read: its name, size and SHA-256 (said in the report, so a run says which metadata it used). */
export interface MetadataDocument {
  name: string;
  bytes: number;
  sha256: string;
}

/** The pages against the metadata: which documents, and what differs. */
export interface MetadataCheck {
  documents: MetadataDocument[];
  findings: MetadataFinding[];
}

export type DocsCheckResult = DocsCheck & { metadata?: MetadataCheck };

const describeDocument = (document: MetadataDocument) =>
  `${document.name} (${document.bytes.toLocaleString('en-US')} bytes, sha256 ${document.sha256.slice(0, 12)})`;

/** The report's detail: a section per page (pages in order), its findings by line. */
function pageSections<T extends { page: string; line?: number }>(
  findings: readonly T[],
  heading: (page: string) => string[],
  row: (finding: T) => string,
): string[] {
  const byPage = groupBy(findings, (finding) => finding.page);
  return [...byPage.keys()]
    .sort()
    .flatMap((page) => [...heading(page), ...[...byPage.get(page)!].sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).map(row), '']);
}

function formatMetadataReport(metadata: MetadataCheck): string[] {
  const { findings } = metadata;
  return [
    '# Pages against the metadata',
    '',
    `Metadata ${metadata.documents.map((document) => `\`${cell(describeDocument(document))}\``).join(', ')}: ${findings.length} findings on ${new Set(findings.map((f) => f.page)).size} pages.`,
    '',
    '| kind | findings | what |',
    '| --- | ---: | --- |',
    ...countByKind(findings).map(([kind, count]) => `| ${kind} | ${count} | ${METADATA_FINDING_KINDS[kind]} |`),
    '',
    ...pageSections(
      findings,
      (page) => [`## ${page} (metadata)`, '', '| line | kind | metadata element | finding |', '| ---: | --- | --- | --- |'],
      (f) => {
        const where = f.example ? `${f.example}${f.pointer ? ` \`${f.pointer}\`` : ''}: ` : '';
        return `| ${cell(f.line)} | ${f.kind} | \`${cell(f.element)}\` | ${cell(where + f.message)} |`;
      },
    ),
  ];
}

export function formatReport(dir: string, result: DocsCheckResult): string {
  const { findings } = result;
  const lines = [
    '# Documentation findings',
    '',
    `Folder \`${dir}\`: ${result.pages} pages, ${result.examples} examples, ${findings.length} findings ` +
      `on ${new Set(findings.map((f) => f.page)).size} pages.`,
    '',
    '| kind | findings | what |',
    '| --- | ---: | --- |',
    ...countBy(findings, (f) => f.kind).map(([kind, count]) => `| ${kind} | ${count} | ${FINDING_KINDS[kind] ?? ''} |`),
    '',
    ...pageSections(
      findings,
      (page) => [`## ${page}`, '', '| example | line | pointer | kind | finding |', '| --- | ---: | --- | --- | --- |'],
      (f) => `| ${cell(f.example)} | ${cell(f.line)} | ${f.pointer ? `\`${cell(f.pointer)}\`` : ''} | ${f.kind} | ${cell(f.message)} |`,
    ),
  ];
  if (result.metadata) lines.push(...formatMetadataReport(result.metadata));
  return lines.join('\n');
}

export function formatSummary(dir: string, result: DocsCheckResult, out: string, seconds: number): string {
  const { findings } = result;
  const lines = [
    `docs:check ${dir}`,
    `  ${result.pages} pages, ${result.examples} examples, ${findings.length} findings on ${new Set(findings.map((f) => f.page)).size} pages (${seconds.toFixed(1)} s)`,
  ];
  if (findings.length) {
    lines.push('  by kind:');
    for (const [kind, count] of countBy(findings, (f) => f.kind)) lines.push(`    ${String(count).padStart(6)}  ${kind}`);
    const pages = countBy(findings, (f) => f.page);
    lines.push(`  most findings:`);
    for (const [page, count] of pages.slice(0, 10)) lines.push(`    ${String(count).padStart(6)}  ${page}`);
    if (findings.length <= 40) {
      lines.push('  findings:');
      for (const f of findings) {
        lines.push(
          `    ${f.page}${f.example ? `#${f.example}` : ''}${f.line ? `:${f.line}` : ''}${f.pointer ? ` ${f.pointer}` : ''} [${f.kind}] ${f.message}`,
        );
      }
    }
  }
  if (result.metadata) {
    const { documents, findings: differences } = result.metadata;
    lines.push(
      `  metadata ${documents.map(describeDocument).join(', ')}: ${differences.length} findings on ${new Set(differences.map((f) => f.page)).size} pages`,
    );
    for (const [kind, count] of countByKind(differences)) lines.push(`    ${String(count).padStart(6)}  ${kind}`);
  }
  lines.push(`  report: ${path.relative(process.cwd(), out) || out}`);
  return lines.join('\n');
}

/** What stops docs:check before it checks anything, as one line (exit code 2). */
class InputError extends Error {}

/**
 * Runs docs:check; a number, or a promise of one when metadata must be fetched from a URL (the only
 * thing docs:check ever fetches, and only when asked to).
 */
export function main(argv: readonly string[]): number | Promise<number> {
  let options: Options;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (!error.message) {
      console.log(USAGE);
      return 0;
    }
    console.error(`docs:check: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!fs.existsSync(options.dir)) {
    console.error(`docs:check: folder ${options.dir} does not exist\n\n${USAGE}`);
    return 2;
  }
  if (options.metadataNote) console.log(`docs:check: ${options.metadataNote}`);
  const urls = options.metadata.filter(isUrl);
  if (!urls.length) return run(options, new Map());
  return fetchAll(urls).then(
    (fetched) => run(options, fetched),
    (error: unknown) => {
      console.error(`docs:check: ${(error as Error).message}`);
      return 2;
    },
  );
}

/** Metadata URLs, fetched once each (30 s at most): the text, or one line saying why not. */
async function fetchAll(urls: readonly string[]): Promise<Map<string, string>> {
  const fetched = new Map<string, string>();
  for (const url of urls) {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(30_000), headers: { accept: 'application/xml, application/json' } });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new InputError(`cannot fetch metadata ${url}: ${cause}`);
    }
    if (!response.ok) throw new InputError(`cannot fetch metadata ${url}: ${response.status} ${response.statusText}`);
    fetched.set(url, await response.text());
  }
  return fetched;
}

function run(options: Options, fetched: Map<string, string>): number {
  try {
    return check(options, fetched);
  } catch (error) {
    if (error instanceof ContractsError || error instanceof MetadataError || error instanceof InputError) {
      console.error(`docs:check: ${error.message}`);
      return 2;
    }
    // A bug, not the user's mistake: one line to report, not a stack, and an exit code of its own.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    console.error(`docs:check: internal error (please report it): ${message}`);
    return 3;
  }
}

/** The metadata documents' texts: fetched ones as fetched, files read (a file that cannot be read is one line, exit 2). */
function readSources(names: readonly string[], fetched: Map<string, string>): MetadataSource[] {
  return names.map((name) => {
    const text = fetched.get(name);
    if (text !== undefined) return { name, text };
    try {
      return { name: path.relative(process.cwd(), name) || name, text: fs.readFileSync(name, 'utf8') };
    } catch (error) {
      throw new InputError(`cannot read metadata file ${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  });
}

function check(options: Options, fetched: Map<string, string>): number {
  const started = performance.now();
  // The metadata first: a file that cannot be read or parsed stops the check before any page is read.
  const sources = readSources(options.metadata, fetched);
  const model = sources.length ? readMetadata(sources) : undefined;
  const suite = loadContracts(options.dir);
  const result: DocsCheckResult = checkDocs(suite);
  if (model) {
    result.metadata = {
      documents: sources.map(({ name, text }) => ({
        name,
        bytes: Buffer.byteLength(text),
        sha256: createHash('sha256').update(text).digest('hex'),
      })),
      findings: checkAgainstMetadata(suite, model),
    };
  }
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, formatReport(options.dir, result));
  console.log(formatSummary(options.dir, result, options.out, (performance.now() - started) / 1000));
  const found = result.findings.length + (result.metadata?.findings.length ?? 0);
  return options.strict && found ? 1 : 0;
}

if (require.main === module) {
  // Like the suite: `.env` supplies CONTRACTS_DIR / REPORTS_DIR; real environment variables win.
  loadEnvFile();
  void Promise.resolve(main(process.argv.slice(2))).then((code) => (process.exitCode = code));
}
