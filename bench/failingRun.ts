/**
 * `npm run bench:failing [-- <folder> [<examples>]]`: what a failing test costs in this suite compared
 * with a bare Playwright spec that fails the same way (not a timed test). Playwright starts a new worker
 * after every failed test, so this is mostly what a worker pays to start.
 *
 *   target   a local HTTP server that answers 500 to every request (and counts them);
 *   suite    `playwright test --project=contracts --workers=1` with BASE_URL at that server, on a sample of
 *            N examples of the folder (default 40, spread over the whole folder, chosen by --grep among
 *            the examples that send their request as documented), every page of the folder loaded;
 *   bare     a generated spec with its own tiny config: as many tests, each making its share of the same
 *            number of requests with `request.fetch` and failing on `expect(status).toBe(200)`.
 *
 * ratio = suite wall time per failing test / bare wall time per failing test (goal ≤ 1.3). Both runs use
 * one worker and the json reporter (to count the failures), so the comparison is like for like.
 */
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { measure, type Measured } from './workerStart';
import { PROJECT_ROOT as ROOT } from '../src/core/projectRoot';

const dir = path.resolve(process.argv[2] ?? path.join(ROOT, '..', 'shared', 'corpus', 'graph-docs-v1.0'));
const sampleSize = Number(process.argv[3] ?? 40);
const seconds = (millis: number) => `${(millis / 1000).toFixed(2)} s`;

/**
 * A process of its own (the runs below are synchronous) that answers 500, with a Graph error body, to
 * every request; GET /__count tells how many it answered.
 */
const FAILING_SERVER = `
let count = 0;
const server = require('node:http').createServer((request, response) => {
  request.resume();
  if (request.url === '/__count') return response.end(String(count));
  count++;
  response.writeHead(500, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: { code: 'generalException', message: 'bench: every request fails' } }));
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

async function failingServer(): Promise<{ url: string; requests: () => Promise<number>; close: () => void }> {
  const child = spawn(process.execPath, ['-e', FAILING_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`the failing server stopped (exit ${code})`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    requests: async () => Number(await (await fetch(`${url}/__count`)).text()),
    close: () => void child.kill(),
  };
}

/** Titles of N examples spread over the folder that send a request as documented (no placeholders to fill). */
function sampleTitles(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadContracts } = require(
    path.join(ROOT, 'src', 'contracts', 'loadContracts'),
  ) as typeof import('../src/contracts/loadContracts');
  const candidates = loadContracts(dir).examples.filter(
    (example) => !example.unusable && !example.path.placeholders.length && !/[{}]/.test(example.path.query),
  );
  const step = Math.max(1, Math.floor(candidates.length / sampleSize));
  return candidates
    .filter((_, i) => i % step === 0)
    .slice(0, sampleSize)
    .map((example) => example.title);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Outcome {
  run: Measured;
  failed: number;
  passed: number;
  skipped: number;
}

/** `playwright test` with a json report to a file: the run's cost and how many tests failed. */
function playwright(args: string[], env: NodeJS.ProcessEnv, reportFile: string): Outcome {
  const run = measure('npx', ['playwright', 'test', '--workers=1', '--retries=0', '--reporter=json', ...args], {
    env: { ...process.env, ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: reportFile, CI: '' },
  });
  let stats = { expected: 0, unexpected: 0, skipped: 0 };
  try {
    stats = (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { stats: typeof stats }).stats;
  } catch {
    console.log(`  (run failed: exit ${run.status}) ${run.stderr.slice(-1500)}`);
  }
  return { run, failed: stats.unexpected, passed: stats.expected, skipped: stats.skipped };
}

/** A bare Playwright project in a temporary folder: `tests` tests making `requests` failing requests in all. */
function writeBareProject(folder: string, tests: number, requests: number, baseURL: string): string {
  const playwrightTest = JSON.stringify(require.resolve('@playwright/test', { paths: [ROOT] }));
  fs.writeFileSync(
    path.join(folder, 'bare.config.js'),
    `module.exports = require(${playwrightTest}).defineConfig({ testDir: __dirname, testMatch: 'bare.spec.js', outputDir: ${JSON.stringify(path.join(folder, 'results'))} });\n`,
  );
  const perTest = Array.from({ length: tests }, (_, i) => Math.floor(requests / tests) + (i < requests % tests ? 1 : 0));
  fs.writeFileSync(
    path.join(folder, 'bare.spec.js'),
    `const { test, expect } = require(${playwrightTest});
const perTest = ${JSON.stringify(perTest)};
for (const [i, count] of perTest.entries()) {
  test('bare ' + i, async ({ request }) => {
    let status = 200;
    for (let n = 0; n < Math.max(count, 1); n++) {
      const response = await request.fetch(${JSON.stringify(baseURL)} + '/beta/bench/' + i, { headers: { Authorization: 'Bearer x' } });
      status = Math.max(status, response.status());
    }
    expect(status).toBe(200);
  });
}
`,
  );
  return path.join(folder, 'bare.config.js');
}

async function main(): Promise<number> {
  if (!fs.existsSync(dir)) {
    console.error(`bench: ${dir} does not exist`);
    return 2;
  }
  const titles = sampleTitles();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-failing-'));
  const server = await failingServer();
  try {
    console.log(
      `bench:failing ${dir}, ${titles.length} examples (${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}, Node ${process.version})`,
    );
    const grep = `(${titles.map(escapeRegExp).join('|')})$`;
    // Steady state: the runner's one-off read of the pages (and a cold cache) is not what a failure costs.
    measure('npx', ['playwright', 'test', '--list', '--project=contracts'], { env: { ...process.env, CONTRACTS_DIR: dir } });
    const suite = playwright(
      ['--project=contracts', '--grep', grep],
      { CONTRACTS_DIR: dir, BASE_URL: `${server.url}/beta`, API_TOKEN: 'x', MAX_RETRIES: '0', REPORTS_DIR: path.join(folder, 'reports') },
      path.join(folder, 'suite.json'),
    );
    const requests = await server.requests();
    console.log(
      `  suite: ${suite.failed} failed, ${suite.passed} passed, ${suite.skipped} skipped, ${requests} requests: ` +
        `${seconds(suite.run.wall)} wall, ${seconds(suite.run.cpu)} CPU, ${seconds(suite.run.wall / Math.max(suite.failed, 1))} per failing test`,
    );
    const config = writeBareProject(folder, suite.failed, requests, server.url);
    const bare = playwright(['-c', config], {}, path.join(folder, 'bare.json'));
    console.log(
      `  bare:  ${bare.failed} failed, ${(await server.requests()) - requests} requests: ${seconds(bare.run.wall)} wall, ${seconds(bare.run.cpu)} CPU, ` +
        `${seconds(bare.run.wall / Math.max(bare.failed, 1))} per failing test`,
    );
    const ratio = suite.run.wall / Math.max(suite.failed, 1) / (bare.run.wall / Math.max(bare.failed, 1));
    const cpuRatio = suite.run.cpu / Math.max(suite.failed, 1) / (bare.run.cpu / Math.max(bare.failed, 1));
    console.log(`  ratio (suite / bare, per failing test): ${ratio.toFixed(2)} wall, ${cpuRatio.toFixed(2)} CPU (goal ≤ 1.3)`);
    return 0;
  } finally {
    server.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
