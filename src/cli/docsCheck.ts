/**
 * `npm run docs:check -- [folder] [--strict] [--out file]`: what the documents get wrong, no server
 * needed. Reads every page of the folder (default `contracts/`, or CONTRACTS_DIR), holds each
 * page's examples to its own tables, writes `reports/docs-findings.md` and prints a summary.
 *
 * Exit codes: 0 when the check ran (findings or not); 1 with `--strict` when there are findings;
 * 2 for usage errors (unknown option, missing or empty folder); 3 for an internal error (a bug in the
 * checker, printed as one line to report). `.env` is read like the suite reads it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadEnvFile, loadSettings, type Settings } from '../config';
import { FINDING_KINDS, type Finding, type FindingKind } from '../core/findingKinds';
import { checkDocs, type DocsCheck } from '../docscheck/docsFindings';
import { ContractsError, loadContracts } from '../contracts/loadContracts';

const USAGE = `usage: npm run docs:check -- [folder] [--strict] [--out <file>]

  folder      pages to check, searched recursively for *.md (default: CONTRACTS_DIR or contracts/)
  --strict    exit 1 when there are findings (default: exit 0 and print them)
  --out FILE  where to write the report (default: reports/docs-findings.md; REPORTS_DIR moves reports/)

exit codes: 0 checked; 1 findings with --strict; 2 usage error; 3 internal error (a bug to report)`;

class UsageError extends Error {}

interface Options {
  dir: string;
  strict: boolean;
  out: string;
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Options {
  let dir: string | undefined;
  let strict = false;
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--strict') strict = true;
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
  return {
    dir: dir === undefined ? settings.contractsDir : path.resolve(cwd, dir),
    strict,
    out: out ? path.resolve(cwd, out) : path.join(settings.reportsDir, 'docs-findings.md'),
  };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const cell = (text: string | number | undefined) =>
  String(text ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');

export function formatReport(dir: string, result: DocsCheck): string {
  const { findings } = result;
  const lines = [
    '# Documentation findings',
    '',
    `Folder \`${dir}\`: ${result.pages} pages, ${result.examples} examples, ${findings.length} findings ` +
      `on ${new Set(findings.map((f) => f.page)).size} pages.`,
    '',
    '| kind | findings | what |',
    '| --- | ---: | --- |',
    ...countBy(findings, (f) => f.kind).map(([kind, count]) => `| ${kind} | ${count} | ${FINDING_KINDS[kind as FindingKind] ?? ''} |`),
    '',
  ];
  const byPage = new Map<string, Finding[]>();
  for (const finding of findings) byPage.set(finding.page, [...(byPage.get(finding.page) ?? []), finding]);
  for (const page of [...byPage.keys()].sort()) {
    lines.push(`## ${page}`, '', '| example | line | pointer | kind | finding |', '| --- | ---: | --- | --- | --- |');
    const sorted = [...byPage.get(page)!].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    for (const f of sorted) {
      lines.push(
        `| ${cell(f.example)} | ${cell(f.line)} | ${f.pointer ? `\`${cell(f.pointer)}\`` : ''} | ${f.kind} | ${cell(f.message)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

export function formatSummary(dir: string, result: DocsCheck, out: string, seconds: number): string {
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
  lines.push(`  report: ${path.relative(process.cwd(), out) || out}`);
  return lines.join('\n');
}

export function main(argv: readonly string[]): number {
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
  try {
    return check(options);
  } catch (error) {
    if (error instanceof ContractsError) {
      console.error(`docs:check: ${error.message}`);
      return 2;
    }
    // A bug, not the user's mistake: one line to report, not a stack, and an exit code of its own.
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    console.error(`docs:check: internal error (please report it): ${message}`);
    return 3;
  }
}

function check(options: Options): number {
  const started = performance.now();
  const result: DocsCheck = checkDocs(loadContracts(options.dir));
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, formatReport(options.dir, result));
  console.log(formatSummary(options.dir, result, options.out, (performance.now() - started) / 1000));
  return options.strict && result.findings.length ? 1 : 0;
}

if (require.main === module) {
  // Like the suite: `.env` supplies CONTRACTS_DIR / REPORTS_DIR; real environment variables win.
  loadEnvFile();
  process.exitCode = main(process.argv.slice(2));
}
