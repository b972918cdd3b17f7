/**
 * A Playwright reporter (registered in playwright.config.ts, before `html`) that reads every test's
 * `check-results` attachment and annotations at the end of the run and then:
 *   - writes the baseline on UPDATE_BASELINE=1 (new broken promises added, reasons and dates kept) or
 *     drops stale entries on UPDATE_BASELINE=prune;
 *   - reads HISTORY_FILE to mark each broken promise new / still failing / flaky and list the fixed ones,
 *     then appends this run's records to it (a shard does not: the merge of the shards writes the run);
 *   - writes `summary.md` to the reports folder, appends it to `$GITHUB_STEP_SUMMARY` when set (not from
 *     a shard: the merged summary covers the whole run), and prints its opening on the console;
 *   - puts the coverage before what broke in the reports written after it: the HTML report's title
 *     (PLAYWRIGHT_HTML_TITLE, unless set) and the run's metadata (`coverage`, `warnings`, `verdicts`),
 *     which the HTML reporter reads when the run ends.
 * Only tests that ran in this run count: a `--grep` or shard run never calls the others' entries stale.
 * It also runs under `playwright merge-reports --config playwright.config.ts`, on the shards' results.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig, FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import {
  EMPTY_BASELINE,
  formatBaseline,
  parseBaseline,
  pruneDeviations,
  recordDeviations,
  staleDeviations,
  violationPointer,
  type Baseline,
  type KnownDeviation,
  type TestOutcome,
} from './baseline';
import { CHECK_RESULTS_ATTACHMENT, LEFT_BEHIND_ANNOTATION, readTestReport, SKIP_KIND_ANNOTATION, skipKindOf } from './checkResults';
import type { DocumentedCoverage, TestEntry } from './coverage';
import { appendRun, markPromises, parseHistory, promiseKey, type HistoryRecord } from './history';
import { analyseRun, summaryConsole, summaryMarkdown, summaryMetadata, summaryTitle, type RunAnalysis, type RunFacts } from './summary';
import { describeMetadata, metadataInUse } from '../core/metadataInUse';
import { shownPath } from '../core/shownPath';

export interface SummaryReporterOptions {
  reportsDir: string;
  baselineFile?: string;
  knownDeviations?: KnownDeviation[];
  updateBaseline?: 'record' | 'prune';
  /** HISTORY_FILE (absolute); undefined: no history (HISTORY_FILE=none). */
  historyFile?: string;
  /** What the pages document (src/contracts/coverage.ts): the coverage's first line. */
  documented?: DocumentedCoverage;
  /** Where every test is listed in full, in words, for the summary's pointers (`reports/results.json`, …). */
  fullReports?: string[];
}

function attachmentJson(result: TestResult): unknown {
  const attachment = result.attachments.find((a) => a.name === CHECK_RESULTS_ATTACHMENT);
  const text =
    attachment?.body?.toString('utf8') ??
    (attachment?.path && fs.existsSync(attachment.path) ? fs.readFileSync(attachment.path, 'utf8') : undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const OUTCOME_WORDS = { expected: 'passed', unexpected: 'failed', flaky: 'flaky', skipped: 'skipped' } as const;

/** One test as the summary sees it, from what Playwright hands the reporter. */
export function testEntry(test: TestCase, result: TestResult): TestEntry {
  // The last attempt's annotations hold the runtime ones (skip reasons, left behind); the test's, the static ones.
  const annotations = result.annotations.length ? result.annotations : test.annotations;
  const outcome = OUTCOME_WORDS[test.outcome()];
  const report = readTestReport(attachmentJson(result));
  const leftBehind = annotations.filter((a) => a.type === LEFT_BEHIND_ANNOTATION).map((a) => a.description ?? '(unnamed)');
  return {
    title: test.title,
    project: test.parent.project()?.name ?? '',
    outcome,
    ...(outcome === 'skipped'
      ? {
          skip: {
            kind: skipKindOf(annotations.filter((a) => a.type === SKIP_KIND_ANNOTATION).at(-1)?.description),
            reason: annotations.find((a) => a.type === 'skip' || a.type === 'fixme')?.description ?? 'skipped without a reason',
          },
        }
      : {}),
    ...(report ? { report } : {}),
    ...(leftBehind.length ? { leftBehind } : {}),
  };
}

/** What the baseline needs of a test: the checks evaluated and the keys of what broke. */
function baselineOutcome(entry: TestEntry): TestOutcome | undefined {
  if (!entry.report) return undefined;
  const checks = entry.report.checks;
  return {
    test: entry.title,
    evaluated: checks.filter((c) => c.outcome === 'kept' || c.outcome === 'broken').map((c) => c.check),
    broken: checks.flatMap((c) =>
      (c.violations ?? []).map((v) => ({
        test: entry.title,
        check: c.check,
        pointer: violationPointer(v),
        ...(v.verdict ? { verdict: v.verdict } : {}),
      })),
    ),
  };
}

/** What the history records of a test in this run. */
function historyRecord(run: string, entry: TestEntry): HistoryRecord {
  const checks = entry.report?.checks ?? [];
  const broken = [...new Set(checks.flatMap((c) => (c.violations ?? []).map((v) => promiseKey(c.check, violationPointer(v)))))];
  const unchecked = checks.filter((c) => c.outcome === 'not-applicable' || c.outcome === 'crashed').map((c) => c.check);
  return {
    run,
    test: entry.title,
    outcome: entry.outcome,
    ...(broken.length ? { broken } : {}),
    ...(unchecked.length ? { unchecked } : {}),
  };
}

export default class SummaryReporter implements Reporter {
  /** The last result of each test (retries replace earlier ones). */
  private readonly seen = new Map<string, { test: TestCase; result: TestResult }>();
  private config?: FullConfig;

  constructor(private readonly options: SummaryReporterOptions) {}

  printsToStdio(): boolean {
    return false;
  }

  onBegin(config: FullConfig): void {
    this.config = config;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.seen.set(test.id, { test, result });
  }

  onEnd(result: FullResult): void {
    // `--list` runs no test: there is nothing to sum up, and an earlier run's summary must stay.
    if (process.argv.includes('--list')) return;
    const tests = [...this.seen.values()].map(({ test, result: testResult }) => testEntry(test, testResult));
    const outcomes = tests.map(baselineOutcome).filter((outcome): outcome is TestOutcome => outcome !== undefined);
    const knownDeviations = this.options.knownDeviations ?? EMPTY_BASELINE.deviations;
    const baseline: Baseline = { version: 1, deviations: knownDeviations };
    const stale = staleDeviations(baseline.deviations, outcomes);
    const baselineNote = this.updateBaseline(baseline, outcomes, stale);
    const shard = this.config?.shard;
    const history = this.history(result.startTime.toISOString(), tests, Boolean(shard));
    const target: unknown = this.config?.metadata.target;
    // What the runner's global setup found (METADATA); a merge of shards has no setup of its own.
    const metadata = metadataInUse();

    const facts: RunFacts = {
      status: result.status,
      tests,
      ...(this.options.documented ? { documented: this.options.documented } : {}),
      knownDeviations,
      stale: this.options.updateBaseline === 'prune' ? [] : stale,
      ...(baselineNote ? { baselineNote } : {}),
      ...history,
      ...(typeof target === 'string' ? { target } : {}),
      ...(metadata ? { metadata: describeMetadata(metadata) } : {}),
      ...(this.options.fullReports ? { fullReports: this.options.fullReports } : {}),
      ...(shard ? { shard } : {}),
    };
    const analysis = analyseRun(facts);
    // Read by the html and json reporters when they end, after this one.
    if (this.config) Object.assign(this.config.metadata, summaryMetadata(analysis));
    if (!process.env.PLAYWRIGHT_HTML_TITLE) process.env.PLAYWRIGHT_HTML_TITLE = summaryTitle(analysis);
    this.writeSummary(analysis, Boolean(shard));
  }

  /** Marks from the history file, and this run appended to it (not by a shard). */
  private history(run: string, tests: TestEntry[], shard: boolean): Pick<RunFacts, 'history' | 'historyNote'> {
    const file = this.options.historyFile;
    if (!file) return {};
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        return {
          historyNote: `History: ${shownPath(file)} cannot be read (${(error as NodeJS.ErrnoException).code}): no marks, not written.`,
        };
    }
    const { records, unreadable } = parseHistory(text);
    const earlier = records.filter((record) => record.run !== run);
    const current = tests.map((entry) => historyRecord(run, entry));
    const runs = new Set(earlier.map((record) => record.run)).size;
    const notes = [
      ...(unreadable ? [`${unreadable} unreadable line(s) of ${shownPath(file)} ignored`] : []),
      ...(runs ? [] : [`no earlier run in ${shownPath(file)}: the marks start with the next run`]),
      ...(shard ? ['a shard does not write the history: the merged report of the shards records the run'] : []),
    ];
    if (!shard) {
      // Whole, then renamed: a run stopped while writing never leaves half a history.
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(temporary, appendRun(records, current));
        fs.renameSync(temporary, file);
      } catch (error) {
        fs.rmSync(temporary, { force: true });
        notes.push(
          `${shownPath(file)} cannot be written (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): this run is not recorded`,
        );
      }
    }
    return {
      ...(runs ? { history: { ...markPromises(earlier, current), runs } } : {}),
      ...(notes.length ? { historyNote: `History: ${notes.join('; ')}.` } : {}),
    };
  }

  /** Writes the baseline file when asked to; says what it did, for the summary. */
  private updateBaseline(baseline: Baseline, outcomes: TestOutcome[], stale: KnownDeviation[]): string | undefined {
    const { updateBaseline, baselineFile } = this.options;
    if (!updateBaseline || !baselineFile) return undefined;
    // Re-read the file: it is the source of truth for reasons a person wrote since the run began.
    const current = fs.existsSync(baselineFile) ? parseBaseline(fs.readFileSync(baselineFile, 'utf8')) : baseline;
    const name = shownPath(baselineFile);
    fs.mkdirSync(path.dirname(baselineFile), { recursive: true });
    if (updateBaseline === 'prune') {
      fs.writeFileSync(baselineFile, formatBaseline(pruneDeviations(current, stale)));
      return `Baseline: removed ${stale.length} stale known deviation(s) from ${name}.`;
    }
    const { baseline: recorded, added } = recordDeviations(current, outcomes, new Date().toISOString().slice(0, 10));
    fs.writeFileSync(baselineFile, formatBaseline(recorded));
    return `Baseline: recorded ${added.length} new known deviation(s) in ${name}; write a reason for each before committing it.`;
  }

  private writeSummary(analysis: RunAnalysis, shard: boolean): void {
    const markdown = summaryMarkdown(analysis);
    const file = path.join(this.options.reportsDir, 'summary.md');
    fs.mkdirSync(this.options.reportsDir, { recursive: true });
    fs.writeFileSync(file, markdown);
    const step = process.env.GITHUB_STEP_SUMMARY;
    if (step && !shard) fs.appendFileSync(step, `${markdown}\n`);
    console.log(`\n${summaryConsole(analysis, shownPath(file))}\n`);
  }
}
