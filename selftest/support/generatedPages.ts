/**
 * Pages written by the self-tests and the benchmarks: the seed pages plus pages no documentation set
 * should have but a folder may hold (JSON nested 50,000 levels deep, a 5,000-row table, binary files,
 * link loops), to show that reading one never takes the others down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/projectRoot';

const SEEDS = path.resolve(PROJECT_ROOT, 'contracts');

/** Copies the seed pages (`contracts/`) into `dir`; returns their file names. */
export function copySeeds(dir: string): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files = fs.readdirSync(SEEDS).filter((file) => file.endsWith('.md'));
  for (const file of files) fs.copyFileSync(path.join(SEEDS, file), path.join(dir, file));
  return files;
}

/** `[[[ … ]]]`: `depth` arrays, one inside the other, around `"x"`. */
export const nestedArrays = (depth: number) => `${'['.repeat(depth)}"x"${']'.repeat(depth)}`;

/** A create page in the Graph docs format: a request-body table of `rows` and one example of `requestBody` → `responseBody`. */
export function createPage(type: string, rows: readonly string[], requestBody: string, responseBody: string): string {
  return [
    `# Create ${type}`,
    '',
    '## HTTP request',
    '',
    '<!-- { "blockType": "ignored" } -->',
    '```http',
    `POST /${type}s`,
    '```',
    '',
    '## Request body',
    '',
    `In the request body, supply a JSON representation of the [${type}](../resources/${type}.md) object.`,
    '',
    '|Property|Type|Description|',
    '|:---|:---|:---|',
    ...rows,
    '',
    '## Response',
    '',
    `If successful, this method returns a \`201 Created\` response code and a [${type}](../resources/${type}.md) object in the response body.`,
    '',
    '## Example',
    '',
    `<!-- { "blockType": "request", "name": "create_${type}" } -->`,
    '```http',
    `POST https://graph.microsoft.com/v1.0/${type}s`,
    'Content-type: application/json',
    '',
    requestBody,
    '```',
    '',
    `<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.${type}" } -->`,
    '```http',
    'HTTP/1.1 201 Created',
    'Content-type: application/json',
    '',
    responseBody,
    '```',
    '',
  ].join('\n');
}

/** A page whose response example nests `depth` arrays in `nested`, a property no table documents (its type is inferred). */
export function deepPage(depth: number): string {
  return createPage(
    'deepWidget',
    ['|name|String||', '|tags|String collection||'],
    '{ "name": "a" }',
    `{ "id": "1", "name": "a", "nested": ${nestedArrays(depth)} }`,
  );
}

/** A page whose request-body table has `rows` String properties, all of them sent by its example. */
export function wideTablePage(rows: number): string {
  const names = Array.from({ length: rows }, (_, index) => `p${index}`);
  const body = `{ ${names.map((name) => `"${name}": "v"`).join(', ')} }`;
  return createPage(
    'wideWidget',
    names.map((name) => `|${name}|String||`),
    body,
    `{ "id": "1", ${names.map((name) => `"${name}": "v"`).join(', ')} }`,
  );
}
