/**
 * `npm run bench:failing [-- <folder> [<examples>] [--pages=<n>] [--cold]]`: what a failing test costs in
 * this suite compared with a bare Playwright spec that fails the same way (not a timed test). Playwright
 * starts a new worker after every failed test, so this is mostly what a worker pays to start.
 *
 *   target   a local HTTP server that answers 500 to every request (and counts them);
 *   suite    `playwright test --project=contracts --workers=1` with BASE_URL at that server, on a sample of
 *            N examples of the folder (default 40, spread over the whole folder, chosen by --grep among
 *            the examples that send their request as documented), every page of the folder loaded;
 *   bare     a generated spec with its own tiny config: as many tests, each making its share of the same
 *            number of requests with `request.fetch` and failing on `expect(status).toBe(200)`;
 *   bare, as many declared   the same, in a spec declaring as many tests as the suite's project (only the
 *            failing ones run): what Playwright itself charges a worker for declaring every test of a file.
 *
 * ratio = suite wall time per failing test / bare wall time per failing test (goal ≤ 1.3 warm, ≤ 1.5 cold).
 * Every run uses one worker, the json reporter (to count the failures) and Playwright's CLI started by node
 * (as the nightly workflow starts it), so the comparison is like for like.
 *
 *   --pages=<n>  test a folder of n pages made from <folder> (bench/scaledFolder.ts): its pages and renamed
 *                copies of part of them, in a temporary folder;
 *   --cold       the suite's run starts as on a fresh CI runner: the suite cache and Playwright's transform
 *                cache empty, so its runner reads and parses every page and writes the cache, and its workers
 *                read what it wrote (the run's time includes all of that). Without it (warm), a listing first
 *                fills both caches, and the run finds every page unchanged.
 *   --rounds=<k>  the examples in k parts, the suite and the bare runs taking turns on each part (the sums
 *                are compared): a shared machine's load then weighs on all three alike. Cold, only the
 *                suite's first part starts cold, so the one cold start is spread over all the failures as in
 *                one run; each further part adds a runner start to every run.
 */
import fs from 'node:fs';
import http from 'node:http';
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT as ROOT } from '../src/core/projectRoot';
import { loadCachedSuite } from '../src/contracts/suiteCache';
import { scaledFolder } from './scaledFolder';
import { cleanUpOnExit, CLI, loadAverage, measure, seconds, type Measured } from './workerStart';

const options = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const [folderArg, examplesArg] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const source = path.resolve(folderArg ?? path.join(ROOT, '..', 'shared', 'corpus', 'graph-docs-v1.0'));
const sampleSize = Number(examplesArg ?? 40);
const pagesWanted = Number(/^--pages=(\d+)$/.exec(options.find((arg) => arg.startsWith('--pages=')) ?? '')?.[1] ?? 0);
const cold = options.includes('--cold');
const rounds = Math.max(1, Number(/^--rounds=(\d+)$/.exec(options.find((arg) => arg.startsWith('--rounds=')) ?? '')?.[1] ?? 1));

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
    requests: () => count(`${url}/__count`),
    close: () => void child.kill(),
  };
}

/** GET on a fresh connection (a kept-alive one may have been closed by the server in between: "other side closed"). */
function count(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(Number(body)));
      })
      .on('error', reject);
  });
}

/** Titles of N examples spread over the folder that send a request as documented (no placeholders to fill). */
function sampleTitles(dir: string, cacheDir: string): string[] {
  const suite = loadCachedSuite(dir, { cacheDir, env: {} });
  const candidates = suite.tests
    .map((_, i) => suite.example(i))
    .filter((example) => !example.unusable && !example.path.placeholders.length && !/[{}]/.test(example.path.query));
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
  const run = measure(process.execPath, [CLI, 'test', '--workers=1', '--retries=0', '--reporter=json', ...args], {
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

/**
 * A bare Playwright project in a temporary folder: `tests` tests making `requests` failing requests in all,
 * in a spec that declares `declared` tests (the others pass without a request, and are not run: --grep).
 */
function writeBareProject(folder: string, name: string, tests: number, declared: number, requests: number, baseURL: string): string {
  const playwrightTest = JSON.stringify(require.resolve('@playwright/test', { paths: [ROOT] }));
  fs.writeFileSync(
    path.join(folder, `${name}.config.js`),
    `module.exports = require(${playwrightTest}).defineConfig({ testDir: __dirname, testMatch: '${name}.spec.js', outputDir: ${JSON.stringify(path.join(folder, `${name}-results`))} });\n`,
  );
  const perTest = Array.from({ length: tests }, (_, i) => Math.floor(requests / tests) + (i < requests % tests ? 1 : 0));
  fs.writeFileSync(
    path.join(folder, `${name}.spec.js`),
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
// One body for them all, as the suite's specs have (Playwright reads each test function's source once).
const declaredOnly = () => {};
for (let i = perTest.length; i < ${declared}; i++) test('declared only ' + i, declaredOnly);
`,
  );
  return path.join(folder, `${name}.config.js`);
}

interface Cost {
  label: string;
  outcome: Outcome;
  requests: number;
}

const NOTHING: Outcome = { run: { wall: 0, cpu: 0, status: 0, stdout: '', stderr: '' }, failed: 0, passed: 0, skipped: 0 };

function add(cost: Cost, outcome: Outcome, requests: number): void {
  const sum = cost.outcome;
  cost.outcome = {
    run: { ...sum.run, wall: sum.run.wall + outcome.run.wall, cpu: sum.run.cpu + outcome.run.cpu },
    failed: sum.failed + outcome.failed,
    passed: sum.passed + outcome.passed,
    skipped: sum.skipped + outcome.skipped,
  };
  cost.requests += requests;
}

function perFailure({ outcome }: Cost): { wall: number; cpu: number } {
  const failed = Math.max(outcome.failed, 1);
  return { wall: outcome.run.wall / failed, cpu: outcome.run.cpu / failed };
}

function report(cost: Cost): void {
  const { outcome } = cost;
  const each = perFailure(cost);
  console.log(
    `  ${cost.label}: ${outcome.failed} failed, ${outcome.passed} passed, ${outcome.skipped} skipped, ${cost.requests} requests: ` +
      `${seconds(outcome.run.wall)} wall, ${seconds(outcome.run.cpu)} CPU; per failing test ${seconds(each.wall)} wall, ${seconds(each.cpu)} CPU`,
  );
}

function ratio(label: string, suite: Cost, bare: Cost, goal: string): void {
  const [a, b] = [perFailure(suite), perFailure(bare)];
  console.log(`  ratio ${label}: ${(a.wall / b.wall).toFixed(2)} wall, ${(a.cpu / b.cpu).toFixed(2)} CPU${goal}`);
}

async function main(): Promise<number> {
  if (!fs.existsSync(source)) {
    console.error(`bench: ${source} does not exist`);
    return 2;
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-failing-'));
  const scaled = scaledFolder(source, pagesWanted);
  const server = await failingServer();
  const cleanUp = cleanUpOnExit(() => {
    server.close();
    scaled.remove();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  try {
    const dir = scaled.dir;
    // Caches of the bench's own: emptying them for a cold run leaves other runs' alone.
    const cacheEnv = {
      CONTRACTS_CACHE_DIR: path.join(folder, 'suite-cache'),
      PLAYWRIGHT_TRANSFORM_CACHE_DIR: path.join(folder, 'transform-cache'),
    };
    const listing = measure(process.execPath, [CLI, 'test', '--list', '--project=contracts'], {
      env: { ...process.env, ...cacheEnv, CONTRACTS_DIR: dir },
    });
    const declared = Number(/Total: (\d+) tests?/.exec(listing.stdout)?.[1] ?? 0);
    const titles = sampleTitles(dir, cacheEnv.CONTRACTS_CACHE_DIR);
    console.log(
      `bench:failing ${source}${scaled.dir === source ? '' : ` scaled to ${scaled.pages} pages`}, ${titles.length} examples, ` +
        `${declared} tests in the project, ${cold ? 'cold' : 'warm'}, ${rounds} round(s) (${os.cpus().length} CPUs, Node ${process.version})`,
    );
    if (cold) for (const cache of Object.values(cacheEnv)) fs.rmSync(cache, { recursive: true, force: true });
    const suite: Cost = { label: 'suite', outcome: NOTHING, requests: 0 };
    const bare: Cost = { label: 'bare', outcome: NOTHING, requests: 0 };
    const asMany: Cost = { label: `bare, ${declared} declared`, outcome: NOTHING, requests: 0 };
    for (let round = 0; round < rounds; round++) {
      // Every round's part spread over the folder, as the whole sample is.
      const part = titles.filter((_, i) => i % rounds === round);
      // Anchored on the space before the title: `api/x.md#a` must not also select `copy-1/api/x.md#a`.
      const grep = `\\s(${part.map(escapeRegExp).join('|')})$`;
      const load = loadAverage();
      const before = await server.requests();
      const outcome = playwright(
        ['--project=contracts', '--grep', grep],
        {
          ...cacheEnv,
          CONTRACTS_DIR: dir,
          BASE_URL: `${server.url}/beta`,
          API_TOKEN: 'x',
          MAX_RETRIES: '0',
          REPORTS_DIR: path.join(folder, 'reports'),
        },
        path.join(folder, 'suite.json'),
      );
      const requests = (await server.requests()) - before;
      add(suite, outcome, requests);
      const loads = [load];
      for (const [cost, name, total] of [
        [bare, 'bare', outcome.failed],
        [asMany, 'declared', declared],
      ] as const) {
        loads.push(loadAverage());
        const start = await server.requests();
        const config = writeBareProject(folder, name, outcome.failed, total, requests, server.url);
        add(
          cost,
          playwright(['-c', config, '--grep', '\\sbare \\d+$'], {}, path.join(folder, `${name}.json`)),
          (await server.requests()) - start,
        );
      }
      console.log(
        `  round ${round + 1} of ${rounds}: ${outcome.failed} failing tests (load average ${loads.join(', ')} at the start of each run)`,
      );
    }
    for (const cost of [suite, bare, asMany]) report(cost);
    ratio('suite / bare (per failing test)', suite, bare, ` (goal ≤ ${cold ? '1.5 cold' : '1.3 warm'})`);
    ratio(`suite / bare declaring ${declared} tests`, suite, asMany, '');
    ratio(`bare declaring ${declared} tests / bare`, asMany, bare, ' (what Playwright charges for declaring them)');
    console.log(`  (load average ${loadAverage()} at the end)`);
    return 0;
  } finally {
    cleanUp();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
