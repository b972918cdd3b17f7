/**
 * What a create left on the target, read from its answer: the new resource's id, and the URL to delete
 * it at (the collection posted to, then the id). The id comes from the body's `id`, else from
 * `Content-Location` (the resource) or `Location` (an asynchronous create answering `202 Accepted`
 * often names the operation under it: `/teams('t1')/operations('o1')`), else from `@odata.id`.
 */
import type { Exchange, SentRequest } from '../core/http';
import { isObject } from '../core/json';
import type { Contract } from '../contracts/contractExample';

/** Sends a request as a step of the test (the fixtures' `graph`). */
export type Send = (request: SentRequest, label: string) => Promise<Exchange>;

export interface CreatedResource {
  url: string;
  id: string;
}

/** `teams('a-1')`, `teams(a-1)`, `teams(id='a-1')`: the name and the key of an OData key segment. */
const KEY_SEGMENT = /^([^()]+)\((?:[^=()]+=)?'?([^'()]*)'?\)$/;

/** The key a resource URL gives for `collection`: the segment named like it (or the one after it), else the last one's. */
export function keyInUrl(url: string, collection: string): string | undefined {
  let segments: string[];
  try {
    segments = new URL(url, 'http://relative.invalid').pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  const named = (segment: string) => (KEY_SEGMENT.exec(segment)?.[1] ?? segment).toLowerCase() === collection.toLowerCase();
  const at = segments.findIndex(named);
  const keyed = at >= 0 ? KEY_SEGMENT.exec(segments[at]) : null;
  if (keyed?.[2]) return keyed[2];
  if (at >= 0 && segments[at + 1]) return segments[at + 1];
  const last = segments[segments.length - 1];
  return last ? KEY_SEGMENT.exec(last)?.[2] || last : undefined;
}

export function createdResource({ request, response }: Exchange): CreatedResource | undefined {
  if (response.status < 200 || response.status > 299) return undefined;
  const json = isObject(response.json) ? response.json : undefined;
  const collectionUrl = request.url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const collection = decodeURIComponent(collectionUrl.slice(collectionUrl.lastIndexOf('/') + 1));
  const bodyId = typeof json?.id === 'string' || typeof json?.id === 'number' ? String(json.id) : undefined;
  const link =
    response.headers['content-location'] ??
    response.headers.location ??
    (typeof json?.['@odata.id'] === 'string' ? json['@odata.id'] : undefined);
  // Links are relative to the service root (Graph writes `/teams('…')`): the collection URL is the sure address.
  const id = bodyId || (link ? keyInUrl(link, collection) : undefined);
  return id ? { url: `${collectionUrl}/${encodeURIComponent(id)}`, id } : undefined;
}

/** A request that makes a resource when it succeeds: a documented create (201/202), or a bad request derived from one. */
export function makesResource(contract: Contract): boolean {
  const documented = contract.kind === 'negative' ? contract.source : contract;
  return contract.method === 'POST' && documented.expected.statuses.some((status) => status === 201 || status === 202);
}

/** A resource a test made, with the step label of its deletion. */
export interface Made {
  url: string;
  label: string;
}

/** Whether `url` addresses one of `made` or something under it (query aside). */
export function addressesMade(url: string, made: readonly string[]): boolean {
  const bare = url
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
  return made.some((resource) => {
    const base = resource.replace(/\/+$/, '').toLowerCase();
    return bare === base || bare.startsWith(`${base}/`);
  });
}

/** What one test made on the target: each once, to delete when the test ends, whatever its outcome. */
export class MadeResources {
  private readonly made: Made[] = [];

  readonly register = (url: string, label: string): void => void (this.made.some((r) => r.url === url) || this.made.push({ url, label }));

  /** Whether a request addresses something this test made (or anything under it). */
  readonly isMade = (url: string): boolean =>
    addressesMade(
      url,
      this.made.map((r) => r.url),
    );

  /**
   * Deletes it all, newest first (a resource made inside another goes before it); a missing one (404) is
   * gone already. Returns what could not be deleted, each as `<url> (delete answered 500)`.
   */
  async deleteAll(send: Send): Promise<string[]> {
    const left: string[] = [];
    for (const { url, label } of [...this.made].reverse()) {
      const deleted = await send({ method: 'DELETE', url, headers: {}, authorize: true }, label).then(
        ({ response }) => response.status < 300 || response.status === 404 || `answered ${response.status}`,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      if (deleted !== true) left.push(`${url} (delete ${deleted})`);
    }
    return left;
  }
}

/** A request that may change the target: anything but a read (GET, HEAD). READ_ONLY=1 sends none. */
export const isWrite = (method: string) => !['GET', 'HEAD'].includes(method.toUpperCase());
