/**
 * `npm run bench [-- <folder>]`: how long reading a whole documentation set takes (not a timed test).
 *
 *   (a) parse every page and build the suite (operation model + type registry), in process;
 *   (b) one page only: a folder holding a single page, and one example's schema compiled from the
 *       whole suite's registry (schemas compile lazily: one page does not pay for 2,000);
 *   (c) `npx playwright test --list --project=contracts` with CONTRACTS_DIR set to the folder, wall time.
 *
 * Default folder: ../shared/corpus/graph-docs-v1.0 (the v1.0 reference of microsoft-graph-docs).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSuite, ContractsError, listPages, loadContracts, readPage } from '../src/contracts/loadContracts';
import { SchemaStore } from '../src/schema/schemaStore';
import { PROJECT_ROOT as ROOT } from '../src/core/projectRoot';

const dir = path.resolve(process.argv[2] ?? path.join(ROOT, '..', 'shared', 'corpus', 'graph-docs-v1.0'));

const ms = (start: number) => performance.now() - start;
const seconds = (millis: number) => (millis < 100 ? `${millis.toFixed(1)} ms` : `${(millis / 1000).toFixed(2)} s`);

/** `npx playwright test --list --project=contracts` on a folder: wall time and number of tests. */
function listWithPlaywright(folder: string): { wall: number; tests?: string; status: number | null; stderr: string } {
  const start = performance.now();
  const listing = spawnSync('npx', ['playwright', 'test', '--list', '--project=contracts'], {
    cwd: ROOT,
    env: { ...process.env, CONTRACTS_DIR: folder },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { wall: ms(start), tests: /Total: (\d+) tests?/.exec(listing.stdout)?.[1], status: listing.status, stderr: listing.stderr };
}

function main(): number {
  let files: string[];
  try {
    files = listPages(dir);
  } catch (error) {
    if (!(error instanceof ContractsError)) throw error;
    console.error(`bench: ${error.message}`);
    return 2;
  }
  console.log(`bench: ${dir} (${files.length} pages, ${os.cpus().length} CPUs, Node ${process.version})`);

  // (a) the whole folder, three times: the first run includes loading and warming up the code.
  const runs: { parse: number; build: number; examples: number; pages: number }[] = [];
  for (let run = 0; run < 3; run++) {
    let start = performance.now();
    const pages = listPages(dir).map((file) => readPage(dir, file));
    const parse = ms(start);
    start = performance.now();
    const suite = buildSuite(dir, pages);
    const build = ms(start);
    runs.push({ parse, build, examples: suite.examples.length, pages: pages.length });
  }
  for (const [index, run] of runs.entries()) {
    const total = run.parse + run.build;
    console.log(
      `  (a) run ${index + 1}: parse ${seconds(run.parse)} + suite ${seconds(run.build)} = ${seconds(total)}, ` +
        `${Math.round(run.pages / (total / 1000))} pages/s, ${run.examples} examples`,
    );
  }
  let start = performance.now();
  const suite = loadContracts(dir);
  console.log(
    `  (a) loadContracts (with linked resource folders): ${seconds(ms(start))}, ${suite.examples.length} examples, ${suite.registry.all().length} types`,
  );

  // (b) one page: a folder of its own, then one example's schema from the whole suite.
  const example =
    suite.examples.find((candidate) => candidate.expected.body === 'resource' && candidate.expected.type) ?? suite.examples[0];
  const single = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-one-page-'));
  let oneListing: ReturnType<typeof listWithPlaywright>;
  let onePage: number;
  try {
    fs.copyFileSync(path.join(dir, example.page.file), path.join(single, path.basename(example.page.file)));
    start = performance.now();
    const one = loadContracts(single);
    onePage = ms(start);
    console.log(`  (b) one page (${example.page.file}): loadContracts ${seconds(ms(start))}, ${one.examples.length} example(s)`);
    oneListing = listWithPlaywright(single);
  } finally {
    fs.rmSync(single, { recursive: true, force: true });
  }
  const schemas = new SchemaStore(suite.registry);
  const schema = schemas.responseSchema(example);
  start = performance.now();
  if (schema) schemas.validate(schema, example.expected.example);
  console.log(
    `  (b) one example's response schema (${example.title}): compiled and run in ${seconds(ms(start))}${schema ? '' : ' (no schema)'}`,
  );

  // (c) what a user waits for: Playwright listing every test of the folder (and of the one page).
  const listing = listWithPlaywright(dir);
  if (listing.status !== 0) {
    console.log(`  (c) playwright --list failed (exit ${listing.status}) after ${seconds(listing.wall)}:\n${listing.stderr.slice(-2000)}`);
    return 1;
  }
  console.log(
    `  (c) npx playwright test --list --project=contracts: ${seconds(listing.wall)} wall, ${listing.tests ?? '?'} tests (${files.length} pages)`,
  );
  console.log(
    `  (c) the same on the one-page folder: ${seconds(oneListing.wall)} wall, ${oneListing.tests ?? '?'} test(s) (Playwright's own start-up)`,
  );

  // Ratios from this one run, so that they compare like with like whatever the machine's speed.
  const warm = runs[runs.length - 1];
  console.log(
    `  ratios: corpus listing = ${(listing.wall / oneListing.wall).toFixed(1)}× the one-page listing; ` +
      `loading ${files.length} pages = ${Math.round((warm.parse + warm.build) / onePage)}× loading one; ` +
      `listing ${listing.wall < 10_000 ? 'within' : 'OVER'} the 10 s goal (${(listing.wall / 10_000).toFixed(2)} of it)`,
  );
  return 0;
}

process.exitCode = main();
