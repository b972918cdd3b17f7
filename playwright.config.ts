/**
 * `npx playwright test`: the contract suite. Without BASE_URL it starts the embedded reference server
 * (built from the same contracts) and tests that; with BASE_URL and API_TOKEN it tests a deployment.
 * See README.md for every variable; configuration mistakes stop the run here, before any test.
 */
import path from 'node:path';
import { defineConfig, type ReporterDescription } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { shownPath } from './src/core/shownPath';
import { ConfigError, describeTokenSource, exitOnConfigError, loadEnvFile, loadSettings, SUITE_VERSION } from './src/config';
import { suiteCoverage } from './src/contracts/coverage';
import { ContractsError } from './src/contracts/loadContracts';
import { checkContracts, loadCachedSuite } from './src/contracts/suiteCache';
import { claimRunServer } from './fixtures/runGuard';
import type { DocumentedCoverage } from './src/report/coverage';
import type { SummaryReporterOptions } from './src/report/summaryReporter';

loadEnvFile();

// Every worker loads this file again: the pages were checked by the runner, a worker only needs the settings.
const isWorker = process.env.TEST_WORKER_INDEX !== undefined;
const listOnly = process.argv.includes('--list');
// `npx playwright merge-reports --config playwright.config.ts <folder>` joins shards' blob reports with these
// reporters (the summary and history of the whole run): no test runs, no server starts.
const merging = process.argv.includes('merge-reports');
let documented: DocumentedCoverage | undefined;
const settings = exitOnConfigError(() => {
  let loaded = loadSettings();
  // `--list` starts no server: finding it a free port would only slow the listing down.
  if (loaded.embedded && !listOnly && !merging) {
    // Each run its own server: a free port unless REFERENCE_PORT is set, and a nonce the server proves.
    const portWasSet = Boolean(process.env.REFERENCE_PORT?.trim());
    claimRunServer();
    if (!portWasSet) loaded = loadSettings();
  }
  // Every page readable, and the suite cache's key for them handed on to the specs and workers.
  if (!isWorker && !merging) checkContracts(loaded.contractsDir);
  // What the pages document, for the summary's coverage (kept in the suite cache: one read when unchanged).
  if (!isWorker && !listOnly) documented = suiteCoverage(loadCachedSuite(loaded.contractsDir));
  return loaded;
}, [ConfigError, ContractsError]);

// Workers load the settings again: they must draw the same negative values as every other worker.
process.env.NEGATIVE_SEED = settings.negativeSeed;

/** The commit of the contracts folder, when it is in a git repository (which pages were tested). */
function contractsCommit(dir: string): string | undefined {
  try {
    return (
      execFileSync('git', ['-C', dir, 'log', '-1', '--format=%h %cs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

// Only a report shows it: a worker and a listing write none (a merge shows the shards').
const commit = isWorker || listOnly || merging ? undefined : contractsCommit(settings.contractsDir);
const sharded = process.argv.some((arg) => arg.startsWith('--shard'));
const reportFile = (name: string) => path.join(settings.reportsDir, name);
const fileReporters: ReporterDescription[] = [
  // summary.md (and $GITHUB_STEP_SUMMARY), the history; records or prunes the baseline on UPDATE_BASELINE.
  // Before `html` and `json`: it gives them the coverage (the HTML title, the run's metadata) as they end.
  [
    path.join(__dirname, 'src', 'report', 'summaryReporter.ts'),
    {
      reportsDir: settings.reportsDir,
      baselineFile: settings.baselineFile,
      knownDeviations: settings.knownDeviations,
      updateBaseline: settings.updateBaseline,
      historyFile: settings.historyFile,
      documented,
      fullReports: [
        shownPath(reportFile('results.json')),
        `the HTML report (npx playwright show-report ${shownPath(reportFile('html'))})`,
        shownPath(reportFile('junit.xml')),
      ],
    } satisfies SummaryReporterOptions,
  ],
  ['html', { outputFolder: reportFile('html'), open: 'never' }],
  ['junit', { outputFile: reportFile('junit.xml') }],
  ['json', { outputFile: reportFile('results.json') }],
  // Each shard leaves a blob; `npx playwright merge-reports --config playwright.config.ts reports/blob` joins them.
  ...(sharded ? [['blob', { outputDir: reportFile('blob') }] as ReporterDescription] : []),
];
// `--list` runs no test: no report files (they would replace the last run's, and writing them for 12,000
// tests took a third of the listing's time), and no summary. `--reporter` on the command line still wins.
const reporters: ReporterDescription[] = [[process.env.CI ? 'dot' : 'list'], ...(listOnly ? [] : fileReporters)];

export default defineConfig({
  // Absolute paths: the self-test matrix imports this configuration from another folder.
  testDir: path.join(__dirname, 'specs'),
  outputDir: path.join(settings.reportsDir, 'test-results'),
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  reporter: reporters,
  timeout: 60_000,
  // Shown at the top of the HTML report; the seed replays the negative project's values (NEGATIVE_SEED).
  metadata: {
    target: settings.baseURL,
    contracts: [settings.contractsDir, commit].filter(Boolean).join(' @ '),
    suite: `graph-doc-contracts ${SUITE_VERSION}`,
    token: describeTokenSource(settings.auth),
    negativeSeed: settings.negativeSeed,
    // What METADATA asks for; the summary reporter replaces it with what was read (source, size, hash).
    serviceMetadata: settings.metadata.kind === 'sources' ? settings.metadata.sources.join(', ') : `METADATA=${settings.metadata.kind}`,
  },
  use: {
    ignoreHTTPSErrors: settings.ignoreHTTPSErrors,
  },
  projects: [
    { name: 'contracts', testMatch: 'contracts/part-*.spec.ts' },
    { name: 'negative', testMatch: 'negative/part-*.spec.ts' },
  ],
  // Before any test: the embedded server on this run's port is this run's own (and stays up),
  // fixtures/runGuard.ts; the token source gives a token and the target answers, fixtures/globalSetup.ts.
  globalSetup: [...(settings.embedded ? [require.resolve('./fixtures/runGuard')] : []), require.resolve('./fixtures/globalSetup')],
  webServer: settings.embedded
    ? {
        command: 'node --import tsx server/main.ts',
        cwd: __dirname,
        url: `http://127.0.0.1:${settings.referencePort}/health`,
        reuseExistingServer: false,
        timeout: 60_000,
        stdout: 'pipe',
        stderr: 'pipe',
        env: {
          CONTRACTS_DIR: settings.contractsDir,
          REFERENCE_PORT: String(settings.referencePort),
          REFERENCE_NONCE: process.env.REFERENCE_NONCE ?? '',
        },
      }
    : undefined,
});
