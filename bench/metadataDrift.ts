/**
 * `npm run bench:metadata -- [folder] [--metadata files] [--seed s] [--sample n]`: the pages against the
 * service's metadata, as docs:check compares them, with the time of each step (load average printed), the
 * findings per kind, and a sample of findings drawn at random from a seed, for judging by hand (each
 * against its page and the CSDL). The same seed on the same pages and metadata draws the same sample.
 *
 * Defaults: the v1.0 corpus and Microsoft's v1.0 CSDL of the same week (../shared/corpus/...), seed
 * `issue-17`, 30 findings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadContracts } from '../src/contracts/loadContracts';
import { seededRandom } from '../src/core/random';
import { checkAgainstMetadata, countByKind } from '../src/docscheck/metadataFindings';
import { readMetadata } from '../src/metadata/readMetadata';

const SHARED = path.join(__dirname, '..', '..', 'shared', 'corpus');

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] ? args.splice(at, 2)[1] : fallback;
}

function main(): void {
  const args = process.argv.slice(2);
  const metadata = option(args, '--metadata', path.join(SHARED, 'graph-metadata', 'v1.0-2021-07-13.xml'));
  const seed = option(args, '--seed', 'issue-17');
  const sample = Number(option(args, '--sample', '30'));
  const folder = args[0] ?? path.join(SHARED, 'graph-docs-v1.0');
  const time = <T>(step: () => T): [T, number] => {
    const started = performance.now();
    return [step(), (performance.now() - started) / 1000];
  };
  const [model, parsing] = time(() =>
    readMetadata(metadata.split(',').map((name) => ({ name: path.basename(name), text: fs.readFileSync(name, 'utf8') }))),
  );
  const [suite, loading] = time(() => loadContracts(folder));
  const [findings, comparing] = time(() => checkAgainstMetadata(suite, model));
  console.log(
    `load average ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `metadata ${metadata
      .split(',')
      .map((name) => path.basename(name))
      .join(', ')}: ${model.types.size} types, parsed in ${parsing.toFixed(2)} s; ` +
      `${suite.pages.length} pages loaded in ${loading.toFixed(2)} s; compared in ${comparing.toFixed(2)} s`,
  );
  console.log(`${findings.length} findings on ${new Set(findings.map((finding) => finding.page)).size} pages:`);
  for (const [kind, count] of countByKind(findings)) console.log(`  ${String(count).padStart(6)}  ${kind}`);

  // A stable order first (the check's own order follows the folder), then a seeded shuffle.
  const ordered = [...findings].sort((a, b) =>
    JSON.stringify([a.page, a.line, a.kind, a.message]).localeCompare(JSON.stringify([b.page, b.line, b.kind, b.message])),
  );
  const random = seededRandom(seed);
  for (let i = ordered.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ordered[i], ordered[j]] = [ordered[j], ordered[i]];
  }
  console.log(`\nsample of ${Math.min(sample, ordered.length)} (seed ${seed}):`);
  ordered.slice(0, sample).forEach((finding, index) => {
    console.log(
      `${String(index + 1).padStart(3)}. ${finding.page}:${finding.line ?? ''} [${finding.kind}] ${finding.element} — ${finding.example ? `${finding.example}: ` : ''}${finding.message}`,
    );
  });
}

main();
