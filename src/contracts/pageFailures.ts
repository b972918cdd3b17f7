/**
 * One page's failure is that page's finding, not the suite's end: a step that throws on a page (a
 * parser or model bug, a value nobody foresaw) records a `parser-error` finding on it; the page
 * becomes a skipped test with that reason and every other page is still tested.
 */
import type { Page } from '../docs/model';

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/** Records that `step` failed on `page` (once per step): the page is skipped with that reason. */
export function recordPageFailure(page: Page, step: string, error: unknown): string {
  const message = `${step} failed on this page: ${firstLine(error)}`;
  if (!page.findings.some((finding) => finding.kind === 'parser-error' && finding.message === message)) {
    page.findings.push({ page: page.file, kind: 'parser-error', message });
  }
  page.unreadable ??= message;
  return message;
}
