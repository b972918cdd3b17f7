/**
 * `npx tsx bench/widePage.ts [rows...]`: how listing grows with one page's property table (not a timed
 * test). For each size, a page with that many String rows (all sent by its example) is written to a
 * temporary folder and `npx playwright test --list` runs on it: wall time, peak memory, tests.
 * Negative requests must grow linearly (one per row); 5,000 rows took 26-90 s and 1.5 GB before.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { wideTablePage } from '../selftest/support/generatedPages';
import { PROJECT_ROOT as ROOT } from '../src/core/projectRoot';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);

for (const rows of sizes.length ? sizes : [1_000, 5_000]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gdc-wide-'));
  try {
    fs.writeFileSync(path.join(dir, 'wide.md'), wideTablePage(rows));
    const start = performance.now();
    // GNU time reports the peak resident size of the whole listing (runner and loader).
    const listing = spawnSync('/usr/bin/time', ['-f', 'peak %M KB', 'npx', 'playwright', 'test', '--list'], {
      cwd: ROOT,
      env: { ...process.env, CONTRACTS_DIR: dir, REPORTS_DIR: path.join(dir, 'reports') },
      encoding: 'utf8',
    });
    const wall = (performance.now() - start) / 1000;
    const tests = /Total: (\d+) tests?/.exec(listing.stdout)?.[1] ?? '?';
    const peak = /peak (\d+) KB/.exec(listing.stderr)?.[1];
    console.log(
      `${String(rows).padStart(6)} rows: ${tests} tests, ${wall.toFixed(1)} s, ${peak ? `${Math.round(Number(peak) / 1024)} MB peak` : 'peak unknown'}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
