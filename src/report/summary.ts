/**
 * The run summary (`summary.md`, and a few lines on the console), from what the tests reported: counts
 * first, then the broken promises by page and check (new or known), stale known deviations, skipped
 * tests by reason and resources left behind. Pure: the reporter collects, this writes words.
 */
import type { CheckName } from '../core/checkNames';
import { formatViolation, type Violation } from '../core/violations';
import { describeKey, type KnownDeviation } from './baseline';

export interface BrokenPromise {
  test: string;
  check: CheckName;
  violation: Violation;
  known: boolean;
}

export interface RunFacts {
  status: string;
  counts: { passed: number; failed: number; flaky: number; skipped: number };
  broken: BrokenPromise[];
  stale: KnownDeviation[];
  /** Skipped test titles by reason. */
  skipped: Map<string, string[]>;
  leftBehind: { test: string; resource: string }[];
  /** What happened to the baseline file in this run, if anything. */
  baselineNote?: string;
}

/** The page a test belongs to: its title up to `#`. */
export const pageOf = (test: string) => test.split('#')[0];

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

export function countsLine({ counts, broken, stale, leftBehind }: RunFacts): string {
  const known = broken.filter((promise) => promise.known).length;
  return (
    `${counts.passed} passed, ${counts.failed} failed, ${counts.flaky} flaky, ${counts.skipped} skipped; ` +
    `broken promises: ${broken.length - known} new, ${known} known; stale known deviations: ${stale.length}; resources left behind: ${leftBehind.length}`
  );
}

export function summaryMarkdown(facts: RunFacts): string {
  const lines = ['# Contract test summary', '', `**${facts.status.toUpperCase()}**: ${countsLine(facts)}`, ''];
  if (facts.baselineNote) lines.push(facts.baselineNote, '');

  lines.push('## Broken promises', '');
  if (!facts.broken.length) lines.push('None.', '');
  for (const [page, promises] of groupBy(facts.broken, (promise) => pageOf(promise.test))) {
    lines.push(`### ${page}`, '');
    for (const [check, byCheck] of groupBy(promises, (promise) => promise.check)) {
      lines.push(`#### \`${check}\``, '', '| | test | broken promise |', '| --- | --- | --- |');
      for (const promise of byCheck)
        lines.push(`| ${promise.known ? 'known' : '**new**'} | ${cell(promise.test)} | ${cell(formatViolation(promise.violation))} |`);
      lines.push('');
    }
  }

  lines.push('## Stale known deviations', '');
  if (!facts.stale.length) lines.push('None.', '');
  else {
    lines.push('These no longer occur. Remove them with `UPDATE_BASELINE=prune npx playwright test`.', '');
    for (const deviation of facts.stale)
      lines.push(
        `- ${deviation.test}: \`${describeKey(deviation)}\` (${deviation.reason.trim() || 'no reason given'}; first seen ${deviation.firstSeen})`,
      );
    lines.push('');
  }

  lines.push('## Skipped tests', '');
  if (!facts.skipped.size) lines.push('None.', '');
  for (const [reason, tests] of [...facts.skipped].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`- ${reason} (${plural(tests.length, 'test')})`, ...tests.map((test) => `  - ${test}`));
  }
  if (facts.skipped.size) lines.push('');

  lines.push('## Resources left behind', '');
  if (!facts.leftBehind.length) lines.push('None.', '');
  for (const { test, resource } of facts.leftBehind) lines.push(`- ${resource} (${test})`);
  if (facts.leftBehind.length) lines.push('');
  return lines.join('\n');
}

/** A few lines for the end of the console output. */
export function summaryConsole(facts: RunFacts, summaryFile: string): string {
  const fresh = facts.broken.filter((promise) => !promise.known);
  const pages = [...groupBy(fresh, (promise) => `${pageOf(promise.test)}: ${promise.check}`)].map(
    ([where, promises]) => `${where} (${promises.length})`,
  );
  return [
    `Summary: ${countsLine(facts)}`,
    ...(pages.length
      ? [`  new broken promises: ${pages.slice(0, 5).join(', ')}${pages.length > 5 ? `, and ${pages.length - 5} more` : ''}`]
      : []),
    ...(facts.stale.length ? [`  stale known deviations: ${facts.stale.length} (remove with UPDATE_BASELINE=prune)`] : []),
    ...(facts.baselineNote ? [`  ${facts.baselineNote}`] : []),
    // Someone has to delete these by hand: each is named, not only counted.
    ...facts.leftBehind.map(({ resource }) => `  left behind: ${resource}`),
    `  details: ${summaryFile}`,
  ].join('\n');
}
