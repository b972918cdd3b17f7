/**
 * `npx playwright test`: the contract suite. Without BASE_URL it starts the embedded reference server
 * (built from the same contracts) and tests that; with BASE_URL and API_TOKEN it tests a deployment.
 * See README.md for every variable; configuration mistakes stop the run here, before any test.
 */
import path from 'node:path';
import dotenv from 'dotenv';
import { defineConfig, type ReporterDescription } from '@playwright/test';
import { ConfigError, exitOnConfigError, loadSettings } from './src/config';
import { assertReadable, ContractsError, listPages } from './src/contracts/loadContracts';
import type { SummaryReporterOptions } from './src/report/summaryReporter';

// Real environment variables win over .env (dotenv does not override).
dotenv.config({ path: path.join(__dirname, '.env'), quiet: true });

const settings = exitOnConfigError(() => {
  const loaded = loadSettings();
  assertReadable(loaded.contractsDir, listPages(loaded.contractsDir));
  return loaded;
}, [ConfigError, ContractsError]);

// Workers load the settings again: they must draw the same negative values as every other worker.
process.env.NEGATIVE_SEED = settings.negativeSeed;

const sharded = process.argv.some((arg) => arg.startsWith('--shard'));
const reporters: ReporterDescription[] = [
  [process.env.CI ? 'dot' : 'list'],
  ['html', { outputFolder: path.join(settings.reportsDir, 'html'), open: 'never' }],
  ['junit', { outputFile: path.join(settings.reportsDir, 'junit.xml') }],
  ['json', { outputFile: path.join(settings.reportsDir, 'results.json') }],
  // Each shard leaves a blob; `npx playwright merge-reports reports/blob` joins them.
  ...(sharded ? [['blob', { outputDir: path.join(settings.reportsDir, 'blob') }] as ReporterDescription] : []),
  // summary.md (and $GITHUB_STEP_SUMMARY); records or prunes the baseline on UPDATE_BASELINE.
  [
    './src/report/summaryReporter.ts',
    { reportsDir: settings.reportsDir, baselineFile: settings.baselineFile, knownDeviations: settings.knownDeviations, updateBaseline: settings.updateBaseline } satisfies SummaryReporterOptions,
  ],
];

export default defineConfig({
  testDir: './specs',
  outputDir: path.join(settings.reportsDir, 'test-results'),
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  reporter: reporters,
  timeout: 60_000,
  // Shown at the top of the HTML report; the seed replays the negative project's values (NEGATIVE_SEED).
  metadata: { target: settings.baseURL, contracts: settings.contractsDir, negativeSeed: settings.negativeSeed },
  use: {
    ignoreHTTPSErrors: settings.ignoreHTTPSErrors,
  },
  projects: [
    { name: 'contracts', testMatch: 'contracts.spec.ts' },
    { name: 'negative', testMatch: 'negative.spec.ts' },
  ],
  webServer: settings.embedded
    ? {
        command: 'node --import tsx server/main.ts',
        cwd: __dirname,
        url: `http://127.0.0.1:${settings.referencePort}/health`,
        reuseExistingServer: false,
        timeout: 60_000,
        stdout: 'pipe',
        stderr: 'pipe',
        env: { CONTRACTS_DIR: settings.contractsDir, REFERENCE_PORT: String(settings.referencePort) },
      }
    : undefined,
});
