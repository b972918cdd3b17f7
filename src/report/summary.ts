/**
 * The run summary (`summary.md`, a few lines on the console, the HTML report's title), from what the tests
 * reported. It answers, in this order, what a person asks first in the morning: did it pass; what did the
 * run prove (coverage) and what must be read before trusting it (warnings); whose promises broke (the
 * count per verdict); what broke, one row per distinct difference, and what changed since the last run;
 * then the detail per page, the known and stale deviations, the skipped tests and what was left behind.
 *
 * Every list is bounded, and the detail gets what is left of SUMMARY_LIMIT_BYTES (GitHub refuses a job
 * summary over 1 MiB): a run of 5,000 failures writes a summary that opens with the same overview and
 * points to the full lists (results.json, the HTML report, JUnit). Pure: the reporter collects, this writes words.
 */
import { CHECK_NAMES } from '../core/checkNames';
import { groupBy } from '../core/collections';
import { formatViolation } from '../core/violations';
import { describeKey, KnownDeviations, violationPointer, type DeviationKey, type KnownDeviation } from './baseline';
import { SKIP_KIND_LABELS, VERDICTS, type SkipKind, type Verdict } from './checkResults';
import {
  coverageWarnings,
  describeDocumented,
  describeProjectCoverage,
  formatCount,
  isExample,
  pageOf,
  plural,
  projectCoverage,
  type DocumentedCoverage,
  type ProjectCoverage,
  type TestEntry,
} from './coverage';
import { cut, EXACT_VALUES, groupDifferences, type BrokenPromise, type Difference } from './differences';
import { describeMark, markKey, promiseKey, type FixedPromise, type Mark } from './history';

/** Under GitHub's 1 MiB (1,048,576 bytes) for a job summary, with room for what a workflow adds around it. */
export const SUMMARY_LIMIT_BYTES = 1_000_000;

/** What the summary is made from: the tests as the reporter read them, and what the reporter knows besides. */
export interface RunFacts {
  status: string;
  tests: TestEntry[];
  /** What the pages document (playwright.config.ts computes it); absent: the coverage says only what ran. */
  documented?: DocumentedCoverage;
  /** The baseline's entries: known broken promises are shown with their reason. */
  knownDeviations?: KnownDeviation[];
  stale: KnownDeviation[];
  /** What happened to the baseline file in this run, if anything. */
  baselineNote?: string;
  /** The marks from HISTORY_FILE, when it holds earlier runs. */
  history?: { marks: Map<string, Mark>; fixed: FixedPromise[]; runs: number };
  /** What happened to the history in this run (none yet, not written by a shard, unreadable lines). */
  historyNote?: string;
  /** The target, as the report's metadata names it. */
  target?: string;
  /** The service metadata the responses were also held to (source, size, hash), or why there was none. */
  metadata?: string;
  /** Where every test is listed in full, in words (`reports/results.json`, …). */
  fullReports?: string[];
  /** The shard this run is (`--shard=1/4`): its summary covers its own tests only. */
  shard?: { current: number; total: number };
}

/** Everything the words are made from, computed once. */
export interface RunAnalysis {
  facts: RunFacts;
  counts: { passed: number; failed: number; flaky: number; skipped: number };
  broken: BrokenPromise[];
  leftBehind: { test: string; resource: string }[];
  projects: ProjectCoverage[];
  warnings: string[];
  differences: Difference[];
}

export function analyseRun(facts: RunFacts): RunAnalysis {
  const counts = { passed: 0, failed: 0, flaky: 0, skipped: 0 };
  const broken: BrokenPromise[] = [];
  const leftBehind: RunAnalysis['leftBehind'] = [];
  for (const entry of facts.tests) {
    counts[entry.outcome]++;
    for (const resource of entry.leftBehind ?? []) leftBehind.push({ test: entry.title, resource });
    for (const result of entry.report?.checks ?? []) {
      if (result.outcome !== 'broken') continue;
      for (const { known, verdict, ...violation } of result.violations ?? []) {
        const mark = facts.history?.marks.get(markKey(entry.title, promiseKey(result.check, violationPointer(violation))));
        broken.push({
          test: entry.title,
          check: result.check,
          violation,
          known,
          ...(verdict ? { verdict } : {}),
          ...(mark ? { mark } : {}),
        });
      }
    }
  }
  const projects = projectCoverage(facts.tests);
  return {
    facts,
    counts,
    broken,
    leftBehind,
    projects,
    warnings: coverageWarnings(facts.tests, projects),
    differences: groupDifferences(broken),
  };
}

/** A table cell: one line, `|` escaped, bounded (a response can echo a megabyte into a message). */
const cell = (text: string, length = 200) => cut(text.replace(/\r?\n/g, ' '), length).replace(/\|/g, '\\|');
const code = (text: string) => (text ? `\`${text.replace(/`/g, "'")}\`` : '');

const largestFirst = <T>(groups: Map<string, T[]>) => [...groups].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b));

export function countsLine({ counts, broken, facts, leftBehind }: RunAnalysis): string {
  const known = broken.filter((promise) => promise.known).length;
  return (
    `${counts.passed} passed, ${counts.failed} failed, ${counts.flaky} flaky, ${counts.skipped} skipped; ` +
    `broken promises: ${broken.length - known} new, ${known} known; stale known deviations: ${facts.stale.length}; resources left behind: ${leftBehind.length}`
  );
}

/** Whose promise each verdict says broke, and so who is asked to act. */
const VERDICT_OWNERS: Record<Verdict | 'none', string> = {
  docs: "the page drifted from the service: the page's authors",
  metadata: "the service does not do what its own $metadata declares (its SDKs will fail): the service's owners",
  service: "the service breaks both the page and its metadata: the service's owners",
  retired: 'past its RemovalDate in the metadata: not a contract failure',
  none: 'no metadata was used: the page against the service only',
};

export function verdictCounts(broken: readonly BrokenPromise[]): { verdict: Verdict | 'none'; promises: number; tests: number }[] {
  return [...VERDICTS, 'none' as const].map((verdict) => {
    const promises = broken.filter((promise) => (promise.verdict ?? 'none') === verdict);
    return { verdict, promises: promises.length, tests: new Set(promises.map((promise) => promise.test)).size };
  });
}

/** A verdict as the summary writes it; `none` reads `no verdict`. */
const verdictLabel = (verdict: Verdict | 'none') => (verdict === 'none' ? 'no verdict' : verdict);

/** `docs 27 · metadata 3 · service 1 · retired 4 · no verdict 775`. */
export const verdictLine = (broken: readonly BrokenPromise[]) =>
  verdictCounts(broken)
    .map(({ verdict, promises }) => `${verdictLabel(verdict)} ${formatCount(promises)}`)
    .join(' · ');

const markCounts = (broken: readonly BrokenPromise[], fixed: number) => {
  const count = (kind: Mark['kind']) => broken.filter((promise) => promise.mark?.kind === kind).length;
  return `${formatCount(count('new'))} new, ${formatCount(count('still failing'))} still failing, ${formatCount(count('flaky'))} flaky, ${formatCount(fixed)} fixed`;
};

/** A difference's marks, counted: `3 new, 9 still failing since 2026-07-01` (the earliest streak of them). */
function differenceMarks(difference: Difference): string {
  const marks = difference.promises.map((promise) => promise.mark).filter((mark): mark is Mark => mark !== undefined);
  if (marks.length === 1) return describeMark(marks[0]);
  const parts: string[] = [];
  const fresh = marks.filter((mark) => mark.kind === 'new').length;
  if (fresh) parts.push(`${fresh} new`);
  const since = marks.flatMap((mark) => (mark.kind === 'still failing' ? [mark.since] : [])).sort();
  if (since.length) parts.push(`${since.length} still failing since ${since[0]}`);
  const flaky = marks.filter((mark) => mark.kind === 'flaky').length;
  if (flaky) parts.push(`${flaky} flaky`);
  return parts.join(', ');
}

const verdictsOf = (difference: Difference) =>
  [...difference.verdicts]
    .filter(Boolean)
    .sort()
    .map((verdict) => `[${verdict}]`)
    .join(' ');

/**
 * `userAccount.status: expected a riskLevel member (low, high), got string "Low" (9 tests), string "HIGH" (2 tests)`,
 * or with many values `countHits: expected Int32, got N (12 values, e.g. 2147483648; 2147483650)`.
 */
export function describeDifference(difference: Difference): string {
  const where = difference.property ? `${difference.property}: ` : '';
  const verb = difference.promises[0].violation.verb ?? 'expected';
  const got =
    difference.distinctValues === 1
      ? difference.got
      : difference.distinctValues <= EXACT_VALUES
        ? difference.values.map(({ value, tests }) => `${value} (${plural(tests, 'test')})`).join(', ')
        : `${difference.got} (${formatCount(difference.distinctValues)} values, e.g. ${difference.values.map(({ value }) => value).join('; ')})`;
  return `${where}${difference.expected === undefined ? got : `${verb} ${difference.expected}, got ${got}`}`;
}

/** Bounds of each list (the detail has a byte budget instead). */
const LIMITS = {
  differences: 60,
  titlesPerDifference: 3,
  pages: 10,
  coveragePages: 20,
  fixed: 30,
  known: 100,
  stale: 100,
  crashes: 20,
  reasonsPerKind: 15,
  titlesPerReason: 3,
  leftBehind: 100,
  consoleDifferences: 5,
  consoleLeftBehind: 10,
};

const more = (shown: number, total: number, what: string, where: string) =>
  total > shown ? [`… and ${formatCount(total - shown)} more ${what}: ${where}.`, ''] : [];

/** What the pages document, then what each project sent: the summary, the console and the report's metadata say it alike. */
const coverageLines = ({ facts, projects }: RunAnalysis) => [
  ...(facts.documented ? [`documented: ${describeDocumented(facts.documented)}`] : []),
  ...projects.map((p) => `${p.project || 'tests'}: ${describeProjectCoverage(p)}`),
];

function headSection(analysis: RunAnalysis): string[] {
  const { facts } = analysis;
  const lines = ['# Contract test summary', '', `**${facts.status.toUpperCase()}**: ${countsLine(analysis)}`, ''];
  if (facts.shard)
    lines.push(
      `Shard ${facts.shard.current}/${facts.shard.total}: this summary covers this shard's tests only; merging the shards' reports ` +
        '(`npx playwright merge-reports --config playwright.config.ts <folder>`) writes the summary of the whole run.',
      '',
    );
  if (facts.target) lines.push(`Target: ${code(facts.target)}`, '');
  if (facts.metadata) lines.push(`Service metadata: ${facts.metadata}`, '');
  if (facts.baselineNote) lines.push(facts.baselineNote, '');
  if (facts.historyNote) lines.push(facts.historyNote, '');

  lines.push('## Coverage', '');
  const coverage = coverageLines(analysis);
  lines.push(...(coverage.length ? coverage.map((line) => `- ${line}`) : ['- no example was listed']));
  lines.push('');
  lines.push('### Warnings', '');
  lines.push(...(analysis.warnings.length ? analysis.warnings.map((warning) => `- ⚠ ${warning}`) : ['None.']), '');

  lines.push('## Verdicts: whose promise broke', '', '| verdict | broken promises | tests | who is asked |', '| --- | --- | --- | --- |');
  for (const { verdict, promises, tests } of verdictCounts(analysis.broken)) {
    lines.push(`| ${verdictLabel(verdict)} | ${formatCount(promises)} | ${formatCount(tests)} | ${VERDICT_OWNERS[verdict]} |`);
  }
  lines.push('');
  return lines;
}

function checksTable(analysis: RunAnalysis): string[] {
  const counts = new Map<string, Record<'kept' | 'broken' | 'not-applicable' | 'crashed', number>>();
  for (const entry of analysis.facts.tests) {
    for (const result of entry.report?.checks ?? []) {
      const row = counts.get(result.check) ?? { kept: 0, broken: 0, 'not-applicable': 0, crashed: 0 };
      row[result.outcome]++;
      counts.set(result.check, row);
    }
  }
  if (!counts.size) return [];
  const order = (name: string) => {
    const index = (CHECK_NAMES as readonly string[]).indexOf(name);
    return index < 0 ? CHECK_NAMES.length : index;
  };
  const names = [...counts.keys()].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  return [
    '### Per check (tests)',
    '',
    '| check | kept | broken | not applicable | crashed |',
    '| --- | --- | --- | --- | --- |',
    ...names.map((name) => {
      const row = counts.get(name)!;
      return `| ${name} | ${formatCount(row.kept)} | ${formatCount(row.broken)} | ${formatCount(row['not-applicable'])} | ${formatCount(row.crashed)} |`;
    }),
    '',
  ];
}

const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx', 'no answer'] as const;
const classOf = (status: number | undefined) =>
  status === undefined || status < 200 || status > 599 ? 'no answer' : `${Math.floor(status / 100)}xx`;

function statusTable(analysis: RunAnalysis): string[] {
  const rows = analysis.projects.filter((p) => p.sent > p.sentUnknown);
  const unknown = analysis.projects.reduce((sum, p) => sum + p.sentUnknown, 0);
  const note = unknown ? [`The status of ${plural(unknown, 'sent request')} is not in its check results (an earlier format).`, ''] : [];
  if (!rows.length) return note.length ? ['### Per status class (sent requests)', '', ...note] : [];
  const cellOf = (p: ProjectCoverage, name: string) => {
    const statuses = [...p.statuses].filter(([status]) => classOf(status) === name).sort(([a, x], [b, y]) => y - x || (a ?? 0) - (b ?? 0));
    const total = statuses.reduce((sum, [, count]) => sum + count, 0);
    if (!total) return '0';
    const detail =
      name === 'no answer'
        ? ''
        : ` (${statuses
            .slice(0, 3)
            .map(([status, count]) => `${status} ×${formatCount(count)}`)
            .join(', ')})`;
    return `${formatCount(total)}${detail}`;
  };
  return [
    '### Per status class (sent requests)',
    '',
    `| project | ${STATUS_CLASSES.join(' | ')} |`,
    `| --- |${STATUS_CLASSES.map(() => ' --- |').join('')}`,
    ...rows.map((p) => `| ${p.project || 'tests'} | ${STATUS_CLASSES.map((name) => cellOf(p, name)).join(' | ')} |`),
    '',
    ...note,
  ];
}

function historySection(analysis: RunAnalysis): string[] {
  const history = analysis.facts.history;
  if (!history) return [];
  const lines = [
    `### Since the last run (history of ${plural(history.runs, 'earlier run')})`,
    '',
    `Broken promises: ${markCounts(analysis.broken, history.fixed.length)}.`,
    '',
  ];
  if (history.fixed.length) {
    lines.push("Fixed (failed in the test's last run, kept now):", '');
    for (const fixed of history.fixed.slice(0, LIMITS.fixed))
      lines.push(`- ${fixed.test}: ${code(fixed.key)} (failing since ${fixed.failingSince})`);
    lines.push('', ...more(LIMITS.fixed, history.fixed.length, 'fixed promises', 'see the history file'));
  }
  return lines;
}

function pagesSection(analysis: RunAnalysis): string[] {
  const failing = analysis.broken.filter((promise) => !promise.known);
  if (!failing.length) return [];
  const pages = largestFirst(groupBy(failing, (promise) => pageOf(promise.test)));
  return [
    `### Pages with most broken promises (${Math.min(LIMITS.pages, pages.length)} of ${formatCount(pages.length)})`,
    '',
    '| page | broken promises | failing tests | checks |',
    '| --- | --- | --- | --- |',
    ...pages.slice(0, LIMITS.pages).map(([page, promises]) => {
      const checks = largestFirst(groupBy(promises, (promise) => promise.check)).map(([check, list]) => `${check} ${list.length}`);
      return `| ${cell(page)} | ${formatCount(promises.length)} | ${formatCount(new Set(promises.map((p) => p.test)).size)} | ${checks.join(', ')} |`;
    }),
    '',
  ];
}

function differencesSection(analysis: RunAnalysis): string[] {
  const differences = analysis.differences.filter((difference) => difference.promises.some((promise) => !promise.known));
  if (!differences.length) return ['### Broken promises by difference', '', 'None.', ''];
  const history = Boolean(analysis.facts.history);
  const lines = [
    `### Broken promises by difference (${formatCount(differences.length)} distinct, from ${plural(analysis.broken.filter((p) => !p.known).length, 'broken promise')})`,
    '',
    'One row per distinct difference (check, documented type and property, expected, got), most tests first.',
    '',
    `| tests | check | verdict | difference |${history ? ' since the last run |' : ''} e.g. |`,
    `| --- | --- | --- | --- |${history ? ' --- |' : ''} --- |`,
  ];
  for (const difference of differences.slice(0, LIMITS.differences)) {
    const titles = difference.tests.slice(0, LIMITS.titlesPerDifference).map((title) => cell(title, 120));
    const others = difference.tests.length - titles.length;
    lines.push(
      `| ${formatCount(difference.tests.length)} | ${difference.check} | ${verdictsOf(difference)} | ${cell(describeDifference(difference), 400)} |` +
        `${history ? ` ${differenceMarks(difference)} |` : ''} ${titles.join('<br>')}${others > 0 ? `<br>and ${formatCount(others)} more` : ''} |`,
    );
  }
  lines.push('', ...more(LIMITS.differences, differences.length, 'differences', 'see the per-page detail below and the full reports'));
  return lines;
}

function coveragePerPage(analysis: RunAnalysis): string[] {
  const { documented } = analysis.facts;
  const examples = analysis.facts.tests.filter(isExample);
  const lines: string[] = [];
  const byPage = groupBy(examples, (entry) => pageOf(entry.title));
  const unsent = [...byPage]
    .map(([page, tests]) => ({ page, tests, notSent: tests.filter((t) => t.outcome === 'skipped') }))
    .filter(({ notSent }) => notSent.length)
    .sort((a, b) => b.notSent.length - a.notSent.length || a.page.localeCompare(b.page));
  const missing = new Map((documented?.pages ?? []).map((page) => [page.page, page]));
  if (unsent.length) {
    lines.push(
      `### Pages with most examples not sent (${Math.min(LIMITS.coveragePages, unsent.length)} of ${formatCount(unsent.length)})`,
      '',
      '| page | examples | sent | passed | failed | not sent | requests with no example |',
      '| --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const { page, tests, notSent } of unsent.slice(0, LIMITS.coveragePages)) {
      const kinds = largestFirst(groupBy(notSent, (t) => t.skip?.kind ?? 'other'))
        .map(([kind, list]) => `${SKIP_KIND_LABELS[kind as SkipKind]} ${list.length}`)
        .join(', ');
      const sent = tests.filter((t) => t.report);
      const gaps = missing.get(page);
      lines.push(
        `| ${cell(page)} | ${tests.length} | ${sent.length} | ${tests.filter((t) => t.outcome === 'passed').length} | ` +
          `${tests.filter((t) => t.outcome === 'failed').length} | ${notSent.length}: ${kinds} | ${gaps ? `${gaps.withoutExample.length} of ${gaps.operations}` : ''} |`,
      );
    }
    lines.push(
      '',
      ...more(LIMITS.coveragePages, unsent.length, 'pages with examples not sent', 'see "Skipped tests" below and the full reports'),
    );
  }
  const gaps = (documented?.pages ?? [])
    .filter((page) => page.withoutExample.length)
    .sort((a, b) => b.withoutExample.length - a.withoutExample.length || a.page.localeCompare(b.page));
  if (gaps.length) {
    lines.push(
      `### Documented requests no example sends (${Math.min(LIMITS.coveragePages, gaps.length)} of ${formatCount(gaps.length)} pages)`,
      '',
    );
    for (const page of gaps.slice(0, LIMITS.coveragePages)) {
      const shown = page.withoutExample.slice(0, 5).map(code).join(', ');
      lines.push(
        `- ${page.page}: ${page.withoutExample.length} of ${page.operations}: ${shown}${page.withoutExample.length > 5 ? ', …' : ''}`,
      );
    }
    lines.push('', ...more(LIMITS.coveragePages, gaps.length, 'pages', '`npm run docs:check` lists every page'));
  }
  return lines.length ? ['## Coverage per page', '', ...lines] : [];
}

/** The per-page detail of the broken promises that fail, as many pages as `budget` bytes hold. */
function detailSection(analysis: RunAnalysis, budget: number): string[] {
  const failing = analysis.broken.filter((promise) => !promise.known);
  const history = Boolean(analysis.facts.history);
  const lines = ['## Broken promises per page', ''];
  if (!failing.length) return [...lines, 'None.', ''];
  const pages = [...groupBy(failing, (promise) => pageOf(promise.test))].sort(([a], [b]) => a.localeCompare(b));
  let used = Buffer.byteLength(lines.join('\n'));
  let shownRows = 0;
  for (const [page, promises] of pages) {
    const block = [
      `### ${page}`,
      '',
      `| test | check | verdict | broken promise |${history ? ' since the last run |' : ''}`,
      `| --- | --- | --- | --- |${history ? ' --- |' : ''}`,
      ...promises.map(
        (promise) =>
          `| ${cell(promise.test, 150)} | ${promise.check} | ${promise.verdict ?? ''} | ${cell(formatViolation(promise.violation), 300)} |` +
          `${history ? ` ${promise.mark ? describeMark(promise.mark) : ''} |` : ''}`,
      ),
      '',
    ];
    const size = Buffer.byteLength(`${block.join('\n')}\n`);
    if (used + size > budget) break;
    lines.push(...block);
    used += size;
    shownRows += promises.length;
  }
  if (shownRows < failing.length) {
    lines.push(
      `… ${formatCount(failing.length - shownRows)} more broken promises (of ${formatCount(failing.length)}) are not listed here, to keep this file under GitHub's 1 MiB: ` +
        `they are in ${fullReports(analysis)}.`,
      '',
    );
  }
  return lines;
}

const fullReports = (analysis: RunAnalysis) =>
  analysis.facts.fullReports?.length ? analysis.facts.fullReports.join(', ') : 'the HTML, JSON and JUnit reports';

function knownSection(analysis: RunAnalysis): string[] {
  const known = analysis.broken.filter((promise) => promise.known);
  if (!known.length) return [];
  // The baseline's own lookup, the one that marked these promises known when their tests ran.
  const lookup = new KnownDeviations(analysis.facts.knownDeviations ?? []);
  const describe = (promise: BrokenPromise) => {
    const key: DeviationKey = {
      test: promise.test,
      check: promise.check as DeviationKey['check'],
      pointer: violationPointer(promise.violation),
      ...(promise.verdict ? { verdict: promise.verdict } : {}),
    };
    const entry = lookup.find(key);
    const reason = entry ? `${entry.reason.trim() || 'no reason given'}; first seen ${entry.firstSeen}` : 'in the baseline';
    return `- ${promise.test}: ${code(describeKey(key))} (${cell(reason, 300)})`;
  };
  return [
    `## Known deviations (${formatCount(known.length)})`,
    '',
    'Broken, but accepted in the baseline: they do not fail their tests.',
    '',
    ...known.slice(0, LIMITS.known).map(describe),
    '',
    ...more(LIMITS.known, known.length, 'known deviations', 'see the baseline file'),
  ];
}

function staleSection({ facts }: RunAnalysis): string[] {
  const lines = ['## Stale known deviations', ''];
  if (!facts.stale.length) return [...lines, 'None.', ''];
  lines.push('These no longer occur. Remove them with `UPDATE_BASELINE=prune npx playwright test`.', '');
  for (const deviation of facts.stale.slice(0, LIMITS.stale))
    lines.push(
      `- ${deviation.test}: \`${describeKey(deviation)}\` (${cell(deviation.reason.trim() || 'no reason given', 300)}; first seen ${deviation.firstSeen})`,
    );
  return [...lines, '', ...more(LIMITS.stale, facts.stale.length, 'stale entries', 'prune them to see the rest')];
}

function crashSection(analysis: RunAnalysis): string[] {
  const crashes = analysis.facts.tests.flatMap((entry) =>
    (entry.report?.checks ?? [])
      .filter((r) => r.outcome === 'crashed')
      .map((r) => ({ test: entry.title, check: r.check, reason: r.reason ?? '' })),
  );
  if (!crashes.length) return [];
  const groups = largestFirst(groupBy(crashes, (crash) => `${crash.check}: ${crash.reason}`));
  return [
    `## Checks that crashed (${formatCount(crashes.length)}): a bug in the suite, please report it`,
    '',
    ...groups.slice(0, LIMITS.crashes).map(([what, list]) => `- ${cell(what, 300)} (${plural(list.length, 'test')}, e.g. ${list[0].test})`),
    '',
    ...more(LIMITS.crashes, groups.length, 'kinds of crash', fullReports(analysis)),
  ];
}

function skippedSection(analysis: RunAnalysis): string[] {
  const skipped = analysis.facts.tests.filter((entry) => entry.outcome === 'skipped');
  const lines = ['## Skipped tests', ''];
  if (!skipped.length) return [...lines, 'None.', ''];
  for (const [kind, tests] of largestFirst(groupBy(skipped, (entry) => entry.skip?.kind ?? 'other'))) {
    lines.push(`### ${SKIP_KIND_LABELS[kind as SkipKind]} (${formatCount(tests.length)})`, '');
    const reasons = largestFirst(groupBy(tests, (entry) => entry.skip?.reason ?? 'skipped without a reason'));
    for (const [reason, list] of reasons.slice(0, LIMITS.reasonsPerKind)) {
      lines.push(`- ${cell(reason, 400)} (${plural(list.length, 'test')})`);
      lines.push(...list.slice(0, LIMITS.titlesPerReason).map((entry) => `  - ${entry.title}`));
      if (list.length > LIMITS.titlesPerReason) lines.push(`  - … and ${formatCount(list.length - LIMITS.titlesPerReason)} more`);
    }
    lines.push('', ...more(LIMITS.reasonsPerKind, reasons.length, 'reasons', fullReports(analysis)));
  }
  return lines;
}

function leftBehindSection(analysis: RunAnalysis): string[] {
  const lines = ['## Resources left behind', ''];
  if (!analysis.leftBehind.length) return [...lines, 'None.', ''];
  for (const { test, resource } of analysis.leftBehind.slice(0, LIMITS.leftBehind)) lines.push(`- ${cell(resource, 400)} (${test})`);
  return [...lines, '', ...more(LIMITS.leftBehind, analysis.leftBehind.length, 'resources', `every one is in ${fullReports(analysis)}`)];
}

/** Cuts text to at most `limit` bytes at a line end, saying so: the last guard of the 1 MiB promise. */
function bounded(text: string, limit: number, tail: string): string {
  if (Buffer.byteLength(text) <= limit) return text;
  const room = limit - Buffer.byteLength(tail) - 1;
  let cutAt = Buffer.from(text).subarray(0, room).toString('utf8').lastIndexOf('\n');
  if (cutAt < 0) cutAt = 0;
  return `${text.slice(0, cutAt)}\n${tail}`;
}

/** The facts, analysed (the reporter analyses once for the file, the console and the HTML title). */
const analysed = (run: RunFacts | RunAnalysis): RunAnalysis => ('facts' in run ? run : analyseRun(run));

export function summaryMarkdown(run: RunFacts | RunAnalysis, limit = SUMMARY_LIMIT_BYTES): string {
  const analysis = analysed(run);
  const head = [
    ...headSection(analysis),
    '## Overview',
    '',
    ...checksTable(analysis),
    ...statusTable(analysis),
    ...historySection(analysis),
    ...pagesSection(analysis),
    ...differencesSection(analysis),
    ...coveragePerPage(analysis),
  ];
  const tail = [
    ...knownSection(analysis),
    ...staleSection(analysis),
    ...crashSection(analysis),
    ...skippedSection(analysis),
    ...leftBehindSection(analysis),
    '## The full lists',
    '',
    `Every test, its steps, attachments and check results: ${fullReports(analysis)}.`,
    '',
  ];
  const fixed = Buffer.byteLength(`${head.join('\n')}\n${tail.join('\n')}\n`);
  const detail = detailSection(analysis, Math.max(0, limit - fixed - 2_000));
  return bounded(
    [...head, ...detail, ...tail].join('\n'),
    limit,
    `… cut here to stay under ${formatCount(limit)} bytes: see ${fullReports(analysis)}.\n`,
  );
}

/** A few lines for the end of the console output: the summary's opening, never the list. */
export function summaryConsole(run: RunFacts | RunAnalysis, summaryFile: string): string {
  const analysis = analysed(run);
  const { facts } = analysis;
  const failing = analysis.differences.filter((difference) => difference.promises.some((promise) => !promise.known));
  const lines = [`Summary: ${countsLine(analysis)}`];
  lines.push(...coverageLines(analysis).map((line) => `  ${line}`));
  lines.push(...analysis.warnings.map((warning) => `  ⚠ ${warning}`));
  if (analysis.broken.length) lines.push(`  verdicts: ${verdictLine(analysis.broken)}`);
  if (facts.history) lines.push(`  since the last run: ${markCounts(analysis.broken, facts.history.fixed.length)}`);
  if (failing.length) {
    lines.push(`  broken promises: ${plural(failing.length, 'distinct difference')}, most tests first:`);
    for (const difference of failing.slice(0, LIMITS.consoleDifferences))
      lines.push(`    ${plural(difference.tests.length, 'test')}: ${difference.check} ${cut(describeDifference(difference), 160)}`);
    if (failing.length > LIMITS.consoleDifferences) lines.push(`    … and ${formatCount(failing.length - LIMITS.consoleDifferences)} more`);
  }
  if (facts.stale.length) lines.push(`  stale known deviations: ${facts.stale.length} (remove with UPDATE_BASELINE=prune)`);
  if (facts.baselineNote) lines.push(`  ${facts.baselineNote}`);
  if (facts.historyNote) lines.push(`  ${facts.historyNote}`);
  // Someone has to delete these by hand: each is named, not only counted (up to a screenful).
  lines.push(...analysis.leftBehind.slice(0, LIMITS.consoleLeftBehind).map(({ resource }) => `  left behind: ${resource}`));
  if (analysis.leftBehind.length > LIMITS.consoleLeftBehind)
    lines.push(`  … and ${analysis.leftBehind.length - LIMITS.consoleLeftBehind} more left behind (listed in ${summaryFile})`);
  lines.push(`  details: ${summaryFile}${facts.fullReports?.length ? `; every test: ${facts.fullReports.join(', ')}` : ''}`);
  return lines.join('\n');
}

/** One line for the HTML report's title: what the run proves, and the first warning. */
export function summaryTitle(run: RunFacts | RunAnalysis): string {
  const analysis = analysed(run);
  const { facts } = analysis;
  const coverage = analysis.projects.map(
    (p) => `${p.project ? `${p.project} ` : ''}${formatCount(p.sent)} of ${formatCount(p.examples)} examples sent`,
  );
  const documented = facts.documented
    ? [
        `${formatCount(facts.documented.withoutExample)} of ${formatCount(facts.documented.operations)} documented requests without an example`,
      ]
    : [];
  return `Coverage: ${[...coverage, ...documented, ...analysis.warnings.slice(0, 1).map((warning) => `⚠ ${warning}`)].join(' · ')}`;
}

/** The coverage and warnings as the report's metadata carries them (one entry each; the HTML report shows metadata as text). */
export function summaryMetadata(run: RunFacts | RunAnalysis): Record<string, string> {
  const analysis = analysed(run);
  const { facts } = analysis;
  return {
    coverage: coverageLines(analysis).join(' | '),
    warnings: analysis.warnings.join(' | ') || 'none',
    verdicts: verdictLine(analysis.broken),
    ...(facts.metadata ? { serviceMetadata: facts.metadata } : {}),
  };
}
