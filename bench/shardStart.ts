/**
 * `npm run bench:shard [-- <folder>] [--pages=<n>] [--shard=<i>/<n>]`: what a nightly shard's runner does
 * before its first test (not a timed test): `playwright test --list --shard=1/4`, both projects, as the
 * nightly workflow runs them (Playwright's CLI started by node), in the states a shard finds on a CI runner:
 *
 *   cold             no suite cache (a fresh runner, no actions/cache): every page read and parsed, the suite
 *                    cache and the negative index built;
 *   restored         the cache restored as it was saved the night before, the pages checked out afresh (new
 *                    inodes and times: every page is read and hashed again, none parsed);
 *   pages changed    the same, with 1 % of the pages edited since (restore-keys: the last night's cache): only
 *                    the edited pages are parsed again;
 *   local, warm      the same cache on the machine that wrote it: pages known by their stat, none read.
 *
 * Wall and CPU time (the minimum of 3 for the warm states), with the load average. Playwright's transform
 * cache is emptied for the cold state only. The pages are edited by appending a line to their text, which
 * changes their key and not their tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listPages } from '../src/contracts/loadContracts';
import { PROJECT_ROOT as ROOT } from '../src/core/projectRoot';
import { scaledFolder } from './scaledFolder';
import { cleanUpOnExit, CLI, loadAverage, measure, seconds, type Measured } from './workerStart';

const options = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
const [folderArg] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const source = path.resolve(folderArg ?? path.join(ROOT, '..', 'shared', 'corpus', 'graph-docs-v1.0'));
const option = (name: string) => /=(.*)$/.exec(options.find((arg) => arg.startsWith(`--${name}=`)) ?? '')?.[1];
const pagesWanted = Number(option('pages') ?? 0);
const shard = option('shard') ?? '1/4';
const RUNS = 3;

/** A fresh checkout of the pages: the same files at the same path, with new inodes and times. */
function checkOutAgain(dir: string, pristine: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(pristine, dir, { recursive: true });
}

function main(): number {
  if (!fs.existsSync(source)) {
    console.error(`bench: ${source} does not exist`);
    return 2;
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-shard-'));
  const scaled = scaledFolder(source, pagesWanted);
  const cleanUp = cleanUpOnExit(() => {
    scaled.remove();
    fs.rmSync(work, { recursive: true, force: true });
  });
  try {
    // The folder the shard reads, checked out afresh at will from scaled.dir (which is only ever read).
    const dir = path.join(work, 'pages');
    const cache = path.join(work, 'suite-cache');
    const saved = path.join(work, 'saved-cache');
    const transform = path.join(work, 'transform-cache');
    const env = { ...process.env, CONTRACTS_DIR: dir, CONTRACTS_CACHE_DIR: cache, PLAYWRIGHT_TRANSFORM_CACHE_DIR: transform, CI: '1' };
    const list = (): Measured => measure(process.execPath, [CLI, 'test', '--list', `--shard=${shard}`], { env });
    const report = (label: string, runs: Measured[]) => {
      const best = runs.reduce((a, b) => (b.wall < a.wall ? b : a));
      const tests = /Total: (\d+) tests?/.exec(best.stdout)?.[1] ?? `? (exit ${best.status}: ${best.stderr.trim().split('\n').pop()})`;
      console.log(
        `  ${label}: ${seconds(best.wall)} wall, ${seconds(Math.min(...runs.map((run) => run.cpu)))} CPU` +
          `${runs.length > 1 ? ` (minimum of ${runs.length})` : ''}, ${tests} tests listed (load average ${loadAverage()})`,
      );
    };
    const files = listPages(scaled.dir);
    console.log(
      `bench:shard ${source}${scaled.dir === source ? '' : ` scaled to ${scaled.pages} pages`}, --list --shard=${shard}, both projects ` +
        `(${os.cpus().length} CPUs, Node ${process.version})`,
    );

    checkOutAgain(dir, scaled.dir);
    report('cold (no suite cache, no transform cache)', [list()]);
    fs.cpSync(cache, saved, { recursive: true });

    const restored = Array.from({ length: RUNS }, () => {
      checkOutAgain(dir, scaled.dir);
      fs.rmSync(cache, { recursive: true, force: true });
      fs.cpSync(saved, cache, { recursive: true });
      return list();
    });
    report('restored (the last cache, pages checked out afresh)', restored);

    // 1 % of the pages, spread over the folder, edited since the cache was saved.
    const edited = files.filter((_, i) => i % 100 === 50);
    const changed = Array.from({ length: RUNS }, () => {
      checkOutAgain(dir, scaled.dir);
      for (const file of edited) fs.appendFileSync(path.join(dir, file), '\n<!-- edited since the last night -->\n');
      fs.rmSync(cache, { recursive: true, force: true });
      fs.cpSync(saved, cache, { recursive: true });
      return list();
    });
    report(`pages changed (${edited.length} of ${files.length} edited, the last cache restored)`, changed);

    checkOutAgain(dir, scaled.dir);
    list(); // records the pages' stats
    // Past the racy window (pageStats.ts): pages older than 5 s before the record are known by their stat.
    const wait = Date.now() + 6_000;
    while (Date.now() < wait) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    list();
    report('local, warm (pages known by their stat)', Array.from({ length: RUNS }, list));
    return 0;
  } finally {
    cleanUp();
  }
}

if (require.main === module) process.exitCode = main();
