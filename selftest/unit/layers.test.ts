/**
 * The layers of the code (DEPS.list at the project root): the project's imports keep to them, and the
 * checker does fail, naming file, import and rule, on a forbidden import, a loop between layers, a file
 * outside every layer, and a typo in DEPS.list — shown on small in-memory projects.
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { checkLayers, parseDepsList, readProjectFiles, runtimeImports, type ProjectFile } from '../layers/checkLayers';
import { PROJECT_ROOT } from '../../src/core/projectRoot';

test('every import of the project keeps to the layers of DEPS.list, with no loop between layers', () => {
  const rules = parseDepsList(fs.readFileSync(path.join(PROJECT_ROOT, 'DEPS.list'), 'utf8'));
  const files = readProjectFiles(PROJECT_ROOT);
  expect(files.map((file) => file.path)).toContain('src/core/http.ts'); // the walk did find the code
  expect(checkLayers(files, rules), 'imports that break DEPS.list').toEqual([]);
});

const DEPS = parseDepsList(`
# a small project: a bottom layer, one above it, and a test folder that may import anything
src/core:
src/docs: src/core
src/top: src/*
tests: *
`);

/** A small project: one file per layer that every case starts from, plus the case's own files. */
function project(extra: Record<string, string>): ProjectFile[] {
  const base: Record<string, string> = {
    'src/core/json.ts': 'export const isObject = (v: unknown) => typeof v === "object";\n',
    'src/docs/page.ts': "import { isObject } from '../core/json';\nexport const page = isObject;\n",
    'src/top/main.ts': "import { page } from '../docs/page';\nexport const main = page;\n",
    'tests/a.test.ts': "import { main } from '../src/top/main';\n",
  };
  return Object.entries({ ...base, ...extra }).map(([p, text]) => ({ path: p, text }));
}

test.describe('the layers checker', () => {
  test('a project that keeps to its layers passes', () => {
    expect(checkLayers(project({}), DEPS)).toEqual([]);
  });

  test('an import of a layer not listed fails, naming the file, the import and the rule', () => {
    const files = project({ 'src/core/odata.ts': "import { page } from '../docs/page';\nexport const odata = page;\n" });
    expect(checkLayers(files, DEPS)).toEqual([
      `src/core/odata.ts:1 imports '../docs/page': layer src/core may not import layer src/docs (DEPS.list: "src/core:")`,
      `cycle between layers src/core → src/docs → src/core: src/core/odata.ts:1 imports '../docs/page'; src/docs/page.ts:1 imports '../core/json'`,
    ]);
  });

  test('a layer named on the right that the layer never imports at runtime fails: DEPS.list stays as tight as the imports', () => {
    const loose = parseDepsList('src/core:\nsrc/docs: src/core\nsrc/top: src/docs src/core\ntests: *\n');
    const typeOnly = { 'src/top/types.ts': "import type { isObject } from '../core/json';\nexport type T = typeof isObject;\n" };
    expect(checkLayers(project(typeOnly), loose)).toEqual([
      'DEPS.list: "src/top: src/docs src/core" allows src/core, which src/top does not import (remove it)',
    ]);
  });

  test('two layers importing each other fail as a cycle even when DEPS.list allows both directions', () => {
    const lenient = parseDepsList('src/core: src/docs\nsrc/docs: src/core\nsrc/top: src/*\ntests: *\n');
    const files = project({ 'src/core/late.ts': "export const late = () => require('../docs/page');\n" });
    expect(checkLayers(files, lenient)).toEqual([
      `cycle between layers src/core → src/docs → src/core: src/core/late.ts:1 imports '../docs/page'; src/docs/page.ts:1 imports '../core/json'`,
    ]);
  });

  test('a loop round three layers is found and spelled out', () => {
    const lenient = parseDepsList('a: b\nb: c\nc: a\n');
    const files = [
      { path: 'a/x.ts', text: "import '../b/y';" },
      { path: 'b/y.ts', text: "export * from '../c/z';" },
      { path: 'c/z.ts', text: "void import('../a/x');" },
    ];
    expect(checkLayers(files, lenient)).toEqual([
      `cycle between layers a → b → c → a: a/x.ts:1 imports '../b/y'; b/y.ts:1 imports '../c/z'; c/z.ts:1 imports '../a/x'`,
    ]);
  });

  test('type-only imports and exports are free; values, side effects, require and import() are not', () => {
    const text = [
      "import type { A } from './typeOnly1';",
      "import { type B, type C } from './typeOnly2';",
      "export type { D } from './typeOnly3';",
      "export { type E } from './typeOnly4';",
      "import { type F, g } from './value1';",
      "import h from './value2';",
      "import './value3';",
      "export { i } from './value4';",
      "export * from './value5';",
      "const j = require('./value6');",
      "const k = import('./value7');",
      "import l = require('./value8');",
      "import * as m from 'node:path';",
    ].join('\n');
    expect(runtimeImports('x.ts', text).map((ref) => ref.specifier)).toEqual([
      './value1',
      './value2',
      './value3',
      './value4',
      './value5',
      './value6',
      './value7',
      './value8',
      'node:path',
    ]);
    const files = project({ 'src/core/types.ts': "import type { page } from '../docs/page';\nexport { type Top } from '../top/main';\n" });
    expect(checkLayers(files, DEPS)).toEqual([]);
  });

  test('a file in no layer, an import of a file outside the layers, and a typo in DEPS.list fail', () => {
    const typo = parseDepsList('src/core:\nsrc/docs: src/cor\nsrc/top: src/*\ntests: *\n');
    const files = project({ 'scripts/tool.ts': '', 'src/top/config.ts': "import '../../scripts/tool';\n" });
    expect(checkLayers(files, typo)).toEqual([
      'DEPS.list: "src/docs: src/cor" names src/cor, which matches no layer',
      'src/docs/page.ts:1 imports \'../core/json\': layer src/docs may not import layer src/core (DEPS.list: "src/docs: src/cor")',
      'scripts/tool.ts: belongs to no layer of DEPS.list (add its folder there, with what it may import)',
      'src/top/config.ts:1 imports \'../../scripts/tool\': layer src/top may not import scripts/tool.ts, which is in no layer (DEPS.list: "src/top: src/*")',
    ]);
  });

  test('a layer without files, and a malformed or repeated DEPS.list line, fail', () => {
    expect(checkLayers(project({}), parseDepsList(`${DEPS.map((rule) => rule.text).join('\n')}\nsrc/gone: src/core\n`))).toEqual([
      'DEPS.list: layer src/gone has no files (remove it or fix its name)',
    ]);
    expect(() => parseDepsList('src/core\n')).toThrow('DEPS.list line 1: expected "layer: layers it may import", got "src/core"');
    expect(() => parseDepsList('src/core:\nsrc/core: src/docs\n')).toThrow('DEPS.list line 2: layer src/core is listed twice');
  });
});
