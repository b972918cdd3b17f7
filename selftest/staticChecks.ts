/**
 * `npm test`'s first step: the type check, ESLint and Prettier at once (they share nothing, and each waits
 * mostly on one core), each one's output shown when it fails; the exit code is the first failure's.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/core/projectRoot';

const bin = (name: string) => path.join(PROJECT_ROOT, 'node_modules', '.bin', name);
const checks: [name: string, command: string, args: string[]][] = [
  ['type check', bin('tsc'), ['--noEmit']],
  ['ESLint', bin('eslint'), ['.']],
  ['Prettier', bin('prettier'), ['--check', '.']],
];

interface Done {
  name: string;
  code: number;
  output: string;
}

const run = ([name, command, args]: (typeof checks)[number]) =>
  new Promise<Done>((resolve) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => void (output += chunk.toString());
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ name, code: 1, output: String(error) }));
    child.on('close', (code) => resolve({ name, code: code ?? 1, output }));
  });

void Promise.all(checks.map(run)).then((results) => {
  for (const { name, code, output } of results) {
    console.log(`${code === 0 ? 'ok    ' : 'FAILED'} ${name}`);
    if (code !== 0) console.log(output.trimEnd());
  }
  process.exitCode = results.find((result) => result.code !== 0)?.code ?? 0;
});
