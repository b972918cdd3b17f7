/**
 * Where a Playwright worker's time goes before and during its test (not a timed test). Two uses:
 *
 *   NODE_OPTIONS="--require ./bench/workerTimings.cjs" WORKER_TIMINGS_DIR=<folder> npx playwright test …
 *       in every worker process: the wall and CPU time of each module Playwright loads at the top (its
 *       worker entry, the config, the spec with all it imports) and the worker's total CPU, written to
 *       <folder>/<pid>.json when the worker exits (NODE_OPTIONS rejects --cpu-prof; this is what works);
 *   node bench/workerTimings.cjs <folder>
 *       the median and minimum of each over the workers recorded there.
 *
 * Plain CommonJS: it runs before any TypeScript loader.
 */
/* global require, module, process, performance, console */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, required before any loader */
const fs = require('node:fs');
const path = require('node:path');

function record(folder) {
  const Module = require('node:module');
  const load = Module._load;
  const top = {};
  let depth = 0;
  Module._load = function (request) {
    const wall = performance.now();
    const cpu = process.cpuUsage();
    depth++;
    try {
      return load.apply(this, arguments);
    } finally {
      depth--;
      if (depth === 0) {
        const used = process.cpuUsage(cpu);
        const name = path.basename(request);
        const entry = (top[name] ??= { wall: 0, cpu: 0 });
        entry.wall += performance.now() - wall;
        entry.cpu += (used.user + used.system) / 1000;
      }
    }
  };
  process.on('exit', () => {
    const used = process.cpuUsage();
    const timings = { 'worker, total': { wall: performance.now(), cpu: (used.user + used.system) / 1000 }, ...top };
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, `${process.pid}.json`), JSON.stringify(timings));
  });
}

function summarise(folder) {
  const workers = fs.readdirSync(folder).map((file) => JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')));
  const names = [...new Set(workers.flatMap((timings) => Object.keys(timings)))];
  const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(`${workers.length} workers; ms, median (minimum)`);
  for (const name of names) {
    const of = (kind) => workers.map((timings) => timings[name]?.[kind] ?? 0);
    const [wall, cpu] = [of('wall'), of('cpu')];
    console.log(
      `  ${name.padEnd(28)} wall ${median(wall).toFixed(0).padStart(5)} (${Math.min(...wall).toFixed(0)}), CPU ${median(cpu).toFixed(0).padStart(5)} (${Math.min(...cpu).toFixed(0)})`,
    );
  }
}

if (require.main === module) summarise(path.resolve(process.argv[2] ?? '.'));
else if (/workerProcessEntry/.test(process.argv[1] ?? '') && process.env.WORKER_TIMINGS_DIR)
  record(path.resolve(process.env.WORKER_TIMINGS_DIR));
