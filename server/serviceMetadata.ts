/**
 * `GET {base}/$metadata`: the service's own description of itself (CSDL), when the server was given one.
 * Where it comes from (a CSDL file beside the pages, or one the pages imply) is the caller's business.
 */
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
