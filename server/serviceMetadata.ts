/**
 * `GET {base}/$metadata`: the service's own description of itself (CSDL). The CSDL files placed beside
 * the pages (`<folder>/metadata/`, merged into one document) when there are any, else the CSDL the pages
 * imply (types from their tables, entity sets from their paths).
 */
import fs from 'node:fs';
import type { Suite } from '../src/contracts/loadContracts';
import { impliedCsdl } from '../src/impliedMetadata/impliedCsdl';
import { folderMetadata } from '../src/metadata/folder';
import { mergeCsdlXml } from '../src/metadata/mergeCsdl';
import { failed, graphError, type Answer, type RequestInfo } from './http';

export interface MetadataDocument {
  text: string;
  /** e.g. `application/xml` for CSDL XML. */
  contentType: string;
}

/** Does a path (segments below the base path) address the metadata document? */
export const isMetadataPath = (segments: readonly string[]) => segments.length === 1 && segments[0] === '$metadata';

/** The document for a GET; 405 for another method; 406 for `$format=json` when the document is not JSON. */
export function metadataAnswer(document: MetadataDocument, request: RequestInfo): Answer {
  if (request.method !== 'GET') return failed(graphError(405, 'MethodNotAllowed', `${request.method} is not supported on $metadata.`));
  const format = request.url.searchParams.get('$format');
  if (format && /json/i.test(format) && !/json/i.test(document.contentType))
    return failed(graphError(406, 'NotAcceptable', `$metadata is served as ${document.contentType} only.`));
  return {
    response: { status: 200, headers: { 'content-type': document.contentType }, text: document.text },
    context: { action: 'metadata' },
  };
}

/** The document a folder's server serves: its CSDL files (XML merged into one; a JSON one as it is), else the pages' own. */
export function folderMetadataDocument(dir: string, suite: Suite): MetadataDocument {
  const documents = folderMetadata(dir).map((file) => ({ name: file, text: fs.readFileSync(file, 'utf8') }));
  if (!documents.length) return { text: impliedCsdl(suite), contentType: 'application/xml' };
  const json = documents.find(({ text }) => text.trimStart().startsWith('{'));
  if (json) return { text: json.text, contentType: 'application/json' };
  return { text: mergeCsdlXml(documents), contentType: 'application/xml' };
}
