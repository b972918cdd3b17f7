/**
 * Runs the contract suite the way a user does (`npx playwright test`, a separate process) against the
 * embedded reference server with switches on, and reads what failed from its JSON report: which checks
 * broke comes from each test's `check-results` attachment (data), not from words in the output.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test as base } from '@playwright/test';
import type { JSONReport, JSONReportSuite, JSONReportTestResult } from '@playwright/test/reporter';
import { PROJECT_ROOT } from '../../src/config';
import { isCheckName, type CheckName } from '../../src/core/checkNames';
// Type-only: importing the fixtures' values would load the settings and every contract in this process.
import type { CHECK_RESULTS_ATTACHMENT, TestReport } from '../../fixtures/test';
import type { SKIP_KIND_ANNOTATION } from '../../src/report/checkResults';

export { PROJECT_ROOT };

/** The attachment's name, tied to the fixtures' constant by its type: renaming one without the other does not compile. */
const CHECK_RESULTS: typeof CHECK_RESULTS_ATTACHMENT = 'check-results';
const SKIP_KIND: typeof SKIP_KIND_ANNOTATION = 'skip kind';

export interface SuiteRun {
  exitCode: number | null;
  passed: number;
  failed: number;
  skipped: number;
  /** Skipped tests by their `skip kind` annotation. */
  skipKinds: Map<string, number>;
  /** Checks with a `broken` outcome in any test's `check-results`. */
  failingChecks: Set<CheckName>;
  /** The verdicts (docs, metadata, service, retired) their broken promises carry. */
  verdicts: Set<string>;
  /** First lines of the first failures' errors, and of the output when no test ran. */
  failureText: string;
  /** What the child printed (stdout and stderr). */
  output: string;
  /** Where the run wrote its reports (REPORTS_DIR). */
  reportsDir: string;
}

export interface SuiteOptions {
  projects: readonly string[];
  env: Record<string, string>;
  /** Where the child writes its reports (REPORTS_DIR): the calling test's own output folder. */
  reportsDir: string;
  args?: readonly string[];
  /** A command the run goes through, e.g. `/usr/bin/time -f …` to measure its peak memory. */
  wrapper?: readonly string[];
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

/** Every variable the suite reads: a child run gets only the ones its test gives it. */
const SUITE_VARIABLES =
  /^(BASE_URL|API_TOKEN(_COMMAND)?|OAUTH_\w+|CONTRACTS_DIR|PARAMS_FILE|REFERENCE_\w+|NEGATIVE_\w+|SKIP_CHECKS|BASELINE_FILE|UPDATE_BASELINE|MAX_RETRIES|RETRY_MAX_WAIT_S|REQUEST_TIMEOUT_MS|MAX_BODY_BYTES|ALLOW_INSECURE_HTTP|IGNORE_HTTPS_ERRORS|REPORTS_DIR|ENV_FILE|GITHUB_STEP_SUMMARY|HISTORY_FILE|TOKEN_KIND|GRANTED_PERMISSIONS|READ_ONLY|CONSISTENCY_WAIT_S|METADATA)$/;

/** The parent is itself a Playwright run: its worker variables and the user's settings must not leak into the child. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(PW_|PLAYWRIGHT_|TEST_|FORCE_COLOR)/.test(key) && !SUITE_VARIABLES.test(key)) env[key] = value;
  }
  // ENV_FILE=none: a developer's .env must not point a self-test's child run at a real deployment;
  // no baseline unless the test names one (a baseline.json in the project would hide faults); the pages as
  // the only witness unless the test asks for metadata (the seeds' own retires ipSecurityProfile and refuses
  // two examples: the features these runs prove would be hidden).
  return { ...env, BASELINE_FILE: 'none', METADATA: 'off', ...extra, CI: '1', ENV_FILE: 'none' };
}

// Terminal colour codes are control characters by definition.
// eslint-disable-next-line no-control-regex
export const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
const firstLines = (text: string, count: number) => stripAnsi(text).split('\n').slice(0, count).join('\n');

/** The checks that broke in a test, and the verdicts their broken promises carry. */
function brokenChecks(result: JSONReportTestResult): { checks: CheckName[]; verdicts: string[] } {
  const found = { checks: [] as CheckName[], verdicts: [] as string[] };
  for (const attachment of result.attachments) {
    if (attachment.name !== CHECK_RESULTS || attachment.body === undefined) continue;
    const report = JSON.parse(Buffer.from(attachment.body, 'base64').toString('utf8')) as TestReport;
    for (const { check, outcome, violations } of report.checks) {
      if (outcome !== 'broken' || !isCheckName(check)) continue;
      found.checks.push(check);
      for (const { verdict } of violations ?? []) if (verdict) found.verdicts.push(verdict);
    }
  }
  return found;
}

interface JsonAnnotation {
  type: string;
  description?: string;
}

interface JsonSuite {
  suites?: JsonSuite[];
  specs?: {
    title: string;
    tests: {
      status: string;
      annotations?: JsonAnnotation[];
      results: { annotations?: JsonAnnotation[]; errors?: { message?: string }[] }[];
    }[];
  }[];
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
        tests.push({
          title: spec.title,
          status: test.status,
          annotations: [...(test.annotations ?? []), ...(last?.annotations ?? [])],
          errors: (last?.errors ?? []).map((error) => error.message ?? ''),
        });
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  const report = path.join(reportsDir, 'results.json');
  if (fs.existsSync(report)) for (const suite of (JSON.parse(fs.readFileSync(report, 'utf8')) as JsonSuite).suites ?? []) walk(suite);
  return tests;
}

/** Counts the report's tests and gathers the checks that broke and the first failures' messages. */
function collect(suite: JSONReportSuite, run: SuiteRun, failures: string[]): void {
  for (const spec of suite.specs) {
    for (const test of spec.tests) {
      // What the test did, not whether it was expected to (the matrix expects failures under a fault).
      const did = test.results.at(-1)?.status;
      if (did === 'skipped' || did === undefined) {
        run.skipped++;
        const annotations = [...test.annotations, ...(test.results.at(-1)?.annotations ?? [])];
        const kind = annotations.find((annotation) => annotation.type === SKIP_KIND)?.description ?? 'no kind';
        run.skipKinds.set(kind, (run.skipKinds.get(kind) ?? 0) + 1);
      } else if (did === 'passed') run.passed++;
      else run.failed++;
      for (const result of test.results) {
        const broken = brokenChecks(result);
        for (const check of broken.checks) run.failingChecks.add(check);
        for (const verdict of broken.verdicts) run.verdicts.add(verdict);
        if (result.error?.message && failures.length < 3) failures.push(`${spec.title}:\n${firstLines(result.error.message, 6)}`);
      }
    }
  }
  for (const child of suite.suites ?? []) collect(child, run, failures);
}

const emptyRun = (reportsDir: string, exitCode: number | null, output: string): SuiteRun => ({
  exitCode,
  passed: 0,
  failed: 0,
  skipped: 0,
  skipKinds: new Map(),
  failingChecks: new Set(),
  verdicts: new Set(),
  failureText: '',
  output,
  reportsDir,
});

/**
 * A run whose tests are grouped by switch (the matrix's child run: a `describe` per switch), as one
 * SuiteRun per describe title.
 */
export function readSwitchRuns(reportsDir: string): Map<string, SuiteRun> {
  const runs = new Map<string, SuiteRun>();
  const report = path.join(reportsDir, 'results.json');
  if (!fs.existsSync(report)) return runs;
  const walk = (suite: JSONReportSuite) => {
    for (const child of suite.suites ?? []) {
      if (child.specs.length) {
        const run = emptyRun(reportsDir, null, '');
        const failures: string[] = [];
        collect(child, run, failures);
        run.failureText = failures.join('\n');
        runs.set(child.title, run);
      } else walk(child);
    }
  };
  for (const suite of (JSON.parse(fs.readFileSync(report, 'utf8')) as JSONReport).suites) walk(suite);
  return runs;
}

/** The error messages of the tests of one switch (a describe) of the matrix's child run; undefined when it has no such switch. */
export function switchErrors(reportsDir: string, title: string): string[] | undefined {
  const report = path.join(reportsDir, 'results.json');
  if (!fs.existsSync(report)) return undefined;
  let found: string[] | undefined;
  const walk = (suite: JSONReportSuite) => {
    if (suite.title === title)
      found = suite.specs.flatMap((spec) =>
        spec.tests.flatMap((test) => (test.results.at(-1)?.errors ?? []).map((error) => stripAnsi(error.message ?? ''))),
      );
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of (JSON.parse(fs.readFileSync(report, 'utf8')) as JSONReport).suites) walk(suite);
  return found;
}

function readReport(reportsDir: string, exitCode: number | null, output: string): SuiteRun {
  const run = emptyRun(reportsDir, exitCode, output);
  const report = path.join(reportsDir, 'results.json');
  const failures: string[] = [];
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8')) as JSONReport;
    for (const suite of json.suites) collect(suite, run, failures);
    failures.push(...json.errors.slice(0, 2).map((error) => firstLines(error.message ?? String(error.value), 6)));
  }
  // Without a test result, the output tells why (e.g. the reference server's one-line refusal).
  if (run.passed + run.failed === 0) failures.push(firstLines(output, 20));
  run.failureText = failures.join('\n');
  return run;
}

/** How long a child stopped with SIGINT gets to close its reference server before it is killed. */
const GRACE_MS = 10_000;

/**
 * Starts suite runs and stops every one still going when `stopAll` is called (the matrix's fixture
 * calls it at test end, timeout or interrupt). Each child leads its own process group, so one signal
 * reaches its runner and workers; SIGINT lets its runner close the reference server it started.
 */
export class SuiteRunner {
  private readonly running = new Set<ChildProcess>();
  private readonly onExit = () => this.running.forEach((child) => signalGroup(child, 'SIGINT'));

  constructor() {
    // Last resort if this worker exits without teardown: the children then stop on their own.
    process.on('exit', this.onExit);
  }

  async run(options: SuiteOptions): Promise<SuiteRun> {
    fs.rmSync(options.reportsDir, { recursive: true, force: true });
    const port = await freePort();
    const cli = require.resolve('@playwright/test/cli');
    const args = [cli, 'test', ...options.projects.map((project) => `--project=${project}`), ...(options.args ?? [])];
    const env = childEnv({ ...options.env, REFERENCE_PORT: String(port), REPORTS_DIR: options.reportsDir, NEGATIVE_TESTS: 'on' });
    const [command, ...prefix] = [...(options.wrapper ?? []), process.execPath];
    const child = spawn(command, [...prefix, ...args], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.running.add(child);
    let output = '';
    // Enough to read every line a run prints (the secrets self-test scans all of it), bounded all the same.
    const keep = (chunk: Buffer) => void (output.length < 4_000_000 && (output += chunk.toString()));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exitCode = await exited(child);
    this.running.delete(child);
    return readReport(options.reportsDir, exitCode, output);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map(stop));
    this.running.clear();
    process.off('exit', this.onExit);
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

async function stop(child: ChildProcess): Promise<void> {
  signalGroup(child, 'SIGINT');
  const killed = await Promise.race([
    exited(child).then(() => false),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(true), GRACE_MS).unref()),
  ]);
  if (killed) signalGroup(child, 'SIGKILL');
}

/** A test that runs child suites (`runner.run`), every one stopped when the test ends, times out or is interrupted. */
export const suiteTest = base.extend<{ runner: SuiteRunner }>({
  runner: async ({}, use) => {
    const runner = new SuiteRunner();
    await use(runner);
    await runner.stopAll();
  },
});
