/**
 * `npm test`: the suite's self-verification. Unit tests of the engine, then the fault/tolerance matrix
 * that runs the contract suite (as a user runs it) against the reference server once per switch, one
 * test per switch (`--grep "fault int32-as-string"` re-runs one); matrixReporter.ts prints the table.
 */
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const reports = path.join(__dirname, '..', 'reports', 'selftest');

// Each matrix test waits on a child suite run (its own runner, worker and reference server), so a few
// more workers than cores keep the machine busy; MATRIX_PARALLEL sets the number (suite runs at once).
const workers = Number(process.env.MATRIX_PARALLEL) || Math.max(2, Math.min(4, os.cpus().length + 1));

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
    { name: 'unit', testDir: path.join(__dirname, 'unit'), testMatch: '**/*.test.ts' },
    { name: 'corpus', testDir: path.join(__dirname, 'corpus'), testMatch: '**/*.test.ts', timeout: 300_000 },
    { name: 'matrix', testDir: path.join(__dirname, 'matrix'), testMatch: '**/*.test.ts', timeout: 300_000 },
    { name: 'sharding', testDir: path.join(__dirname, 'sharding'), testMatch: '**/*.test.ts', timeout: 300_000 },
    { name: 'nightly', testDir: path.join(__dirname, 'nightly'), testMatch: '**/*.test.ts', timeout: 300_000 },
    // Child suite runs of the report's features (summary, baseline, SKIP_CHECKS) and the HTML report in a browser.
    { name: 'report', testDir: path.join(__dirname, 'report'), testMatch: '**/*.test.ts', timeout: 300_000 },
  ],
});
