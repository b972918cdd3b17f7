/**
 * The suite cache: a second load reads the cache and gives the same suite; a changed page or a changed
 * parser (suite version) invalidates it, a changed page being the only one parsed again; a corrupt cache
 * file is ignored and rebuilt; a worker given the runner's key reads the index and its test's page only;
 * two processes writing one cache at once never leave a broken read;
 * an index derived from the suite (`derived`) is rebuilt for other pages or other deriving code.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { findCreateExample, loadContracts } from '../../src/contracts/loadContracts';
import { loadCachedSuite, SUITE_KEY_ENV, type CachedSuite } from '../../src/contracts/suiteCache';
import { TypeRegistry, type SerialisedRegistry } from '../../src/contracts/typeRegistry';
import { PROJECT_ROOT as ROOT } from '../../src/core/projectRoot';

const CONTRACTS = path.join(ROOT, 'contracts');

/** A copy of the project's contracts and an empty cache folder, both removed after the test. */
function sandbox(): { dir: string; cacheDir: string; remove: () => void } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'suite-cache-'));
  const dir = path.join(base, 'contracts');
  fs.cpSync(CONTRACTS, dir, { recursive: true });
  return { dir, cacheDir: path.join(base, 'cache'), remove: () => fs.rmSync(base, { recursive: true, force: true }) };
}

/** What the specs see of a suite, built examples included, as JSON (absent and undefined properties alike). */
function observed(suite: CachedSuite): unknown {
  const examples = suite.tests.map((_, i) => suite.example(i));
  const tests = suite.tests.map(({ title, findings }) => ({ title, findings }));
  return JSON.parse(JSON.stringify({ tests, empty: suite.emptyPages, examples, types: suite.registry.toJSON() }));
}

function reference(dir: string): unknown {
  const built = loadContracts(dir);
  return JSON.parse(
    JSON.stringify({
      tests: built.examples.map(({ title, findings }) => ({ title, findings })),
      empty: built.emptyPages.map(({ page, reason }) => ({ file: page.file, reason })),
      examples: built.examples,
      types: built.registry.toJSON(),
    }),
  );
}

let box: ReturnType<typeof sandbox>;
test.beforeEach(() => (box = sandbox()));
test.afterEach(() => box.remove());

test('a second load reads the cache and gives the same suite as parsing the pages', () => {
  const first = loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} });
  const second = loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} });
  expect([first.source, second.source]).toEqual(['pages', 'cache']);
  const expected = reference(box.dir);
  expect(observed(first)).toEqual(expected);
  expect(observed(second)).toEqual(expected);
});

test('create examples are found as in a built suite', () => {
  loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} });
  const cached = loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} });
  const built = loadContracts(box.dir);
  const collections = built.examples.flatMap((e) => {
    const segments = e.path.template?.path.split('/').filter(Boolean) ?? [];
    return segments.map((_, n) => segments.slice(0, n + 1));
  });
  const found = (find: (segments: string[]) => { title: string } | undefined) => collections.map((segments) => find(segments)?.title);
  expect(found((segments) => cached.findCreateExample(segments))).toEqual(found((segments) => findCreateExample(built, segments)));
  expect(found((segments) => cached.findCreateExample(segments))).toContain('create-ipsecurityprofile.md#create_ipsecurityprofile_from_');
});

test('a changed page invalidates the cache: its new example is listed', () => {
  loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} });
  const file = path.join(box.dir, 'update-ipsecurityprofile.md');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('"name": "update_ipsecurityprofile"', '"name": "renamed_example"'));
  const after = loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} });
  expect(after.source).toBe('pages');
  expect(after.tests.map((t) => t.title)).toContain('update-ipsecurityprofile.md#renamed_example');
  expect(observed(after)).toEqual(reference(box.dir));
});

/** A pack with one example renamed (same length, so every offset holds): a page taken from it shows the mark. */
const markExample = (pack: string) =>
  pack.replace('"examples":[{"name":"create_ipsecurityprofile_from_"', '"examples":[{"name":"create_ipsecurityprofile_MARK_"');

/** The suite files in the cache folder, by what they hold (`<key>.json`, `<key>.pages`, …). */
const suiteFiles = () => fs.readdirSync(path.join(box.cacheDir, 'suites')).sort();

test('a changed page is the only one parsed again: the others come from the last suite, whose files are then removed', () => {
  const first = loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} });
  expect(suiteFiles().map((file) => file.slice(40))).toEqual(['.json', '.manifest.json', '.pages', '.types']);
  const pack = path.join(box.cacheDir, 'suites', `${first.key}.pages`);
  const marked = markExample(fs.readFileSync(pack, 'utf8'));
  expect(marked).toContain('MARK_');
  fs.writeFileSync(pack, marked);
  const file = path.join(box.dir, 'update-ipsecurityprofile.md');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('"name": "update_ipsecurityprofile"', '"name": "renamed_example"'));
  const after = loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} });
  const titles = after.tests.map((t) => t.title);
  expect(titles).toContain('create-ipsecurityprofile.md#create_ipsecurityprofile_MARK_'); // reused, not parsed
  expect(titles).toContain('update-ipsecurityprofile.md#renamed_example'); // parsed again
  // The new pack holds the reused pages as the last one did, and the parsed one: a worker reads them all.
  const worker = loadCachedSuite(box.dir, {
    cacheDir: box.cacheDir,
    env: { [SUITE_KEY_ENV]: [process.ppid, box.dir, after.key].join('\n') },
  });
  expect(observed(worker)).toEqual(observed(after));
  expect(suiteFiles().every((name) => name.startsWith(`${after.key}.`))).toBe(true);
  expect(suiteFiles()).toHaveLength(4);
});

test('a page with alternative responses stays one test when another page changes and it comes from the pack', () => {
  const response = (id: string) => [
    '<!-- { "blockType": "response" } -->',
    '```http',
    'HTTP/1.1 200 OK',
    'Content-type: application/json',
    '',
    `{ "id": "${id}" }`,
    '```',
  ];
  const channel = [
    '# Get channel',
    '<!-- { "blockType": "request", "name": "get_channel" } -->',
    '```http',
    'GET https://graph.microsoft.com/v1.0/teams/t1/channels/c1',
    '```',
  ];
  fs.writeFileSync(path.join(box.dir, 'channel-get.md'), [...channel, ...response('c1'), ...response('c2')].join('\n'));
  const titles = (suite: CachedSuite) => suite.tests.map((t) => t.title).filter((title) => title.startsWith('channel-get.md'));
  expect(titles(loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} }))).toEqual(['channel-get.md#get_channel']);
  const file = path.join(box.dir, 'update-ipsecurityprofile.md');
  fs.appendFileSync(file, '\n<!-- edited -->\n');
  expect(titles(loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} }))).toEqual(['channel-get.md#get_channel']);
});

test('a worker reads the page of its test from the pack, else (pack gone) from its file', () => {
  const runnerEnv: NodeJS.ProcessEnv = {};
  const runner = loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: runnerEnv });
  const workerEnv = { [SUITE_KEY_ENV]: (runnerEnv[SUITE_KEY_ENV] ?? '').replace(/^\d+/, String(process.ppid)) };
  const expected = reference(box.dir);
  const pack = path.join(box.cacheDir, 'suites', `${runner.key}.pages`);
  const marked = markExample(fs.readFileSync(pack, 'utf8'));
  fs.writeFileSync(pack, marked);
  const worker = loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: workerEnv });
  expect(worker.tests.map((_, i) => worker.example(i).title)).toContain('create-ipsecurityprofile.md#create_ipsecurityprofile_MARK_');
  fs.rmSync(pack);
  expect(observed(loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: workerEnv }))).toEqual(expected);
});

test('a new suite version (changed parser source) invalidates the cache', () => {
  expect(loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {}, version: 'a'.repeat(40) }).source).toBe('pages');
  expect(loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {}, version: 'a'.repeat(40) }).source).toBe('cache');
  expect(loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {}, version: 'b'.repeat(40) }).source).toBe('pages');
});

test('corrupt cache files are ignored and rebuilt, never a failure', () => {
  loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} });
  const files = fs.readdirSync(box.cacheDir, { recursive: true }) as string[];
  const written = files.filter((file) => /\.(json|pages|types)$/.test(file)).map((file) => path.join(box.cacheDir, file));
  expect(written.length).toBeGreaterThan(4);
  for (const [i, file] of written.entries()) fs.writeFileSync(file, i % 2 ? '{"format": 1, "pages": [' : '');
  const again = loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} });
  expect(again.source).toBe('pages');
  expect(observed(again)).toEqual(reference(box.dir));
  expect(loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} }).source).toBe('cache');
});

test("a worker given its runner's key reads the index without reading the pages; another process's key is ignored", () => {
  const runnerEnv: NodeJS.ProcessEnv = {};
  loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: runnerEnv });
  const [, folder, key] = (runnerEnv[SUITE_KEY_ENV] ?? '').split('\n');
  expect(folder).toBe(path.resolve(box.dir));
  // As this process's parent had listed the folder: the worker trusts the key (the pages may even be gone).
  const expected = reference(box.dir);
  fs.rmSync(box.dir, { recursive: true });
  const worker = loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: { [SUITE_KEY_ENV]: [process.ppid, folder, key].join('\n') } });
  expect(worker.source).toBe('cache');
  expect(observed(worker)).toEqual(expected);
  // A key from a process that is neither this one nor its parent (an outer run) is not trusted: the folder is read again.
  const outer = process.ppid + 1 === process.pid ? process.ppid + 2 : process.ppid + 1;
  expect(() => loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: { [SUITE_KEY_ENV]: [outer, folder, key].join('\n') } })).toThrow(
    /does not exist/,
  );
});

test('a derived index is built once per suite and deriving code, then read', () => {
  const builds: string[] = [];
  const load = () => loadCachedSuite(box.dir, { cacheDir: box.cacheDir, env: {} });
  const derive = (folders: string[], label: string) =>
    load().derived(
      'test',
      folders,
      (json) => (typeof json === 'string' ? json : undefined),
      () => (builds.push(label), label),
    );
  expect([derive(['src/negative'], 'first'), derive(['src/negative'], 'again')]).toEqual(['first', 'first']);
  // Other deriving code (here: other folders' source) has an index of its own.
  expect(derive(['src/edm'], 'other code')).toBe('other code');
  const file = path.join(box.dir, 'update-ipsecurityprofile.md');
  fs.appendFileSync(file, '\n');
  expect(derive(['src/negative'], 'changed page')).toBe('changed page');
  expect(builds).toEqual(['first', 'other code', 'changed page']);
});

test('the type registry survives JSON: every type, property and member in order', () => {
  const { registry } = loadContracts(box.dir);
  const back = TypeRegistry.fromJSON(JSON.parse(JSON.stringify(registry)) as SerialisedRegistry);
  expect(back.all()).toEqual(registry.all());
  expect(back.get('ipSecurityProfile')?.properties.get('id')).toEqual(registry.get('ipSecurityProfile')?.properties.get('id'));
});

test('the cached registry, parsed type by type, answers every query as the registry built from the pages', () => {
  const quirks = path.join(box.dir, '..', 'quirks');
  fs.cpSync(path.join(ROOT, 'fixtures', 'pages', 'quirks'), quirks, { recursive: true });
  for (const dir of [box.dir, path.join(quirks, 'api')]) {
    const built = loadContracts(dir).registry;
    loadCachedSuite(dir, { cacheDir: box.cacheDir, env: {} });
    const cached = loadCachedSuite(dir, { cacheDir: box.cacheDir, env: {} }).registry;
    expect(cached).not.toBe(built);
    // Every type's key from all() before any is parsed; each unparsed type reads as the built one.
    expect(cached.all().map((def) => def.key)).toEqual(built.all().map((def) => def.key));
    expect(cached.all().map((def) => ({ ...def }))).toEqual(built.all().map((def) => ({ ...def })));
    const names = built.all().flatMap((def) => [def.key, def.name, def.fullName, def.name.toUpperCase(), `#microsoft.graph.${def.name}`]);
    for (const name of [...names.filter((name): name is string => name !== undefined), 'noSuchType']) {
      expect(cached.get(name)).toEqual(built.get(name));
      for (const base of built.all().map((def) => def.key)) expect(cached.derivesFrom(name, base)).toBe(built.derivesFrom(name, base));
    }
    expect(cached.toJSON()).toEqual(built.toJSON());
  }
});

/** Loads the folder in a process of its own; resolves to the titles it saw, or rejects with its error. */
function loadInProcess(dir: string, cacheDir: string): Promise<string> {
  const script = `const { loadCachedSuite } = require(${JSON.stringify(path.join(ROOT, 'src', 'contracts', 'suiteCache'))});
const suite = loadCachedSuite(${JSON.stringify(dir)}, { cacheDir: ${JSON.stringify(cacheDir)}, env: {} });
process.stdout.write(JSON.stringify([suite.tests.map((t) => t.title), suite.tests.map((_, i) => suite.example(i).title), suite.registry.all().length]));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

test('processes writing and reading one cache at once all see the whole suite', async () => {
  test.slow();
  const built = loadContracts(box.dir);
  const expected = JSON.stringify([built.examples.map((e) => e.title), built.examples.map((e) => e.title), built.registry.all().length]);
  // Cold cache: two writers at once; then a writer racing readers of its half-made cache.
  for (let round = 0; round < 2; round++) {
    const outputs = await Promise.all([
      loadInProcess(box.dir, box.cacheDir),
      loadInProcess(box.dir, box.cacheDir),
      loadInProcess(box.dir, box.cacheDir),
    ]);
    for (const output of outputs) expect(output).toBe(expected);
    if (round === 0) fs.rmSync(path.join(box.cacheDir, 'suites'), { recursive: true });
  }
  // No temporary file is left behind.
  expect((fs.readdirSync(box.cacheDir, { recursive: true }) as string[]).filter((file) => file.endsWith('.tmp'))).toEqual([]);
});
