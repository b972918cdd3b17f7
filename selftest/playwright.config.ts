/**
 * `npm test`: the suite's self-verification. Unit tests of the engine, then the fault/tolerance matrix
 * that runs the contract suite (as a user runs it) against the reference server once per switch.
 */
import path from 'node:path';
import { defineConfig } from '@playwright/test';

const reports = path.join(__dirname, '..', 'reports', 'selftest');

export default defineConfig({
  testDir: __dirname,
  outputDir: path.join(reports, 'test-results'),
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['html', { outputFolder: path.join(reports, 'html'), open: 'never' }]],
  projects: [
    { name: 'unit', testMatch: 'unit/**/*.test.ts' },
    { name: 'corpus', testMatch: 'corpus/**/*.test.ts', timeout: 300_000 },
    { name: 'matrix', testMatch: 'matrix/**/*.test.ts', timeout: 900_000 },
    // Child suite runs of the report's features (summary, baseline, SKIP_CHECKS) and the HTML report in a browser.
    { name: 'report', testMatch: /selftest[\/]report[\/].*\.test\.ts$/, timeout: 300_000 },
  ],
});
