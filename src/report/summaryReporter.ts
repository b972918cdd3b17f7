/**
 * A Playwright reporter (registered in playwright.config.ts) that reads every test's `check-results`
 * attachment and annotations at the end of the run and then:
 *   - writes the baseline on UPDATE_BASELINE=1 (new broken promises added, reasons and dates kept) or
 *     drops stale entries on UPDATE_BASELINE=prune;
 *   - writes `summary.md` to the reports folder, appends it to `$GITHUB_STEP_SUMMARY` when set, and
 *     prints a compact version on the console.
 * Only tests that ran in this run count: a `--grep` or shard run never calls the others' entries stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
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
import { CHECK_RESULTS_ATTACHMENT, LEFT_BEHIND_ANNOTATION, readTestReport, type CheckResult } from './checkResults';
import { summaryConsole, summaryMarkdown, type BrokenPromise, type RunFacts } from './summary';

export interface SummaryReporterOptions {
  reportsDir: string;
  baselineFile?: string;
  knownDeviations?: KnownDeviation[];
  updateBaseline?: 'record' | 'prune';
}

interface Seen {
  test: TestCase;
  result: TestResult;
}

function checkResultsOf(result: TestResult): CheckResult[] | undefined {
  const attachment = result.attachments.find((a) => a.name === CHECK_RESULTS_ATTACHMENT);
  const text =
    attachment?.body?.toString('utf8') ??
    (attachment?.path && fs.existsSync(attachment.path) ? fs.readFileSync(attachment.path, 'utf8') : undefined);
  return text === undefined ? undefined : readTestReport(text).checks;
}

/** A path as the user would type it: relative inside the project folder, absolute elsewhere. */
const shown = (file: string) => {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
};

const annotationsOf = ({ test, result }: Seen) => (result.annotations.length ? result.annotations : test.annotations);

export default class SummaryReporter implements Reporter {
  /** The last result of each test (retries replace earlier ones). */
  private readonly seen = new Map<string, Seen>();

  constructor(private readonly options: SummaryReporterOptions) {}

  printsToStdio(): boolean {
    return false;
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    this.seen.set(test.id, { test, result });
  }

  onEnd(result: FullResult): void {
    // `--list` runs no test: there is nothing to sum up, and an earlier run's summary must stay.
    if (process.argv.includes('--list')) return;
    const seen = [...this.seen.values()];
    const outcomes: TestOutcome[] = [];
    const broken: BrokenPromise[] = [];
    for (const { test, result: testResult } of seen) {
      const checks = checkResultsOf(testResult);
      if (!checks) continue;
      const evaluated = checks.filter((c) => c.outcome !== 'not-applicable' && c.outcome !== 'crashed').map((c) => c.check);
      const violations = checks.flatMap((c) =>
        (c.violations ?? []).map(({ known, ...violation }) => ({ test: test.title, check: c.check, violation, known })),
      );
      broken.push(...violations);
      outcomes.push({
        test: test.title,
        evaluated,
        broken: violations.map(({ test: title, check, violation }) => ({ test: title, check, pointer: violationPointer(violation) })),
      });
    }
    const baseline: Baseline = { version: 1, deviations: this.options.knownDeviations ?? EMPTY_BASELINE.deviations };
    const stale = staleDeviations(baseline.deviations, outcomes);
    const baselineNote = this.updateBaseline(baseline, outcomes, stale);

    const facts: RunFacts = {
      status: result.status,
      counts: { passed: 0, failed: 0, flaky: 0, skipped: 0 },
      broken,
      stale: this.options.updateBaseline === 'prune' ? [] : stale,
      skipped: new Map(),
      leftBehind: [],
      ...(baselineNote ? { baselineNote } : {}),
    };
    for (const entry of seen) {
      const outcome = entry.test.outcome();
      if (outcome === 'expected') facts.counts.passed++;
      else if (outcome === 'unexpected') facts.counts.failed++;
      else if (outcome === 'flaky') facts.counts.flaky++;
      else facts.counts.skipped++;
      const annotations = annotationsOf(entry);
      if (outcome === 'skipped') {
        const reason = annotations.find((a) => a.type === 'skip')?.description ?? 'skipped without a reason';
        facts.skipped.set(reason, [...(facts.skipped.get(reason) ?? []), entry.test.title]);
      }
      for (const annotation of annotations) {
        if (annotation.type === LEFT_BEHIND_ANNOTATION)
          facts.leftBehind.push({ test: entry.test.title, resource: annotation.description ?? '(unnamed)' });
      }
    }
    this.writeSummary(facts);
  }

  /** Writes the baseline file when asked to; says what it did, for the summary. */
  private updateBaseline(baseline: Baseline, outcomes: TestOutcome[], stale: KnownDeviation[]): string | undefined {
    const { updateBaseline, baselineFile } = this.options;
    if (!updateBaseline || !baselineFile) return undefined;
    // Re-read the file: it is the source of truth for reasons a person wrote since the run began.
    const current = fs.existsSync(baselineFile) ? parseBaseline(fs.readFileSync(baselineFile, 'utf8')) : baseline;
    const name = shown(baselineFile);
    fs.mkdirSync(path.dirname(baselineFile), { recursive: true });
    if (updateBaseline === 'prune') {
      fs.writeFileSync(baselineFile, formatBaseline(pruneDeviations(current, stale)));
      return `Baseline: removed ${stale.length} stale known deviation(s) from ${name}.`;
    }
    const { baseline: recorded, added } = recordDeviations(current, outcomes, new Date().toISOString().slice(0, 10));
    fs.writeFileSync(baselineFile, formatBaseline(recorded));
    return `Baseline: recorded ${added.length} new known deviation(s) in ${name}; write a reason for each before committing it.`;
  }

  private writeSummary(facts: RunFacts): void {
    const markdown = summaryMarkdown(facts);
    const file = path.join(this.options.reportsDir, 'summary.md');
    fs.mkdirSync(this.options.reportsDir, { recursive: true });
    fs.writeFileSync(file, markdown);
    const step = process.env.GITHUB_STEP_SUMMARY;
    if (step) fs.appendFileSync(step, `${markdown}\n`);
    console.log(`\n${summaryConsole(facts, shown(file))}\n`);
  }
}
