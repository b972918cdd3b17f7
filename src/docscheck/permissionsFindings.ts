/**
 * Operation pages that do not say who may call them: no permissions table (or a section without one), and
 * rows that name no permission type or no permission ("TODO: Determine scopes"). Such a page never skips an
 * example for the run's token, and a `403` on it cannot name what was missing.
 */
import type { Finding } from '../core/findingKinds';
import type { Page } from '../docs/model';
import { PERMISSION_KIND_LABELS } from '../docs/permissions';
import type { Suite } from '../contracts/loadContracts';

const KINDS = Object.values(PERMISSION_KIND_LABELS);

/** The findings of one operation page's permissions. */
export function pagePermissionsFindings(page: Page): Finding[] {
  const table = page.permissions;
  const findings: Finding[] = [];
  for (const entry of table?.unread ?? []) {
    const message = entry.kind
      ? `${PERMISSION_KIND_LABELS[entry.kind]} "${entry.text}" names no permission (nor says "Not supported" or "None")`
      : `row "${entry.text}" names no permission type (${KINDS.slice(0, -1).join(', ')} or ${KINDS[KINDS.length - 1]})`;
    findings.push({ page: page.file, line: entry.line, kind: 'permissions', message });
  }
  if (!table)
    findings.push({
      page: page.file,
      kind: 'permissions',
      message: 'the page has no permissions table: who may call it is not documented',
    });
  else if (!table.rows.length && !findings.length) {
    findings.push({
      page: page.file,
      line: table.line,
      kind: 'permissions',
      message:
        'the permissions section has no table (|Permission type|Permissions (from least to most privileged)|): who may call it is not documented',
    });
  }
  return findings;
}

/** The findings of every operation page of the suite: those with examples, and those with none that are readable. */
export function permissionsFindings(suite: Suite): Finding[] {
  const operations = new Set<Page>(suite.examples.map((example) => example.page));
  for (const { page } of suite.emptyPages) if (!page.unreadable) operations.add(page);
  return suite.pages.filter((page) => operations.has(page)).flatMap(pagePermissionsFindings);
}
