/**
 * `npm test`: the suite's self-verification. Unit tests of the engine (`npm run test:unit`: no child
 * runs), then the projects that run the contract suite as a user does (child runs): the fault/tolerance
 * matrix (one child run for every switch, `matrix-run`; then one test per switch, `--grep "fault
 * int32-as-string"` re-runs one), the suite on other folders of pages, sharding, nightly conditions and
 * the report. matrixReporter.ts prints the matrix table.
 */
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { grepArguments } from './matrix/switches';

const reports = path.join(__dirname, '..', 'reports', 'selftest');

// The matrix's child run holds only the switches the command line's --grep selects (re-running one
// switch runs only that one). Set in the runner, before its workers start: they inherit it.
if (process.env.TEST_WORKER_INDEX === undefined) {
  const { grep, grepInvert } = grepArguments(process.argv);
  if (grep !== undefined) process.env.MATRIX_GREP = grep;
  if (grepInvert !== undefined) process.env.MATRIX_GREP_INVERT = grepInvert;
}

// Most self-tests wait on a child suite run (its own runner, workers and reference server), so a few
// more workers than cores keep the machine busy; MATRIX_PARALLEL sets the number (suite runs at once).
const workers = Number(process.env.MATRIX_PARALLEL) || Math.max(2, Math.min(4, os.cpus().length + 1));
const childRuns = { timeout: 300_000 };
const folder = (name: string) => ({ testDir: path.join(__dirname, name), testMatch: '**/*.test.ts' });

export default defineConfig({
  testDir: __dirname,
  outputDir: path.join(reports, 'test-results'),
  fullyParallel: true,
  workers,
  forbidOnly: Boolean(process.env.CI),
  reporter: [
    ['list'],
    ['html', { outputFolder: path.join(reports, 'html'), open: 'never' }],
    [path.join(__dirname, 'matrix', 'matrixReporter.ts')],
  ],
  projects: [
    // A folder per project (not a testMatch glob, which is matched against the absolute path: a clone
    // in a folder named `matrix` would put every test in the matrix project).
    { name: 'unit', ...folder('unit') },
    // The project's commands as a user runs them: `playwright test` stopping on a mistake, `--list`, docs:check.
    { name: 'cli', ...folder('cli'), ...childRuns },
    { name: 'corpus', ...folder('corpus'), ...childRuns },
    // One child run of the suite for every matrix switch; the `matrix` tests read it, one per switch.
    { name: 'matrix-run', testDir: path.join(__dirname, 'matrix'), testMatch: 'matrixRun.setup.ts', ...childRuns },
    { name: 'matrix', ...folder('matrix'), dependencies: ['matrix-run'] },
    // The suite on other folders of pages: real pages, truncated pages, a documented-response server.
    { name: 'pages', ...folder('pages'), ...childRuns },
    { name: 'sharding', ...folder('sharding'), ...childRuns },
    { name: 'nightly', ...folder('nightly'), ...childRuns },
    // Child suite runs of the report's features (summary, baseline, SKIP_CHECKS) and the HTML report in a browser.
    { name: 'report', ...folder('report'), ...childRuns },
  ],
});
