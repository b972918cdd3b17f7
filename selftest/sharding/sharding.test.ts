/**
 * Sharding as the nightly workflow uses it: the contract suite run as `--shard=1/2` and `--shard=2/2`
 * (separate processes, as on separate runners), the two blob reports merged with
 * `playwright merge-reports`, must hold every test exactly once, with the outcome an unsharded run gives.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test as base } from '@playwright/test';
import { childEnv, freePort, PROJECT_ROOT } from '../support/runSuite';

const CLI = require.resolve('@playwright/test/cli');
/** One seed for every run: the negative project then draws the same values in each process. */
const SEED = 'sharding-selftest';

interface Finished {
  exitCode: number | null;
  output: string;
}
type Run = (args: string[], options: { cwd: string; env: Record<string, string> }) => Promise<Finished>;

/** Sends a signal to a child's whole process group (the Playwright runner and its workers). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group has already gone.
  }
}

/**
 * SIGINT to the group, as Ctrl+C in a terminal: Playwright's graceful stop, which also stops the reference
 * server (its webServer runs in a process group of its own, and SIGTERM would orphan it). SIGKILL if the
 * run has not ended within a few seconds.
 */
async function stopGroup(child: ChildProcess): Promise<void> {
  const closed = new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('close', () => resolve()),
  );
  signalGroup(child, 'SIGINT');
  const ended = await Promise.race([closed.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5000))]);
  if (!ended) signalGroup(child, 'SIGKILL');
}

/**
 * `run` starts `node <playwright cli> …` in its own process group; whatever is still running when the
 * test ends (passed, failed, timed out or interrupted) is stopped, reference servers included.
 */
const test = base.extend<{ run: Run }>({
  run: async ({}, use) => {
    const running = new Set<ChildProcess>();
    // The worker itself torn down: it cannot wait, but the runs can still stop themselves gracefully.
    const interruptAll = () => running.forEach((child) => signalGroup(child, 'SIGINT'));
    process.once('exit', interruptAll);
    await use(
      (args, { cwd, env }) =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [CLI, ...args], {
            cwd,
            env: childEnv(env),
            detached: true,
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          running.add(child);
          let output = '';
          const keep = (chunk: Buffer) => void (output.length < 4000 && (output += chunk.toString()));
          child.stdout?.on('data', keep);
          child.stderr?.on('data', keep);
          child.once('error', reject);
          child.once('close', (exitCode) => {
            running.delete(child);
            resolve({ exitCode, output });
          });
        }),
    );
    await Promise.all([...running].map(stopGroup));
    process.removeListener('exit', interruptAll);
  },
});

/** Runs the contract suite (all projects) with its own reports folder and reference server port. */
async function runContracts(run: Run, reportsDir: string, args: string[] = []): Promise<Finished> {
  const env = { REPORTS_DIR: reportsDir, REFERENCE_PORT: String(await freePort()), NEGATIVE_SEED: SEED, NEGATIVE_TESTS: 'on' };
  // Two pages' tests of both projects (41): enough for shards of different sizes, at a fraction of the cost.
  return run(['test', '--grep', 'ipsecurityprofile', ...args], { cwd: PROJECT_ROOT, env });
}

interface JsonSuite {
  title: string;
  suites?: JsonSuite[];
  specs?: { title: string; tests: { projectName: string; status: string }[] }[];
}

/** [`project › file › title`, status] for every test in a JSON report, duplicates kept. */
function outcomes(reportFile: string, finished: Finished): [string, string][] {
  if (!fs.existsSync(reportFile)) throw new Error(`no report at ${reportFile}; the run printed:\n${finished.output}`);
  const list: [string, string][] = [];
  const walk = (suite: JsonSuite, titles: string[]) => {
    const here = [...titles, suite.title];
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests) list.push([[t.projectName, ...here, spec.title].join(' › '), t.status]);
    for (const child of suite.suites ?? []) walk(child, here);
  };
  for (const suite of (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { suites?: JsonSuite[] }).suites ?? []) walk(suite, []);
  return list;
}

/** How a merged report differs from the unsharded run: duplicates, missing or extra tests, other outcomes. */
function differences(unsharded: [string, string][], merged: [string, string][]): string[] {
  const expected = new Map(unsharded);
  const seen = new Map<string, string>();
  const found: string[] = [];
  for (const [title, status] of merged) {
    if (seen.has(title)) found.push(`twice: ${title}`);
    else if (!expected.has(title)) found.push(`not in the unsharded run: ${title}`);
    else if (expected.get(title) !== status) found.push(`${title}: ${status}, unsharded ${expected.get(title)}`);
    seen.set(title, status);
  }
  for (const title of expected.keys()) if (!seen.has(title)) found.push(`missing: ${title}`);
  return found;
}

/** Copies the shards' blob zips into one folder and merges them into a JSON report; returns its outcomes. */
async function mergeBlobs(run: Run, shardDirs: string[], folder: string): Promise<[string, string][]> {
  const blobs = path.join(folder, 'blobs');
  fs.mkdirSync(blobs, { recursive: true });
  for (const dir of shardDirs) {
    for (const zip of fs.readdirSync(path.join(dir, 'blob')).filter((name) => name.endsWith('.zip')))
      fs.copyFileSync(path.join(dir, 'blob', zip), path.join(blobs, zip));
  }
  // Without --config, merge-reports writes relative to its working directory.
  const finished = await run(['merge-reports', '--reporter', 'json', blobs], {
    cwd: folder,
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: 'merged.json' },
  });
  return outcomes(path.join(folder, 'merged.json'), finished);
}

test('shards merged with merge-reports hold every test once, with the unsharded outcomes', async ({ run }, testInfo) => {
  const dir = (name: string) => testInfo.outputPath(name);
  // Separate REPORTS_DIRs: the blob reporter empties its folder when a run starts.
  const [whole, first, second] = await Promise.all([
    runContracts(run, dir('unsharded')),
    runContracts(run, dir('shard-1'), ['--shard=1/2']),
    runContracts(run, dir('shard-2'), ['--shard=2/2']),
  ]);
  const unsharded = outcomes(path.join(dir('unsharded'), 'results.json'), whole);
  const shardSizes = [
    outcomes(path.join(dir('shard-1'), 'results.json'), first).length,
    outcomes(path.join(dir('shard-2'), 'results.json'), second).length,
  ];
  expect(unsharded.length).toBeGreaterThan(0);
  expect(
    shardSizes.every((size) => size > 0),
    `each shard runs part of the suite: ${shardSizes.join(' + ')}`,
  ).toBe(true);
  expect(shardSizes[0] + shardSizes[1]).toBe(unsharded.length);

  const merged = await mergeBlobs(run, [dir('shard-1'), dir('shard-2')], dir('merged'));
  expect(differences(unsharded, merged)).toEqual([]);

  // The comparison notices a lost shard: shard 1 alone must come out as missing tests.
  const partial = await mergeBlobs(run, [dir('shard-1')], dir('merged-shard-1-only'));
  expect(differences(unsharded, partial).filter((line) => line.startsWith('missing: '))).toHaveLength(shardSizes[1]);
});
