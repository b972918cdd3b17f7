/**
 * `npm run bench:reference [-- <folder>]`: how much of a folder of pages the embedded reference server
 * answers as documented (issue 11, part 3; goal ≥ 98 % of the examples the suite sends). Runs the
 * contracts project without BASE_URL (so against the embedded server built from the same folder), then
 * `docs:check`'s findings on the same folder, and prints:
 *   sent      tests that sent their request (passed + failed; skipped ones name why: PARAMS_FILE, ignored blocks, …)
 *   passed    their share
 *   failed    each failing example, marked with the docs:check findings of that example (a page defect), if any
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { loadContracts } from '../src/contracts/loadContracts';
import { checkDocs } from '../src/docscheck/docsFindings';
import { reportedTests, stripAnsi } from '../selftest/support/runSuite';
import { PROJECT_ROOT as ROOT } from '../src/core/projectRoot';

const dir = path.resolve(process.argv[2] ?? path.join(ROOT, '..', 'shared', 'corpus', 'graph-docs-v1.0'));
const reportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reference-'));

const started = Date.now();
const cli = require.resolve('@playwright/test/cli');
const env = { ...process.env, CONTRACTS_DIR: dir, REPORTS_DIR: reportsDir, BASE_URL: '', ENV_FILE: 'none', CI: '1' };
spawnSync(process.execPath, [cli, 'test', '--project=contracts', '--reporter=json'], {
  cwd: ROOT,
  env,
  stdio: ['ignore', fs.openSync(path.join(reportsDir, 'results.json'), 'w'), 'inherit'],
});
const seconds = ((Date.now() - started) / 1000).toFixed(0);

const tests = reportedTests(reportsDir).filter((test) => test.title.includes('#'));
const passed = tests.filter((test) => test.status === 'expected');
const failed = tests.filter((test) => test.status === 'unexpected' || test.status === 'flaky');
const skipped = tests.length - passed.length - failed.length;
const sent = passed.length + failed.length;

// The findings of each example: a failing example with one is a defect of its page, which docs:check reports.
const findings = new Map<string, string[]>();
for (const finding of checkDocs(loadContracts(dir)).findings) {
  if (!finding.example) continue;
  const key = `${finding.page}#${finding.example}`;
  findings.set(key, [...(findings.get(key) ?? []), finding.kind]);
}
const listed = failed.filter((test) => findings.has(test.title));

const percent = (part: number, whole: number) => `${((100 * part) / Math.max(whole, 1)).toFixed(1)} %`;
console.log(`folder   ${dir}`);
console.log(`tests    ${tests.length} (${skipped} skipped, each with its reason), ${seconds} s, load ${os.loadavg()[0].toFixed(1)}`);
console.log(`sent     ${sent}`);
console.log(`passed   ${passed.length} (${percent(passed.length, sent)})`);
console.log(
  `failed   ${failed.length}: ${listed.length} with docs:check findings on the example, ${failed.length - listed.length} without`,
);
for (const test of failed) {
  const kinds = [...new Set(findings.get(test.title) ?? [])];
  const first = stripAnsi(test.errors[0] ?? '')
    .split('\n')
    .slice(1, 3)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  console.log(`  ${test.title}  [${kinds.length ? `docs:check: ${kinds.join(', ')}` : 'no finding'}]  ${first.slice(0, 160)}`);
}
fs.rmSync(reportsDir, { recursive: true, force: true });
