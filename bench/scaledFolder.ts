/**
 * A documentation folder of a given number of pages for the benches, when no such reference exists: the
 * folder's own pages plus renamed copies (`copy-1/api/user-get.md`, …) of every second page, then of the
 * others, until there are as many. Copies are new pages to the suite (their own titles, their own tests);
 * the types they describe are the originals', as a larger reference repeats its types. Made in a
 * temporary folder, removed by `remove()`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listPages } from '../src/contracts/loadContracts';

export interface ScaledFolder {
  dir: string;
  pages: number;
  remove: () => void;
}

export function scaledFolder(source: string, pages: number): ScaledFolder {
  const files = listPages(source);
  if (pages <= files.length) return { dir: source, pages: files.length, remove: () => undefined };
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-pages-'));
  const remove = () => fs.rmSync(base, { recursive: true, force: true });
  const dir = path.join(base, path.basename(source));
  fs.cpSync(source, dir, { recursive: true });
  // Every second page first (spread over the folder), then the others.
  const order = [...files.filter((_, i) => i % 2 === 1), ...files.filter((_, i) => i % 2 === 0)];
  for (let copied = 0; files.length + copied < pages; copied++) {
    const file = order[copied % order.length];
    const target = path.join(dir, `copy-${Math.floor(copied / order.length) + 1}`, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(source, file), target);
  }
  return { dir, pages, remove };
}
