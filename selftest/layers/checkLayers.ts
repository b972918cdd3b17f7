/**
 * The layers check: every project file belongs to a layer named in DEPS.list, imports at runtime only
 * the layers its line there allows, and no two layers import each other (directly or round a loop).
 * Imports are read with the TypeScript parser; type-only imports are free, since they vanish at runtime.
 * Pure functions over in-memory files, so the unit test can prove each failure on a handful of lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One line of DEPS.list: a layer (folder, or file without its extension) and what it may import. */
export interface LayerRule {
  layer: string;
  /** Layer names; `prefix/*` means every layer under prefix, `*` anything at all. */
  mayImport: string[];
  /** The line as written, quoted in failures so the reader sees the rule that was broken. */
  text: string;
}

/** A project file: path relative to the project root, with forward slashes. */
export interface ProjectFile {
  path: string;
  text: string;
}

/** A runtime import: the module specifier as written and its 1-based line. */
export interface ImportRef {
  specifier: string;
  line: number;
}

const SOURCE_FILE = /\.[cm]?tsx?$/;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

/** Reads DEPS.list: `layer: other layers`, `#` comments; a malformed or repeated line throws. */
export function parseDepsList(text: string): LayerRule[] {
  const rules: LayerRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return;
    const match = /^([\w./-]+):(.*)$/.exec(line);
    if (!match) throw new Error(`DEPS.list line ${index + 1}: expected "layer: layers it may import", got "${raw}"`);
    const layer = match[1];
    if (rules.some((rule) => rule.layer === layer)) throw new Error(`DEPS.list line ${index + 1}: layer ${layer} is listed twice`);
    rules.push({ layer, mayImport: match[2].split(/\s+/).filter(Boolean), text: line });
  });
  return rules;
}

/** The runtime imports of a file: import/export ... from, import = require, require(), import(). */
export function runtimeImports(fileName: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: ImportRef[] = [];
  const add = (literal: ts.Expression) => {
    if (!ts.isStringLiteralLike(literal)) return; // a computed specifier cannot be resolved statically
    found.push({ specifier: literal.text, line: source.getLineAndCharacterOfPosition(literal.getStart()).line + 1 });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      if (!isTypeOnlyImport(node)) add(node.moduleSpecifier);
    } else if (ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier && !isTypeOnlyExport(node)) add(node.moduleSpecifier);
    } else if (ts.isImportEqualsDeclaration(node)) {
      if (!node.isTypeOnly && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && isRequireOrDynamicImport(node) && node.arguments[0]) {
      add(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import './x'` runs x for its side effects
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    !clause.name &&
    !!bindings &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((e) => e.isTypeOnly)
  );
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return !!clause && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

function isRequireOrDynamicImport(node: ts.CallExpression): boolean {
  return node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require');
}

/** The project file a relative specifier names (trying the TypeScript extensions and index files), or the bare joined path. */
export function resolveImport(from: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined; // a node or npm package: outside the layers
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const candidates = [base, ...EXTENSIONS.map((ext) => base + ext), ...EXTENSIONS.map((ext) => `${base}/index${ext}`)];
  return candidates.find((candidate) => known.has(candidate)) ?? base;
}

/** The layer a path belongs to: the longest layer name that is its folder, or the file itself without extension. */
export function layerOf(file: string, layers: readonly string[]): string | undefined {
  const withoutExtension = file.replace(SOURCE_FILE, '');
  const owners = layers.filter((layer) => file.startsWith(`${layer}/`) || withoutExtension === layer || file === layer);
  return owners.sort((a, b) => b.length - a.length)[0];
}

function allows(rule: LayerRule, target: string | undefined): boolean {
  return rule.mayImport.some((pattern) => {
    if (pattern === '*') return true;
    if (target === undefined) return false;
    return pattern.endsWith('/*') ? target.startsWith(pattern.slice(0, -1)) : pattern === target;
  });
}

/** One import from one layer into another, kept as the evidence for an edge of the layer graph. */
interface Edge {
  from: string;
  to: string;
  where: string;
}

/** Every broken rule, as one line each naming the file, the import and the rule; empty when all is well. */
export function checkLayers(files: readonly ProjectFile[], rules: readonly LayerRule[]): string[] {
  const layers = rules.map((rule) => rule.layer);
  const known = new Set(files.map((file) => file.path));
  const problems = [...checkRuleNames(rules), ...checkLayersHaveFiles(files, layers)];
  const edges = new Map<string, Edge>();
  for (const file of files) {
    const layer = layerOf(file.path, layers);
    if (!layer) {
      problems.push(`${file.path}: belongs to no layer of DEPS.list (add its folder there, with what it may import)`);
      continue;
    }
    const rule = rules.find((candidate) => candidate.layer === layer)!;
    for (const ref of runtimeImports(file.path, file.text)) {
      const target = resolveImport(file.path, ref.specifier, known);
      if (target === undefined) continue;
      const targetLayer = layerOf(target, layers);
      const where = `${file.path}:${ref.line} imports '${ref.specifier}'`;
      if (targetLayer === layer) continue;
      if (!allows(rule, targetLayer)) {
        const what = targetLayer ? `layer ${targetLayer}` : `${target}, which is in no layer`;
        problems.push(`${where}: layer ${layer} may not import ${what} (DEPS.list: "${rule.text}")`);
      }
      if (targetLayer && !edges.has(`${layer} ${targetLayer}`))
        edges.set(`${layer} ${targetLayer}`, { from: layer, to: targetLayer, where });
    }
  }
  const populated = new Set(files.map((file) => layerOf(file.path, layers)));
  return [...problems, ...checkUnusedAllowances(rules, populated, [...edges.values()]), ...findCycles([...edges.values()])];
}

/**
 * A layer named on the right that the layer never imports at runtime: DEPS.list must be as tight as the
 * imports, so that it tells a reader the real shape of the code (patterns such as `src/*` aside).
 */
function checkUnusedAllowances(rules: readonly LayerRule[], populated: ReadonlySet<string | undefined>, edges: readonly Edge[]): string[] {
  // A typo and a layer without files are reported already, in their own words.
  return rules.flatMap((rule) =>
    rule.mayImport
      .filter((pattern) => populated.has(rule.layer) && populated.has(pattern))
      .filter((pattern) => !edges.some((edge) => edge.from === rule.layer && edge.to === pattern))
      .map((pattern) => `DEPS.list: "${rule.text}" allows ${pattern}, which ${rule.layer} does not import (remove it)`),
  );
}

/** A name on the right of DEPS.list that matches no layer is a typo that would silently allow nothing. */
function checkRuleNames(rules: readonly LayerRule[]): string[] {
  const layers = rules.map((rule) => rule.layer);
  return rules.flatMap((rule) =>
    rule.mayImport
      .filter((pattern) => pattern !== '*' && !layers.some((layer) => allows({ ...rule, mayImport: [pattern] }, layer)))
      .map((pattern) => `DEPS.list: "${rule.text}" names ${pattern}, which matches no layer`),
  );
}

/** A layer without files means DEPS.list no longer describes the code. */
function checkLayersHaveFiles(files: readonly ProjectFile[], layers: readonly string[]): string[] {
  return layers
    .filter((layer) => !files.some((file) => layerOf(file.path, layers) === layer))
    .map((layer) => `DEPS.list: layer ${layer} has no files (remove it or fix its name)`);
}

/** One failure per set of layers that import each other round a loop, spelling the loop out with its imports. */
function findCycles(edges: readonly Edge[]): string[] {
  const next = (layer: string) => edges.filter((edge) => edge.from === layer);
  const reported = new Set<string>();
  const problems: string[] = [];
  for (const start of new Set(edges.map((edge) => edge.from))) {
    const found = pathBack(start, next);
    if (!found) continue;
    const key = found
      .map((edge) => edge.from)
      .sort()
      .join(' ');
    if (reported.has(key)) continue;
    reported.add(key);
    const loop = fromSmallest(found);
    const names = [...loop.map((edge) => edge.from), loop[0].from].join(' → ');
    problems.push(`cycle between layers ${names}: ${loop.map((edge) => edge.where).join('; ')}`);
  }
  return problems;
}

/** The loop turned to start at its alphabetically first layer, so that the same loop always reads the same. */
function fromSmallest(loop: Edge[]): Edge[] {
  const first = loop.reduce((best, edge, index) => (edge.from < loop[best].from ? index : best), 0);
  return [...loop.slice(first), ...loop.slice(0, first)];
}

/** The shortest chain of edges from start back to start (breadth first), if there is one. */
function pathBack(start: string, next: (layer: string) => Edge[]): Edge[] | undefined {
  const queue: Edge[][] = next(start).map((edge) => [edge]);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const chain = queue.shift()!;
    const last = chain[chain.length - 1];
    if (last.to === start) return chain;
    if (seen.has(last.to)) continue;
    seen.add(last.to);
    for (const edge of next(last.to)) queue.push([...chain, edge]);
  }
  return undefined;
}

const SKIPPED_FOLDERS = new Set(['node_modules', 'reports', 'test-results', 'playwright-report', 'blob-report']);

/** Every TypeScript file of the project (not declaration files), paths relative to root with forward slashes. */
export function readProjectFiles(root: string): ProjectFile[] {
  const files: ProjectFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) walk(full);
      } else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.push({ path: path.relative(root, full).split(path.sep).join('/'), text: fs.readFileSync(full, 'utf8') });
      }
    }
  };
  walk(root);
  return files.sort((a, b) => a.path.localeCompare(b.path));
}
