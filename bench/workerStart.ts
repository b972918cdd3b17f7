/**
 * `npm run bench:workers [-- <folder>]`: what a Playwright worker pays to start on a documentation set
 * (not a timed test), with the suite cache (src/contracts/suiteCache.ts) cold and warm.
 *
 *   (1) `npx playwright test --list`, both projects (contracts, negative) and `--project=contracts` alone:
 *       cold (cache folder emptied) once, warm RUNS times (the minimum counts: the machine is shared), and
 *       warm with Playwright's CLI started by node directly (without npx's own start-up);
 *   (2) one worker's load, in a process of its own as Playwright starts it: import fixtures/suite.ts with
 *       the runner's cache key, then build one example and its type registry (what its first test needs).
 *       Wall time, CPU time and peak memory (`/usr/bin/time`'s maximum resident set size).
 *   (3) the same for a negative-project worker: every negative test's title, then one bad request.
 *
 * Default folder: ../shared/corpus/graph-docs-v1.0. Runs in a project checkout of any version: before the
 * cache existed, (2) is the old full load (every page parsed in every worker).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT as ROOT } from '../src/core/projectRoot';

const dir = path.resolve(process.argv[2] ?? path.join(ROOT, '..', 'shared', 'corpus', 'graph-docs-v1.0'));
// A cache folder of the bench's own: emptying it for the cold runs leaves other runs' caches alone.
const CACHE = path.join(os.tmpdir(), `bench-suite-cache-${process.pid}`);
/** Playwright's CLI, for starting it with node directly (as the nightly workflow does, without npx). */
export const CLI = require.resolve('@playwright/test/cli', { paths: [ROOT] });
export const seconds = (millis: number) => `${(millis / 1000).toFixed(2)} s`;
export const loadAverage = () => os.loadavg()[0].toFixed(1);

export interface Measured {
  wall: number;
  /** User + system CPU time of the process and its children, in ms. */
  cpu: number;
  /** Peak resident set size in MB, when /usr/bin/time could tell. */
  peakMB?: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command under /usr/bin/time (when there is one) for its CPU time and peak memory. */
export function measure(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Measured {
  const timeFile = path.join(os.tmpdir(), `bench-time-${process.pid}-${Date.now()}.txt`);
  const timed = fs.existsSync('/usr/bin/time');
  const start = performance.now();
  const run = spawnSync(timed ? '/usr/bin/time' : command, timed ? ['-o', timeFile, '-f', '%U %S %M', command, ...args] : args, {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wall = performance.now() - start;
  let cpu = NaN;
  let peakMB: number | undefined;
  if (timed) {
    const [user, system, peakKB] = fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
    fs.rmSync(timeFile, { force: true });
    cpu = (user + system) * 1000;
    peakMB = peakKB / 1024;
  }
  return { wall, cpu, peakMB, status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Runs `cleanUp` once, when the bench ends or is interrupted (Ctrl+C, kill): its servers and temporary
 * folders go either way. An interruption is handled once the command running (synchronously) returns.
 */
export function cleanUpOnExit(cleanUp: () => void): () => void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    cleanUp();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (once(), process.exit(130)));
  return once;
}

/** Warm listings measured per case; the minimum is the figure (the others are the load's). */
const RUNS = 5;

/** `npx playwright test --list`, or Playwright's CLI started by node directly (npx itself costs about 1 s). */
function list(projects: string[], viaNpx = true): Measured {
  const args = ['test', '--list', ...projects];
  const env = { ...process.env, CONTRACTS_DIR: dir };
  if (viaNpx) return measure('npx', ['playwright', ...args], { env });
  return measure(process.execPath, [CLI, ...args], { env });
}

/** What a worker's import of the suite and its first test cost, as a process of its own. */
const WORKER_LOAD = `
const { suite } = require('./fixtures/suite');
const example = typeof suite.example === 'function' ? suite.example(0) : suite.examples[0];
const types = suite.registry.all().length;
console.log(JSON.stringify({ tests: (suite.tests ?? suite.examples).length, example: example.title, types }));
`;

/**
 * What a negative-project worker's import and first test cost: every negative test's title (a worker
 * declares them all), then one bad request. Before the negative index, that built every example.
 */
const NEGATIVE_WORKER_LOAD = `
const { settings, suite } = require('./fixtures/suite');
let tests, first;
try {
  const { badRequest, negativeTests } = require('./src/negative/negativeIndex');
  const entries = negativeTests(suite);
  [tests, first] = [entries.length, badRequest(suite, entries[0], settings.negativeSeed).title];
} catch (error) {
  if (error.code !== 'MODULE_NOT_FOUND' || !String(error.message).includes('negativeIndex')) throw error;
  const { deriveBadRequests } = require('./src/negative/badRequests');
  const examples = typeof suite.examples === 'function' ? suite.examples() : suite.examples;
  const bad = examples.flatMap((example) => deriveBadRequests(example, suite.registry, settings.negativeSeed));
  [tests, first] = [bad.length, bad[0].title];
}
console.log(JSON.stringify({ tests, first }));
`;

/**
 * The key as the runner hands it to a worker, its parent: set by the child itself, whose parent is
 * /usr/bin/time rather than this process.
 */
const AS_WORKER = `
if (process.env.BENCH_SUITE_KEY) process.env.GRAPH_DOC_CONTRACTS_SUITE = [process.ppid, process.env.CONTRACTS_DIR, process.env.BENCH_SUITE_KEY].join('\\n');
`;

function workerLoad(key: string | undefined, script = WORKER_LOAD): Measured {
  const env: NodeJS.ProcessEnv = { ...process.env, CONTRACTS_DIR: dir, TEST_WORKER_INDEX: '0', BENCH_SUITE_KEY: key ?? '' };
  return measure(process.execPath, ['--import', 'tsx', '-e', AS_WORKER + script], { env });
}

/** The suite key a listing left for its workers, read back from a runner-like load in this process. */
function runnerKey(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cache = require(path.join(ROOT, 'src', 'contracts', 'suiteCache')) as {
      loadCachedSuite: (d: string, o: object) => unknown;
      SUITE_KEY_ENV: string;
    };
    const env: NodeJS.ProcessEnv = { CONTRACTS_CACHE_DIR: CACHE };
    cache.loadCachedSuite(dir, { env });
    return env[cache.SUITE_KEY_ENV]?.split('\n')[2];
  } catch {
    return undefined; // a checkout from before the cache
  }
}

function report(label: string, run: Measured): void {
  const peak = run.peakMB === undefined ? '' : `, peak ${run.peakMB.toFixed(0)} MB`;
  const failed = run.status === 0 ? '' : ` (exit ${run.status}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')})`;
  console.log(`  ${label}: ${seconds(run.wall)} wall, ${seconds(run.cpu)} CPU${peak}${failed}`);
}

/** One listing case: cold (cache emptied) once, then warm RUNS times with the load average of each, and their minimum. */
function listings(label: string, projects: string[]): void {
  fs.rmSync(CACHE, { recursive: true, force: true });
  const cold = list(projects);
  report(`(1) ${label} cold (cache emptied, load ${loadAverage()}), ${/Total: (\d+) tests?/.exec(cold.stdout)?.[1] ?? '?'} tests`, cold);
  const warm: Measured[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const load = loadAverage();
    warm.push(list(projects));
    report(`(1) ${label} warm, run ${run} (load ${load})`, warm[warm.length - 1]);
  }
  const fastest = warm.reduce((best, run) => (run.wall < best.wall ? run : best));
  console.log(
    `  (1) ${label} warm, minimum of ${RUNS}: ${seconds(fastest.wall)} wall, ${seconds(Math.min(...warm.map((run) => run.cpu)))} CPU`,
  );
  report(`(1) ${label} warm, Playwright without npx (load ${loadAverage()})`, list(projects, false));
}

function main(): number {
  if (!fs.existsSync(dir)) {
    console.error(`bench: ${dir} does not exist`);
    return 2;
  }
  const load = loadAverage();
  console.log(`bench:workers ${dir} (${os.cpus().length} CPUs, load average ${load}, Node ${process.version})`);
  process.env.CONTRACTS_CACHE_DIR = CACHE;
  listings('--list --project=contracts', ['--project=contracts']);
  // Last, so that the cache holds both projects' indexes for the worker loads below.
  listings('--list (both projects)', []);
  const key = runnerKey();
  for (let run = 1; run <= 2; run++) {
    const worker = workerLoad(key);
    report(`(2) worker load${key ? ' (runner key)' : ''}, run ${run}: ${worker.stdout.trim()}`, worker);
  }
  for (let run = 1; run <= 2; run++) {
    const worker = workerLoad(key, NEGATIVE_WORKER_LOAD);
    report(`(3) negative worker load${key ? ' (runner key)' : ''}, run ${run}: ${worker.stdout.trim()}`, worker);
  }
  fs.rmSync(CACHE, { recursive: true, force: true });
  return 0;
}

if (require.main === module) process.exitCode = main();
