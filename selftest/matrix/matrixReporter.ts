/**
 * Gathers the self-test matrix from its tests (one per switch) into one table: each matrix test is
 * declared with a `matrix-switch` annotation and records its row as a `matrix-row` annotation. At the
 * end of a run in which any matrix test ran, prints the table and the summary line
 * (e.g. `faults killed 34/34, tolerances passed 19/19`) and writes reports/selftest/matrix.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';

import type { MatrixKind } from './switches';
import { PROJECT_ROOT } from '../../src/core/projectRoot';

/** Which switch a test proves: declared with the test, so that a test that never finished still has a row. */
export interface SwitchId {
  name: string;
  kind: MatrixKind;
}

export interface MatrixRow extends SwitchId {
  ok: boolean;
  outcome: string;
  /** The checks that failed in the child run, sorted. */
  checks: string[];
  /** The verdicts the failures carried (with metadata), sorted. */
  verdicts?: string[];
}

export const MATRIX_SWITCH = 'matrix-switch';
export const MATRIX_ROW = 'matrix-row';

const MATRIX_MD = path.join(PROJECT_ROOT, 'reports', 'selftest', 'matrix.md');

function annotated<T>(annotations: readonly { type: string; description?: string }[], type: string): T | undefined {
  const found = annotations.find((annotation) => annotation.type === type)?.description;
  return found === undefined ? undefined : (JSON.parse(found) as T);
}

/**
 * The row a test recorded; when it timed out, was interrupted or ended before recording one (a crash),
 * its status: a suite run cut short says nothing about the switch.
 */
function rowOf(test: TestCase, result: TestResult): MatrixRow | undefined {
  const recorded = annotated<MatrixRow>(result.annotations, MATRIX_ROW);
  if (recorded && result.status !== 'timedOut' && result.status !== 'interrupted') return recorded;
  const declared = annotated<SwitchId>(test.annotations, MATRIX_SWITCH);
  return declared && { ...declared, ok: false, outcome: result.status.toUpperCase(), checks: [] };
}

export function formatMatrix(rows: readonly MatrixRow[]): string {
  const width = Math.max('switch'.length, ...rows.map((row) => row.name.length)) + 2;
  const outcomeWidth = Math.max(12, ...rows.map((row) => row.outcome.length + 2));
  const faults = rows.filter((row) => row.kind === 'fault');
  // The baseline counts with the tolerances: both are runs that must pass.
  const tolerances = rows.filter((row) => row.kind !== 'fault');
  const passed = (some: MatrixRow[]) => some.filter((row) => row.ok).length;
  return [
    `${'switch'.padEnd(width)}${'kind'.padEnd(11)}${'outcome'.padEnd(outcomeWidth)}failing checks`,
    ...rows.map(
      (row) =>
        `${row.name.padEnd(width)}${row.kind.padEnd(11)}${row.outcome.padEnd(outcomeWidth)}${row.checks.join(', ') || '-'}${row.verdicts?.length ? ` [${row.verdicts.join(', ')}]` : ''}`,
    ),
    '',
    `faults killed ${passed(faults)}/${faults.length}, tolerances passed ${passed(tolerances)}/${tolerances.length}`,
  ].join('\n');
}

export default class MatrixReporter implements Reporter {
  private order: TestCase[] = [];
  private readonly rows = new Map<TestCase, MatrixRow>();

  onBegin(_config: unknown, suite: Suite): void {
    this.order = suite.allTests().filter((test) => test.annotations.some((annotation) => annotation.type === MATRIX_SWITCH));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'skipped') return;
    const row = rowOf(test, result);
    if (row) this.rows.set(test, row); // a retry's row replaces the first attempt's
  }

  onEnd(): void {
    if (!this.rows.size) return;
    // Declaration order (baseline, faults, tolerances), not the order in which the workers finished.
    const rows = this.order.flatMap((test) => this.rows.get(test) ?? []);
    const table = formatMatrix(rows);
    console.log(`\n${table}\n`);
    fs.mkdirSync(path.dirname(MATRIX_MD), { recursive: true });
    fs.writeFileSync(MATRIX_MD, `# Self-test matrix\n\n\`\`\`\n${table}\n\`\`\`\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
