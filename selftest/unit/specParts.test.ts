/**
 * The specs declare each project's tests in PARTS files (specs/parts.ts): every part has its file in both
 * projects, each file declares its own part, and every test falls in exactly one part, the same in every
 * process (the runner and each worker compute it apart).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { PROJECT_ROOT } from '../../src/core/projectRoot';
import { PARTS, partOf } from '../../specs/parts';

for (const project of [
  { folder: 'contracts', declare: 'declareContracts' },
  { folder: 'negative', declare: 'declareNegative' },
]) {
  test(`specs/${project.folder}/ has one file per part, each declaring its own part`, () => {
    const dir = path.join(PROJECT_ROOT, 'specs', project.folder);
    const files = fs.readdirSync(dir).filter((file) => file.endsWith('.spec.ts'));
    expect(files.sort()).toEqual(Array.from({ length: PARTS }, (_, i) => `part-${i + 1}.spec.ts`).sort());
    for (const file of files) {
      const part = Number(/part-(\d+)/.exec(file)![1]);
      expect(fs.readFileSync(path.join(dir, file), 'utf8'), file).toContain(`${project.declare}(${part});`);
    }
  });
}

test("a test's part comes from its page, is stable, and the parts share the pages out", () => {
  // A page's examples, its bad requests and its empty-page test are in one part (one file of the report).
  expect(partOf('api/user-get.md#get_user')).toBe(partOf('api/user-get.md'));
  expect(partOf('api/user-get.md#get_user › no Authorization header')).toBe(partOf('api/user-get.md'));
  // Stable across processes and machines: a fixed hash (FNV-1a), not a random or an order of loading.
  expect(partOf('api/user-get.md')).toBe(2);
  const counts = new Array<number>(PARTS + 1).fill(0);
  for (let i = 0; i < 4000; i++) counts[partOf(`api/page-${i}.md#example`)]++;
  expect(counts[0]).toBe(0);
  for (let part = 1; part <= PARTS; part++) expect(counts[part], `part ${part} of 4,000 pages`).toBeGreaterThan(400);
});
