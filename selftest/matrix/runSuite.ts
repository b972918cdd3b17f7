/**
 * Runs the contract suite the way a user does (`npx playwright test`, a separate process) against the
 * embedded reference server with switches on, and reads what failed from its JSON report.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export interface SuiteRun {
  exitCode: number | null;
  passed: number;
  failed: number;
  skipped: number;
  /** Check names from the `violated-check` annotations of failed tests. */
  failingChecks: Set<string>;
  /** First lines of output, for a failure message when the run did not produce a report. */
  output: string;
  /** Where the run wrote its reports (REPORTS_DIR). */
  reportsDir: string;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Variables of the parent's own run that would change what the child tests. */
const SUITE_VARIABLES = ['BASE_URL', 'API_TOKEN', 'CONTRACTS_DIR', 'PARAMS_FILE', 'REFERENCE_FAULTS', 'REFERENCE_TOLERANCES', 'SKIP_CHECKS', 'BASELINE_FILE', 'UPDATE_BASELINE', 'GITHUB_STEP_SUMMARY'];

/**
 * The parent is itself a Playwright run: its worker variables must not leak into the child. A child
 * runs without a baseline (a baseline.json in the project would hide faults) unless `extra` names one.
 */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(PW_|PLAYWRIGHT_|TEST_|FORCE_COLOR)/.test(key) && !SUITE_VARIABLES.includes(key)) env[key] = value;
  }
  return { ...env, BASELINE_FILE: 'none', ...extra, CI: '1' };
}

interface JsonAnnotation {
  type: string;
  description?: string;
}

interface JsonSuite {
  suites?: JsonSuite[];
  specs?: { title: string; tests: { status: string; annotations?: JsonAnnotation[]; results: { annotations?: JsonAnnotation[]; errors?: { message?: string }[] }[] }[] }[];
}

/** One test of a child run as its JSON report tells it: outcome, annotations (skip reasons too), error messages. */
export interface ReportedTest {
  title: string;
  status: string;
  annotations: JsonAnnotation[];
  errors: string[];
}

export function reportedTests(reportsDir: string): ReportedTest[] {
  const tests: ReportedTest[] = [];
  const walk = (suite: JsonSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        const last = test.results.at(-1);
        tests.push({ title: spec.title, status: test.status, annotations: [...(test.annotations ?? []), ...(last?.annotations ?? [])], errors: (last?.errors ?? []).map((error) => error.message ?? '') });
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  const report = path.join(reportsDir, 'results.json');
  if (fs.existsSync(report)) for (const suite of (JSON.parse(fs.readFileSync(report, 'utf8')) as JsonSuite).suites ?? []) walk(suite);
  return tests;
}

function collect(suite: JsonSuite, run: SuiteRun): void {
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests) {
      if (test.status === 'unexpected' || test.status === 'flaky') run.failed++;
      else if (test.status === 'skipped') run.skipped++;
      else run.passed++;
      for (const result of test.results) {
        for (const annotation of result.annotations ?? []) if (annotation.type === 'violated-check' && annotation.description) run.failingChecks.add(annotation.description);
      }
    }
  }
  for (const child of suite.suites ?? []) collect(child, run);
}

export async function runSuite(options: { name: string; projects: string[]; env: Record<string, string>; args?: string[]; reportsDir?: string }): Promise<SuiteRun> {
  const reportsDir = options.reportsDir ?? path.join(PROJECT_ROOT, 'reports', 'selftest', 'matrix', options.name);
  fs.rmSync(reportsDir, { recursive: true, force: true });
  const port = await freePort();
  const cli = require.resolve('@playwright/test/cli');
  const args = [cli, 'test', ...options.projects.map((project) => `--project=${project}`), ...(options.args ?? [])];
  const env = childEnv({ ...options.env, REFERENCE_PORT: String(port), REPORTS_DIR: reportsDir, NEGATIVE_TESTS: 'on' });
  const { exitCode, output } = await new Promise<{ exitCode: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    // A worker that ends early (timeout, Ctrl-C) takes its child suite, and with it the child's server, along.
    const stop = () => child.kill();
    process.once('exit', stop);
    child.on('close', () => process.off('exit', stop));
    let output = '';
    const keep = (chunk: Buffer) => void (output.length < 4000 && (output += chunk.toString()));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('close', (code) => resolve({ exitCode: code, output }));
  });
  const run: SuiteRun = { exitCode, passed: 0, failed: 0, skipped: 0, failingChecks: new Set(), output, reportsDir };
  const report = path.join(reportsDir, 'results.json');
  if (fs.existsSync(report)) for (const suite of (JSON.parse(fs.readFileSync(report, 'utf8')) as JsonSuite).suites ?? []) collect(suite, run);
  return run;
}

/** Runs tasks with at most `limit` at a time, keeping their order in the results. */
export async function inPool<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
