/**
 * A contracts folder → the suite: every page parsed, the types all pages describe, and one
 * `ContractExample` per documented request/response pair.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parsePage } from '../docs/parsePage';
import type { Page } from '../docs/model';
import { buildContractExample, type ContractExample } from './contractExample';
import { placeholderName } from './paths';
import { buildTypeRegistry, TypeRegistry } from './typeRegistry';

export class ContractsError extends Error {}

export interface Suite {
  dir: string;
  pages: Page[];
  registry: TypeRegistry;
  examples: ContractExample[];
  /** Operation pages with nothing to replay, and why (each becomes a skipped test). */
  emptyPages: { page: Page; reason: string }[];
}

export function listPages(dir: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new ContractsError(`contracts folder ${dir} does not exist (set CONTRACTS_DIR to a folder of *.md pages)`);
  }
  if (!stat.isDirectory()) throw new ContractsError(`CONTRACTS_DIR ${dir} is not a folder`);
  const files = (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => file.toLowerCase().endsWith('.md') && !file.split(path.sep).some((part) => part.startsWith('.')))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
  if (!files.length) throw new ContractsError(`contracts folder ${dir} holds no *.md pages`);
  return files;
}

/** The type a resource page documents (`# userAccount resource type`), if it is one. */
export function resourcePageType(page: Page): string | undefined {
  if (page.requests.length) return undefined;
  const fromTitle = /^\s*([A-Za-z_][\w.]*)\s+(?:resource|complex|entity)\s+type\b/i.exec(page.title)?.[1];
  if (fromTitle) return fromTitle.replace(/^microsoft\.graph\./i, '');
  if (/(^|\/)resources\//.test(page.file) && page.propertyTables.length) {
    return /^\s*([A-Za-z_]\w*)/.exec(page.title)?.[1] ?? path.basename(page.file, '.md');
  }
  return undefined;
}

export function readPage(dir: string, file: string): Page {
  let source: string;
  try {
    source = fs.readFileSync(path.join(dir, file), 'utf8');
  } catch (error) {
    throw new ContractsError(`cannot read page ${file}: ${(error as Error).message}`);
  }
  return parsePage(source, file);
}

export function buildSuite(dir: string, pages: Page[]): Suite {
  const registry = buildTypeRegistry(pages, resourcePageType);
  const examples: ContractExample[] = [];
  const emptyPages: Suite['emptyPages'] = [];
  for (const page of pages) {
    if (resourcePageType(page)) continue;
    if (!page.examples.length) {
      emptyPages.push({
        page,
        reason: page.templates.length
          ? 'the page documents an HTTP request but no request example'
          : 'the page has no HTTP request template and no request example',
      });
    }
    for (const pair of page.examples) examples.push(buildContractExample(page, pair, registry));
  }
  return { dir, pages, registry, examples, emptyPages };
}

export function loadContracts(dir: string): Suite {
  return buildSuite(dir, listPages(dir).map((file) => readPage(dir, file)));
}

const collectionKey = (segments: readonly string[]) =>
  segments.map((segment) => (placeholderName(segment) !== undefined ? '{}' : segment.toLowerCase())).join('/');

/** The documented create example (POST on the collection) for the collection an item path lives in. */
export function findCreateExample(suite: Suite, collectionSegments: readonly string[]): ContractExample | undefined {
  const key = collectionKey(collectionSegments);
  return suite.examples.find(
    (example) =>
      example.method === 'POST' &&
      !example.unusable &&
      example.path.template !== undefined &&
      collectionKey(example.path.template.path.split('/').filter(Boolean)) === key &&
      example.expected.body === 'resource',
  );
}
