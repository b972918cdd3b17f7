/**
 * What a run proves before what broke (issue 18): how much of the documents it covered, and the warnings
 * a person must read before trusting a green run (most examples not sent, every request refused, no write).
 * Pure: the documented side comes in as plain numbers (src/contracts/coverage.ts computes them from the
 * pages, playwright.config.ts passes them to the summary reporter), the run side from the tests.
 */
import { SKIP_KIND_LABELS, type SkipKind, type TestReport } from './checkResults';

/** What the pages document, whatever the run sent: distinct requests (method + path template) and which no example sends. */
export interface DocumentedCoverage {
  /** Distinct documented requests, over all pages (`GET /users/{id}` on two pages counts once). */
  operations: number;
  /** Of those, the ones no example of any page sends. */
  withoutExample: number;
  /** Documented examples (tests of the contracts project, when every page is listed). */
  examples: number;
  /** Pages that document requests: how many, and which of them no example sends (`GET /users/{id}/events`). */
  pages: { page: string; operations: number; withoutExample: string[] }[];
}

/** One test of the run as the summary sees it. */
export interface TestEntry {
  title: string;
  /** The Playwright project (`contracts`, `negative`). */
  project: string;
  outcome: 'passed' | 'failed' | 'flaky' | 'skipped';
  /** Why it was skipped, when it was. */
  skip?: { kind: SkipKind; reason: string };
  /** Its `check-results`, when it sent its request; `sentKnown` false for attachments that do not say what was sent. */
  report?: TestReport & { sentKnown?: boolean };
  /** Resources its clean-up could not delete. */
  leftBehind?: string[];
}

/** The page a test belongs to: its title up to `#`. */
export const pageOf = (test: string) => test.split('#')[0];
/** A test of an example (`page.md#name`), not one standing for a page with nothing to replay (`page.md`). */
export const isExample = (entry: TestEntry) => entry.title.includes('#');

export interface ProjectCoverage {
  project: string;
  /** Its example tests in this run. */
  examples: number;
  /** Sent, with check results. */
  sent: number;
  passed: number;
  failed: number;
  flaky: number;
  /** Failed before any check could run: no check results (the request got no answer, or the suite broke). */
  failedUnchecked: number;
  notSent: number;
  notSentByKind: Map<SkipKind, number>;
  /** Sent requests by the status they got (`undefined`: no answer), of those whose report says. */
  statuses: Map<number | undefined, number>;
  /** Sent requests whose report does not say what was sent (the earlier attachment format). */
  sentUnknown: number;
  /** Sent requests that write (POST, PATCH, PUT, DELETE, actions), of those whose report says. */
  writes: number;
}

const add = <K>(map: Map<K, number>, key: K, count = 1) => map.set(key, (map.get(key) ?? 0) + count);

/** Coverage per project, in order of first appearance. */
export function projectCoverage(tests: readonly TestEntry[]): ProjectCoverage[] {
  const projects = new Map<string, ProjectCoverage>();
  for (const entry of tests.filter(isExample)) {
    let p = projects.get(entry.project);
    if (!p) {
      p = {
        project: entry.project,
        examples: 0,
        sent: 0,
        passed: 0,
        failed: 0,
        flaky: 0,
        failedUnchecked: 0,
        notSent: 0,
        notSentByKind: new Map(),
        statuses: new Map(),
        sentUnknown: 0,
        writes: 0,
      };
      projects.set(entry.project, p);
    }
    p.examples++;
    if (entry.outcome === 'skipped') {
      p.notSent++;
      add(p.notSentByKind, entry.skip?.kind ?? 'other');
    } else if (entry.report) {
      p.sent++;
      if (entry.outcome === 'passed') p.passed++;
      else if (entry.outcome === 'flaky') p.flaky++;
      else p.failed++;
      if (entry.report.sentKnown === false) p.sentUnknown++;
      else {
        add(p.statuses, entry.report.sent.status);
        if (entry.report.sent.write) p.writes++;
      }
    } else if (entry.outcome === 'passed') {
      // Passed without check results: a test of another kind; it proves what it proves.
      p.passed++;
    } else {
      p.failedUnchecked++;
    }
  }
  return [...projects.values()];
}

const percent = (part: number, whole: number) => `${Math.round((100 * part) / whole)} %`;
const number = (n: number) => n.toLocaleString('en-US');
/** `1 page`, `1,200 tests`. */
export const plural = (count: number, word: string) => `${number(count)} ${word}${count === 1 ? '' : 's'}`;

/** Not-sent reasons by count, largest first, each with its share of the project's examples. */
const reasonShares = (p: ProjectCoverage, limit: number) =>
  [...p.notSentByKind]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, limit)
    .map(([kind, count]) => `${SKIP_KIND_LABELS[kind]} ${percent(count, p.examples)}`);

/** A run that sends fewer than this share of its examples is warned about. */
export const NOT_SENT_WARNING_SHARE = 0.1;
/** A run whose requests are refused (401/403) at least this often is warned about. */
export const REFUSED_WARNING_SHARE = 0.5;

/**
 * What a person must read before trusting the run, most serious first: nothing ran, a project's examples
 * mostly not sent (NEGATIVE_TESTS=off is a choice, not a gap: those tests are left out of the share), the
 * token refused, nothing answered, no write exercised.
 */
export function coverageWarnings(
  tests: readonly TestEntry[],
  // The caller that has already computed it (analyseRun) passes it, not to walk the tests twice.
  projects: readonly ProjectCoverage[] = projectCoverage(tests),
): string[] {
  const ran = tests.filter((entry) => entry.outcome !== 'skipped').length;
  if (!ran) return [tests.length ? `no test ran (${number(tests.length)} skipped)` : 'no test ran'];
  const warnings: string[] = [];
  const named = (p: ProjectCoverage) => (projects.length > 1 ? `${p.project}: ` : '');
  for (const p of projects) {
    const chosen = p.notSentByKind.get('negative-off') ?? 0;
    const considered = { ...p, examples: p.examples - chosen, notSent: p.notSent - chosen, notSentByKind: new Map(p.notSentByKind) };
    considered.notSentByKind.delete('negative-off');
    if (considered.examples > 0 && considered.notSent >= NOT_SENT_WARNING_SHARE * considered.examples) {
      warnings.push(
        `${named(p)}${percent(considered.notSent, considered.examples)} of the examples were not sent (${reasonShares(considered, 3).join(', ')})`,
      );
    }
    // What was sent is known only from reports that say it: these warnings need every one of them.
    const known = p.sent - p.sentUnknown;
    if (!known || p.sentUnknown) continue;
    const refused = (p.statuses.get(401) ?? 0) + (p.statuses.get(403) ?? 0);
    if (refused === known)
      warnings.push(`${named(p)}every sent request was answered 401 or 403: is the token allowed what the pages require?`);
    else if (refused >= REFUSED_WARNING_SHARE * known)
      warnings.push(`${named(p)}${percent(refused, known)} of the sent requests were answered 401 or 403`);
    if ((p.statuses.get(undefined) ?? 0) === known) warnings.push(`${named(p)}no sent request was answered`);
    if (!p.writes) warnings.push(`${named(p)}no write was exercised (every request sent was a read)`);
  }
  return warnings;
}

/** `1,200 of 5,604 examples sent (21 %): 1,000 passed, 200 failed; 4,404 not sent: placeholder without a value 3,000, …`. */
export function describeProjectCoverage(p: ProjectCoverage): string {
  const outcomes = [
    `${number(p.passed)} passed`,
    `${number(p.failed)} failed`,
    ...(p.flaky ? [`${number(p.flaky)} flaky`] : []),
    ...(p.failedUnchecked ? [`${number(p.failedUnchecked)} failed before any check`] : []),
  ];
  const notSent = [...p.notSentByKind]
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([kind, count]) => `${SKIP_KIND_LABELS[kind]} ${number(count)}`);
  return (
    `${number(p.sent)} of ${number(p.examples)} examples sent (${p.examples ? percent(p.sent, p.examples) : '0 %'}): ${outcomes.join(', ')}` +
    (p.notSent ? `; ${number(p.notSent)} not sent: ${notSent.join(', ')}` : '')
  );
}

/** `3,120 documented requests (method + path), 412 with no example; 5,604 examples`. */
export function describeDocumented(documented: DocumentedCoverage): string {
  const withoutPages = documented.pages.filter((page) => page.withoutExample.length).length;
  return (
    `${number(documented.operations)} documented requests (method + path) on ${plural(documented.pages.length, 'page')}, ` +
    `${number(documented.withoutExample)} with no example${documented.withoutExample ? ` (on ${plural(withoutPages, 'page')})` : ''}; ` +
    `${number(documented.examples)} examples`
  );
}

export { number as formatCount };
