/**
 * The suite proven against the reference server: with each fault on, the contract suite must fail and
 * the expected check must be among the failures; with each tolerance on (and with none) it must pass.
 * Prints the matrix and a summary line; writes reports/selftest/matrix.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { FAULTS } from '../../server/faults';
import { TOLERANCES } from '../../server/tolerances';
import { COMBINED_TOLERANCES, FAULT_EXPECTATIONS } from './expectations';
import { inPool, PROJECT_ROOT, runSuite } from './runSuite';

interface Row {
  name: string;
  kind: 'fault' | 'tolerance' | 'baseline';
  ok: boolean;
  outcome: string;
  checks: string;
  detail: string;
}

test('every fault has an expected check, and every expectation a fault', () => {
  expect(Object.keys(FAULT_EXPECTATIONS).sort()).toEqual(FAULTS.map((fault) => fault.name).sort());
});

test('faults are killed by their checks and tolerances pass', async () => {
  const parallel = Number(process.env.MATRIX_PARALLEL) || Math.max(2, Math.min(4, os.cpus().length + 1));
  const runs: (() => Promise<Row>)[] = [
    async () => {
      const run = await runSuite({ name: 'baseline', projects: ['contracts', 'negative'], env: {} });
      const ok = run.exitCode === 0 && run.failed === 0 && run.passed > 0;
      return { name: '(none)', kind: 'baseline', ok, outcome: ok ? 'passed' : 'FAILED', checks: [...run.failingChecks].join(', '), detail: `${run.passed} passed, ${run.failed} failed` + (ok ? '' : `\n${run.output}`) };
    },
    ...FAULTS.map((fault) => async (): Promise<Row> => {
      const expected = FAULT_EXPECTATIONS[fault.name];
      // A negative-project fault fails nearly every negative test; the first few failures tell enough.
      const run = await runSuite({ name: `fault-${fault.name}`, projects: [expected.project], env: { REFERENCE_FAULTS: fault.name }, args: expected.project === 'negative' ? ['--max-failures=6'] : [] });
      const missing = expected.checks.filter((check) => !run.failingChecks.has(check));
      const ok = run.exitCode !== 0 && run.failed > 0 && missing.length === 0;
      const outcome = run.failed === 0 ? 'SURVIVED' : ok ? 'killed' : `killed by other checks (expected ${missing.join(', ')})`;
      return { name: fault.name, kind: 'fault', ok, outcome, checks: [...run.failingChecks].sort().join(', '), detail: `${run.failed} failed` + (run.failed || run.passed ? '' : `\n${run.output}`) };
    }),
    ...[...TOLERANCES.map((tolerance) => [tolerance.name]), COMBINED_TOLERANCES].map((names) => async (): Promise<Row> => {
      const name = names.length > 1 ? `combined (${names.length} tolerances)` : names[0];
      const run = await runSuite({ name: `tolerance-${names.length > 1 ? 'combined' : names[0]}`, projects: ['contracts', 'negative'], env: { REFERENCE_TOLERANCES: names.join(',') } });
      const ok = run.exitCode === 0 && run.failed === 0 && run.passed > 0;
      return { name, kind: 'tolerance', ok, outcome: ok ? 'passed' : 'FALSE ALARM', checks: [...run.failingChecks].sort().join(', '), detail: `${run.passed} passed, ${run.failed} failed` + (ok ? '' : `\n${run.output}`) };
    }),
  ];
  const rows = await inPool(runs, parallel, (run) => run());

  const width = Math.max(...rows.map((row) => row.name.length)) + 2;
  const faults = rows.filter((row) => row.kind === 'fault');
  const tolerances = rows.filter((row) => row.kind !== 'fault');
  const summary = `faults killed ${faults.filter((r) => r.ok).length}/${faults.length}, tolerances passed ${tolerances.filter((r) => r.ok).length}/${tolerances.length}`;
  const table = [
    `${'switch'.padEnd(width)}${'kind'.padEnd(11)}${'outcome'.padEnd(12)}failing checks`,
    ...rows.map((row) => `${row.name.padEnd(width)}${row.kind.padEnd(11)}${row.outcome.padEnd(12)}${row.checks || '-'}`),
    '',
    summary,
  ].join('\n');
  console.log(`\n${table}\n`);
  fs.mkdirSync(path.join(PROJECT_ROOT, 'reports', 'selftest'), { recursive: true });
  fs.writeFileSync(path.join(PROJECT_ROOT, 'reports', 'selftest', 'matrix.md'), `# Self-test matrix\n\n\`\`\`\n${table}\n\`\`\`\n`);
  await test.info().attach('matrix', { body: table, contentType: 'text/plain' });

  const bad = rows.filter((row) => !row.ok).map((row) => `${row.kind} ${row.name}: ${row.outcome}; failing checks: ${row.checks || 'none'}; ${row.detail}`);
  expect(bad, summary).toEqual([]);
});
