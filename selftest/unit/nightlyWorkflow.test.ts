/**
 * `.github/workflows/contracts-nightly.yml` holds what the interface promises (DESIGN: "nightly"):
 * schedule + dispatch, no overlapping runs, a shard matrix, blob reports kept when tests fail, a merge
 * job that turns them into one HTML and one JUnit report and the summary of the whole run, the history
 * carried from one night to the next, every setting of the suite passed in, and the suite cache kept
 * between nights (restored before the suite, saved after it also when tests fail, under a key that changes
 * with the pages and with the suite's version, the last night's cache restored when only the pages
 * changed). `workflowProblems` lists what is missing; each mutation below proves that it notices. Cache
 * keys are evaluated (`hashFiles`, `format`, `||`) over the project's files as listed here, with one file
 * changed at a time.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../src/config';
import { SOURCE_FOLDERS, VERSION_FILES } from '../../src/contracts/suiteCache';
import { NEGATIVE_INDEX_SOURCE } from '../../src/negative/negativeIndex';

const WORKFLOW = path.join(PROJECT_ROOT, '.github', 'workflows', 'contracts-nightly.yml');
/** What the suite's config makes merge-reports write (playwright.config.ts's reporters, REPORTS_DIR unset). */
const MERGED = { html: 'reports/html', junit: 'reports/junit.xml', history: 'reports/history.jsonl' };

/** The suite's settings a nightly job needs (DESIGN.md's interface table): each must reach the shards. */
const SETTINGS = [
  'BASE_URL',
  'API_TOKEN',
  'OAUTH_TOKEN_URL',
  'OAUTH_CLIENT_ID',
  'OAUTH_CLIENT_SECRET',
  'OAUTH_SCOPE',
  'API_TOKEN_COMMAND',
  'PARAMS_FILE',
  'NEGATIVE_TESTS',
];
/** Settings that are credentials: they may only come from secrets, never from plain variables. */
const CREDENTIALS = ['API_TOKEN', 'OAUTH_CLIENT_SECRET', 'API_TOKEN_COMMAND'];

type Env = Record<string, unknown>;
interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Env;
}
interface Job {
  needs?: string | string[];
  if?: string;
  env?: Env;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown> };
  steps?: Step[];
}
interface Workflow {
  on?: { schedule?: { cron?: string }[]; workflow_dispatch?: unknown };
  concurrency?: { group?: string; 'cancel-in-progress'?: boolean };
  env?: Env;
  jobs?: Record<string, Job>;
}

const readWorkflow = (): Workflow => parse(fs.readFileSync(WORKFLOW, 'utf8')) as Workflow;
const steps = (job: Job | undefined) => job?.steps ?? [];
const uses = (step: Step, action: string) => step.uses?.split('@')[0] === action;
const runsDespiteFailure = (condition: unknown) => typeof condition === 'string' && /!\s*cancelled\(\)/.test(condition);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : value === undefined ? [] : [value]);

/** The job that runs the suite once per shard: its matrix names shardIndex and shardTotal. */
function findShardJob(workflow: Workflow): [string, Job] | undefined {
  return Object.entries(workflow.jobs ?? {}).find(
    ([, job]) => job.strategy?.matrix && 'shardIndex' in job.strategy.matrix && 'shardTotal' in job.strategy.matrix,
  );
}

function triggerProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  const cronOf = (entry: unknown) => (typeof entry === 'object' && entry !== null ? (entry as { cron?: unknown }).cron : undefined);
  if (
    !asList(workflow.on?.schedule).some((entry) => {
      const cron = cronOf(entry);
      return typeof cron === 'string' && cron.trim().split(/\s+/).length === 5;
    })
  ) {
    problems.push('no nightly schedule (on.schedule with a cron)');
  }
  if (!workflow.on || !('workflow_dispatch' in workflow.on)) problems.push('cannot be started by hand (on.workflow_dispatch)');
  if (!workflow.concurrency?.group) problems.push('no concurrency group: two nightly runs could overlap');
  else if (workflow.concurrency['cancel-in-progress'] !== false) problems.push('concurrency must not cancel a run in progress');
  return problems;
}

function shardProblems(workflow: Workflow): string[] {
  const found = findShardJob(workflow);
  if (!found) return ['no shard job (a matrix with shardIndex and shardTotal)'];
  const [, job] = found;
  const problems: string[] = [];
  const matrix = job.strategy?.matrix ?? {};
  const total = asList(matrix.shardTotal);
  const indexes = asList(matrix.shardIndex);
  if (total.length !== 1 || typeof total[0] !== 'number' || total[0] < 2) problems.push('shardTotal must be one number of at least 2');
  else if (JSON.stringify(indexes) !== JSON.stringify(Array.from({ length: total[0] }, (_, i) => i + 1)))
    problems.push(`shardIndex must be 1..${total[0]}`);
  if (job.strategy?.['fail-fast'] !== false) problems.push('fail-fast must be false: a failing shard would cancel the others');

  const node = steps(job).find((step) => uses(step, 'actions/setup-node'));
  if (String(node?.with?.['node-version']) !== '20' || node?.with?.cache !== 'npm')
    problems.push('shards need actions/setup-node with node-version 20 and the npm cache');
  if (!steps(job).some((step) => /^npm ci\b/.test(step.run ?? ''))) problems.push('shards must install with npm ci');
  if ({ ...workflow.env, ...job.env }.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD !== '1')
    problems.push('PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD must be "1" (API calls only)');

  const suite = steps(job).find((step) => /\btest\b.*--shard=/.test(step.run ?? ''));
  if (!suite) problems.push('no step runs the suite with --shard');
  else {
    if (!suite.run?.includes('--shard=${{ matrix.shardIndex }}/${{ matrix.shardTotal }}'))
      problems.push('--shard must use matrix.shardIndex/matrix.shardTotal');
    // Cancellation signals reach the step's shell only; `exec node` makes Playwright that process.
    if (!/^exec node \S*@playwright\/test\/cli\.js test\b/.test(suite.run ?? ''))
      problems.push('the suite must run as `exec node …/@playwright/test/cli.js test` so cancellation reaches it');
  }

  const blob = steps(job).find(
    (step) => uses(step, 'actions/upload-artifact') && String(step.with?.path).replace(/\/$/, '') === 'reports/blob',
  );
  if (!blob) problems.push('shards do not upload reports/blob');
  else {
    if (!runsDespiteFailure(blob.if)) problems.push('the blob upload must run when tests fail (if: !cancelled())');
    if (blob.with?.name !== 'blob-report-${{ matrix.shardIndex }}')
      problems.push('blob artifacts must be named blob-report-${{ matrix.shardIndex }}');
    if (typeof blob.with?.['retention-days'] !== 'number') problems.push('blob artifacts need a retention-days');
  }
  return problems;
}

function findMergeJob(workflow: Workflow): Job | undefined {
  return Object.values(workflow.jobs ?? {}).find((job) => steps(job).some((step) => /playwright merge-reports/.test(step.run ?? '')));
}

function mergeProblems(workflow: Workflow): string[] {
  const shardJob = findShardJob(workflow)?.[0];
  const merge = findMergeJob(workflow);
  if (!merge) return ['no job runs playwright merge-reports'];
  const problems: string[] = [];
  if (!shardJob || !asList(merge.needs).includes(shardJob)) problems.push('the merge job must need the shard job');
  if (!runsDespiteFailure(merge.if)) problems.push('the merge job must run when shards fail (if: !cancelled())');

  const download = steps(merge).find((step) => uses(step, 'actions/download-artifact'));
  const downloadPath = download?.with?.path;
  const folder = typeof downloadPath === 'string' ? downloadPath : '';
  if (download?.with?.pattern !== 'blob-report-*' || download.with['merge-multiple'] !== true || !folder)
    problems.push('the merge job must download blob-report-* into one folder (merge-multiple: true)');
  const mergeStep = steps(merge).find((step) => /playwright merge-reports/.test(step.run ?? ''));
  // The suite's config gives the merge its reporters: HTML, JUnit, JSON, and the summary and history of the
  // whole run. A --reporter on the command line would replace them all (no summary, no history).
  if (!/--config[ =]playwright\.config\.ts\b/.test(mergeStep?.run ?? ''))
    problems.push("merge-reports must run with --config playwright.config.ts (the suite's reporters: summary and history included)");
  if (/--reporter\b/.test(mergeStep?.run ?? ''))
    problems.push("merge-reports must not name --reporter: it would replace the config's summary reporter");
  if (folder && !mergeStep?.run?.trim().endsWith(` ${folder}`)) problems.push(`merge-reports must read the downloaded folder ${folder}`);

  const uploaded = steps(merge).filter((step) => uses(step, 'actions/upload-artifact'));
  for (const artifact of [MERGED.html, MERGED.junit]) {
    const upload = uploaded.find((step) => String(step.with?.path).replace(/\/$/, '') === artifact);
    if (!upload) problems.push(`the merged ${artifact} is not uploaded`);
    else if (!runsDespiteFailure(upload.if)) problems.push(`the upload of ${artifact} must not be skipped by a failure`);
  }
  return problems;
}

/**
 * The history goes from one night to the next in the job that writes the summary: restored (the newest
 * entry whose key starts with restore-keys) before merge-reports reads it, saved under a key of its own
 * (cache entries are immutable) after merge-reports appended the night, also when tests failed.
 */
function historyProblems(workflow: Workflow): string[] {
  const merge = findMergeJob(workflow);
  if (!merge) return [];
  const all = steps(merge);
  const mergeAt = all.findIndex((step) => /playwright merge-reports/.test(step.run ?? ''));
  const restoreAt = all.findIndex((step) => uses(step, 'actions/cache/restore') && step.with?.path === MERGED.history);
  const saveAt = all.findIndex((step) => uses(step, 'actions/cache/save') && step.with?.path === MERGED.history);
  const problems: string[] = [];
  if (restoreAt < 0) problems.push(`the merge job does not restore ${MERGED.history} (actions/cache/restore)`);
  else if (restoreAt > mergeAt) problems.push('the history must be restored before merge-reports reads it');
  if (saveAt < 0) problems.push(`the merge job does not save ${MERGED.history} (actions/cache/save)`);
  else {
    if (saveAt < mergeAt) problems.push('the history must be saved after merge-reports appended the night');
    if (!runsDespiteFailure(all[saveAt].if)) problems.push('the history must be saved when tests fail too (if: !cancelled())');
  }
  if (restoreAt < 0 || saveAt < 0) return problems;
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
  const saveKey = text(all[saveAt].with?.key);
  const prefix = text(all[restoreAt].with?.['restore-keys']);
  if (!/\$\{\{\s*github\.run_id\s*\}\}/.test(saveKey))
    problems.push('the saved history needs a key of its own per run (github.run_id): a cache entry is never overwritten');
  if (!prefix || !saveKey.startsWith(prefix))
    problems.push(`restore-keys must be a prefix of the save key (${saveKey}), or no night finds the last one`);
  return problems;
}

function settingProblems(workflow: Workflow): string[] {
  const job = findShardJob(workflow)?.[1];
  const env: Env = { ...workflow.env, ...job?.env };
  const problems: string[] = [];
  for (const name of SETTINGS) {
    const value = env[name];
    if (typeof value !== 'string' || !new RegExp(`\\b(secrets|vars)\\.${name}\\b`).test(value))
      problems.push(`${name} is not passed to the shards from secrets or vars`);
    else if (CREDENTIALS.includes(name) && !new RegExp(`\\bsecrets\\.${name}\\b`).test(value))
      problems.push(`${name} must come from secrets`);
  }
  return problems;
}

function pinProblems(workflow: Workflow): string[] {
  return Object.values(workflow.jobs ?? {})
    .flatMap(steps)
    .filter(
      (step) =>
        step.uses !== undefined &&
        !/^actions\/(checkout|setup-node|upload-artifact|download-artifact|cache\/restore|cache\/save)@v4$/.test(step.uses),
    )
    .map((step) => `${step.uses} is not one of the actions pinned to @v4`);
}

/** Folders a checkout does not hold (installed, generated, hidden): not walked. */
const NOT_CHECKED_OUT = /^(node_modules|reports|playwright-report|test-results|\..*)$/;
let checkedOut: string[] | undefined;

/** The project's files (what `hashFiles` sees in a checkout), each with a stand-in content that a test can change. */
function projectFiles(): Map<string, string> {
  const walk = (folder: string): string[] =>
    fs.readdirSync(path.join(PROJECT_ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
      const file = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) return NOT_CHECKED_OUT.test(entry.name) ? [] : walk(file);
      return entry.isFile() ? [file] : [];
    });
  checkedOut ??= walk('');
  return new Map(checkedOut.map((file) => [file, 'as checked out']));
}

/** A glob as `hashFiles` reads it (`**` any folders, `*` and `?` within one), as a regular expression. */
function globPattern(glob: string): RegExp {
  const source = glob
    .split(/(\*\*\/|\*\*|\*|\?)/)
    .map((part) =>
      part === '**/'
        ? '(?:.*/)?'
        : part === '**'
          ? '.*'
          : part === '*'
            ? '[^/]*'
            : part === '?'
              ? '[^/]'
              : part.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source.replace(/^\.\//, '')}$`);
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** What an expression reads: the files `hashFiles` hashes, the env context, the runner's OS. */
interface ExpressionContext {
  files: Map<string, string>;
  env: Env;
}

/**
 * Evaluates `${{ … }}` in a workflow string as GitHub does, for what cache keys use: string literals,
 * contexts (`runner.os`, `env.X`; others are empty), `a || b`, `format(…)` and `hashFiles(…)`.
 */
function evaluate(text: string, context: ExpressionContext): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => String(evaluateExpression(expression, context)));
}

function evaluateExpression(expression: string, context: ExpressionContext): string {
  const tokens = expression.match(/'(?:[^']|'')*'|\|\||[(),]|[A-Za-z_][\w.-]*/g) ?? [];
  let at = 0;
  const next = () => tokens[at++];
  const primary = (): string => {
    const token = next();
    if (token === undefined) throw new Error(`unexpected end of ${expression}`);
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    if (tokens[at] !== '(') return token === 'runner.os' ? 'Linux' : token.startsWith('env.') ? text(context.env[token.slice(4)]) : '';
    next();
    const args: string[] = [];
    while (tokens[at] !== ')') {
      args.push(or());
      if (tokens[at] === ',') next();
    }
    next();
    if (token === 'format') return args.slice(1).reduce((text, arg, i) => text.replaceAll(`{${i}}`, arg), args[0]);
    if (token === 'hashFiles') return hashFiles(args, context.files);
    throw new Error(`the test cannot evaluate ${token}()`);
  };
  const or = (): string => {
    let value = primary();
    while (tokens[at] === '||') {
      next();
      const right = primary();
      value = value || right;
    }
    return value;
  };
  return or();
}

/** `hashFiles`: a digest of the files the patterns match (`!pattern` excludes), empty when none does. */
function hashFiles(patterns: string[], files: Map<string, string>): string {
  const included = patterns.filter((pattern) => !pattern.startsWith('!')).map(globPattern);
  const excluded = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => globPattern(pattern.slice(1)));
  const matched = [...files.keys()].filter((file) => included.some((p) => p.test(file)) && !excluded.some((p) => p.test(file))).sort();
  if (!matched.length) return '';
  const digest = crypto.createHash('sha256');
  for (const file of matched) digest.update(`${file}\0${files.get(file)}\0`);
  return digest.digest('hex');
}

/** The shard job's cache steps and the suite step, as found. */
function cacheSteps(job: Job) {
  const all = steps(job);
  const suiteAt = all.findIndex((step) => /\btest\b.*--shard=/.test(step.run ?? ''));
  const restoreAt = all.findIndex((step) => uses(step, 'actions/cache/restore'));
  const saveAt = all.findIndex((step) => uses(step, 'actions/cache/save'));
  return { all, suiteAt, restoreAt, saveAt, restore: all[restoreAt] as Step | undefined, save: all[saveAt] as Step | undefined };
}

/**
 * The suite cache is kept between nights: restored before the suite runs and saved after it (also when
 * tests fail), on the folder the suite uses (CONTRACTS_CACHE_DIR), under the key it was restored for.
 */
function cacheProblems(workflow: Workflow): string[] {
  const found = findShardJob(workflow);
  if (!found) return [];
  const [, job] = found;
  const { all, suiteAt, restoreAt, saveAt, restore, save } = cacheSteps(job);
  const problems: string[] = [];
  const cacheDir = { ...workflow.env, ...job.env, ...all[suiteAt]?.env }.CONTRACTS_CACHE_DIR;
  if (typeof cacheDir !== 'string' || !cacheDir)
    problems.push('the suite step must set CONTRACTS_CACHE_DIR, the folder the cache steps keep');
  if (!restore) problems.push('no step restores the suite cache (actions/cache/restore)');
  else {
    if (suiteAt >= 0 && restoreAt > suiteAt) problems.push('the suite cache must be restored before the suite runs');
    if (restore.with?.path !== cacheDir) problems.push('the restored path must be CONTRACTS_CACHE_DIR');
    problems.push(...keyProblems(workflow, job, restore));
  }
  if (!save) problems.push('no step saves the suite cache (actions/cache/save)');
  else {
    if (saveAt < suiteAt) problems.push('the suite cache must be saved after the suite runs');
    if (!runsDespiteFailure(save.if)) problems.push('the suite cache must be saved when tests fail (if: !cancelled())');
    if (save.with?.path !== cacheDir) problems.push('the saved path must be CONTRACTS_CACHE_DIR');
    const primaryKey = restore?.id ? `\${{ steps.${restore.id}.outputs.cache-primary-key }}` : undefined;
    if (save.with?.key !== restore?.with?.key && save.with?.key !== primaryKey)
      problems.push('the cache must be saved under the key it was restored for');
  }
  return problems;
}

/**
 * The key changes with the pages and with each input of the suite's version; a restore-key finds the last
 * night's cache when only pages changed, and never one of another suite version (nothing in it is usable).
 */
function keyProblems(workflow: Workflow, job: Job, restore: Step): string[] {
  const env: Env = { ...workflow.env, ...job.env };
  const key = restore.with?.key;
  if (typeof key !== 'string') return ['the suite cache needs a key'];
  const restoreKeys = text(restore.with?.['restore-keys'])
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const files = projectFiles();
  const keyOf = (changed?: string) => {
    const variant = new Map(files);
    if (changed) variant.set(changed, 'changed');
    return { key: evaluate(key, { files: variant, env }), restores: restoreKeys.map((line) => evaluate(line, { files: variant, env })) };
  };
  const last = keyOf().key;
  const problems: string[] = [];
  const pagesFolder = typeof env.CONTRACTS_DIR === 'string' && env.CONTRACTS_DIR ? env.CONTRACTS_DIR : 'contracts';
  const page = [...files.keys()].find((file) => file.startsWith(`${pagesFolder}/`) && file.endsWith('.md'));
  const tonight = keyOf(page);
  if (!page || tonight.key === last) problems.push(`the cache key does not change with the pages (${pagesFolder}/**/*.md)`);
  else if (!tonight.restores.some((prefix) => last.startsWith(prefix)))
    problems.push("no restore-key finds the last night's cache when only the pages changed");
  const versionInputs = [...SOURCE_FOLDERS, ...NEGATIVE_INDEX_SOURCE].map((folder) =>
    [...files.keys()].find((file) => file.startsWith(`${folder}/`) && file.endsWith('.ts')),
  );
  for (const file of [...versionInputs, ...VERSION_FILES]) {
    const changed = keyOf(file);
    if (!file || changed.key === last) problems.push(`the cache key does not change with ${file} (the suite's version)`);
    else if (changed.restores.some((prefix) => last.startsWith(prefix)))
      problems.push(`a restore-key restores a cache of another suite version when ${file} changed`);
  }
  return problems;
}

/** Everything the workflow lacks of what the interface promises; empty when it holds it all. */
function workflowProblems(workflow: Workflow): string[] {
  return [
    ...triggerProblems(workflow),
    ...shardProblems(workflow),
    ...mergeProblems(workflow),
    ...historyProblems(workflow),
    ...settingProblems(workflow),
    ...cacheProblems(workflow),
    ...pinProblems(workflow),
  ];
}

test('the nightly workflow is valid YAML and holds everything the interface promises', () => {
  expect(workflowProblems(readWorkflow())).toEqual([]);
});

/** Each mutation breaks one promise in a copy of the real workflow; the check must name it. */
const MUTATIONS: [string, (workflow: Workflow) => void, string][] = [
  ['no schedule', (w) => delete w.on!.schedule, 'no nightly schedule'],
  ['no dispatch', (w) => delete w.on!.workflow_dispatch, 'on.workflow_dispatch'],
  ['no concurrency', (w) => delete w.concurrency, 'no concurrency group'],
  ['cancelling concurrency', (w) => (w.concurrency!['cancel-in-progress'] = true), 'must not cancel a run in progress'],
  ['no matrix', (w) => delete findShardJob(w)![1].strategy, 'no shard job'],
  [
    'fixed --shard',
    (w) => (suiteStep(w).run = 'exec node node_modules/@playwright/test/cli.js test --shard=1/4'),
    'matrix.shardIndex/matrix.shardTotal',
  ],
  [
    'npx (signals lost)',
    (w) => (suiteStep(w).run = suiteStep(w).run!.replace(/^exec node \S+/, 'npx playwright')),
    'cancellation reaches it',
  ],
  ['gaps in shardIndex', (w) => (findShardJob(w)![1].strategy!.matrix!.shardIndex = [1, 2, 4]), 'shardIndex must be 1..4'],
  ['fail-fast', (w) => delete findShardJob(w)![1].strategy!['fail-fast'], 'fail-fast must be false'],
  ['blob upload only on success', (w) => delete step(findShardJob(w)![1], /upload-artifact/).if, 'blob upload must run when tests fail'],
  ['browser download', (w) => delete w.env!.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD, 'PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD'],
  ['merge without needs', (w) => delete w.jobs!.merge.needs, 'must need the shard job'],
  ['merge skipped on failure', (w) => delete w.jobs!.merge.if, 'merge job must run when shards fail'],
  [
    'a --reporter that drops the summary',
    (w) => (step(w.jobs!.merge, /merge-reports/).run = 'npx playwright merge-reports --reporter html,junit all-blob-reports'),
    'must run with --config playwright.config.ts',
  ],
  [
    'the config and a --reporter',
    (w) =>
      (step(w.jobs!.merge, /merge-reports/).run =
        'npx playwright merge-reports --config playwright.config.ts --reporter html all-blob-reports'),
    'must not name --reporter',
  ],
  ['downloads one artifact', (w) => delete step(w.jobs!.merge, /download-artifact/).with!['merge-multiple'], 'merge-multiple'],
  [
    'HTML report not uploaded',
    (w) => (w.jobs!.merge.steps = steps(w.jobs!.merge).filter((s) => s.with?.path !== 'reports/html/')),
    'reports/html is not uploaded',
  ],
  [
    'no history restored',
    (w) => (w.jobs!.merge.steps = steps(w.jobs!.merge).filter((s) => !uses(s, 'actions/cache/restore'))),
    'does not restore',
  ],
  ['no history saved', (w) => (w.jobs!.merge.steps = steps(w.jobs!.merge).filter((s) => !uses(s, 'actions/cache/save'))), 'does not save'],
  [
    'history restored after the merge',
    (w) => moveStep(w.jobs!.merge, /cache\/restore/, /upload-artifact/),
    'restored before merge-reports',
  ],
  ['history saved before the merge', (w) => moveStep(w.jobs!.merge, /cache\/save/, /download-artifact/), 'saved after merge-reports'],
  ['history saved only on success', (w) => delete step(w.jobs!.merge, /cache\/save/).if, 'saved when tests fail too'],
  [
    'one history key for every run',
    (w) => (step(w.jobs!.merge, /cache\/save/).with!.key = 'contracts-history'),
    'a key of its own per run',
  ],
  [
    'restore-keys that find no saved night',
    (w) => (step(w.jobs!.merge, /cache\/restore/).with!['restore-keys'] = 'history-'),
    'must be a prefix of the save key',
  ],
  ['another history file', (w) => (step(w.jobs!.merge, /cache\/save/).with!.path = 'history.jsonl'), 'does not save reports/history.jsonl'],
  ['a setting left out', (w) => delete findShardJob(w)![1].env!.OAUTH_SCOPE, 'OAUTH_SCOPE is not passed'],
  ['a token from plain vars', (w) => (findShardJob(w)![1].env!.API_TOKEN = '${{ vars.API_TOKEN }}'), 'API_TOKEN must come from secrets'],
  ['an unpinned action', (w) => (steps(w.jobs!.merge)[0].uses = 'actions/checkout@main'), 'pinned to @v4'],
  ['no cache restore', (w) => dropStep(w, 'actions/cache/restore'), 'no step restores the suite cache'],
  ['the cache restored after the suite', (w) => moveAfterSuite(w, 'actions/cache/restore'), 'restored before the suite runs'],
  ['no cache save', (w) => dropStep(w, 'actions/cache/save'), 'no step saves the suite cache'],
  ['the cache saved before the suite', (w) => moveBeforeSuite(w, 'actions/cache/save'), 'saved after the suite runs'],
  ['the cache saved only when tests pass', (w) => delete cacheStep(w, 'actions/cache/save').if, 'saved when tests fail'],
  ['the cache kept elsewhere', (w) => (cacheStep(w, 'actions/cache/save').with!.path = 'node_modules/.cache'), 'saved path must be'],
  ['no cache folder for the suite', (w) => delete findShardJob(w)![1].env!.CONTRACTS_CACHE_DIR, 'must set CONTRACTS_CACHE_DIR'],
  [
    'a key blind to the pages',
    (w) => editKey(w, (key) => key.replace(/-\$\{\{ hashFiles\(format\(.*$/, '')),
    'does not change with the pages',
  ],
  ['a key blind to the parser', (w) => editKey(w, (key) => key.replace("'src/docs/**/*.ts', ", '')), 'does not change with src/docs/'],
  [
    'a key blind to the lock file',
    (w) => editKey(w, (key) => key.replace("'package-lock.json', ", '')),
    'does not change with package-lock.json',
  ],
  [
    'a key blind to the negative index',
    (w) => editKey(w, (key) => key.replace(", 'src/negative/**/*.ts'", '')),
    'does not change with src/negative/',
  ],
  ['no restore-keys', (w) => delete cacheStep(w, 'actions/cache/restore').with!['restore-keys'], "finds the last night's cache"],
  [
    'a restore-key across suite versions',
    (w) => (cacheStep(w, 'actions/cache/restore').with!['restore-keys'] = 'contracts-suite-${{ runner.os }}-'),
    'a cache of another suite version',
  ],
  [
    'a save under another key',
    (w) => (cacheStep(w, 'actions/cache/save').with!.key = 'contracts-suite'),
    'under the key it was restored for',
  ],
];

const shardSteps = (workflow: Workflow) => findShardJob(workflow)![1].steps!;
const cacheStep = (workflow: Workflow, action: string) => step(findShardJob(workflow)![1], new RegExp(action));
const dropStep = (workflow: Workflow, action: string) =>
  shardSteps(workflow).splice(shardSteps(workflow).indexOf(cacheStep(workflow, action)), 1);

function moveAfterSuite(workflow: Workflow, action: string): void {
  const [moved] = dropStep(workflow, action);
  shardSteps(workflow).splice(shardSteps(workflow).indexOf(suiteStep(workflow)) + 1, 0, moved);
}

function moveBeforeSuite(workflow: Workflow, action: string): void {
  const [moved] = dropStep(workflow, action);
  shardSteps(workflow).splice(shardSteps(workflow).indexOf(suiteStep(workflow)), 0, moved);
}

/** Changes the restore step's key, and the save step's when it names the key itself. */
function editKey(workflow: Workflow, edit: (key: string) => string): void {
  const restore = cacheStep(workflow, 'actions/cache/restore');
  restore.with!.key = edit(String(restore.with!.key));
}

function step(job: Job, usesOrRun: RegExp): Step {
  const found = steps(job).find((s) => usesOrRun.test(s.uses ?? '') || usesOrRun.test(s.run ?? ''));
  if (!found) throw new Error(`no step matches ${usesOrRun}`);
  return found;
}
const suiteStep = (workflow: Workflow) => step(findShardJob(workflow)![1], /--shard=/);
/** Moves the step matching `what` to just after the step matching `after`. */
function moveStep(job: Job, what: RegExp, after: RegExp): void {
  const moved = step(job, what);
  const rest = steps(job).filter((s) => s !== moved);
  const at = rest.indexOf(step({ steps: rest }, after));
  job.steps = [...rest.slice(0, at + 1), moved, ...rest.slice(at + 1)];
}

for (const [name, mutate, expected] of MUTATIONS) {
  test(`a workflow with ${name} is caught`, () => {
    const workflow = readWorkflow();
    mutate(workflow);
    expect(workflowProblems(workflow).join('\n')).toContain(expected);
  });
}
