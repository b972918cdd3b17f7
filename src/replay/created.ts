/**
 * What a create left on the target, read from its answer: the new resource's id and the URL to delete
 * it at, from the body's `id` (beside the collection posted to), else `Content-Location`/`Location`
 * (asynchronous creates answer 202 with them; an operation's URL stands for its resource), else `@odata.id`.
 */
import type { Exchange } from '../core/http';
import { isObject } from '../core/json';

export interface CreatedResource {
  url: string;
  id?: string;
}

/** The key in the last segment of a resource URL: `…/teams/abc`, `…/teams('abc')`, `…/teams(abc)`. */
export function idFromUrl(url: string): string | undefined {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const last = decodeURIComponent(path.split('/').filter(Boolean).pop() ?? '');
  const key = /\(\s*'?([^')]*)'?\s*\)$/.exec(last)?.[1];
  return key ?? (last || undefined);
}

export function createdResource({ request, response }: Exchange): CreatedResource | undefined {
  if (response.status < 200 || response.status > 299) return undefined;
  const json = isObject(response.json) ? response.json : undefined;
  const id = typeof json?.id === 'string' || typeof json?.id === 'number' ? String(json.id) : undefined;
  const collection = request.url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  if (id !== undefined && id !== '') return { url: `${collection}/${encodeURIComponent(id)}`, id };
  // An asynchronous create names the resource in Content-Location and the operation to poll in Location.
  const link = response.headers['content-location'] ?? response.headers.location ?? (typeof json?.['@odata.id'] === 'string' ? json['@odata.id'] : undefined);
  if (!link) return undefined;
  let url: string;
  try {
    url = new URL(link, request.url).href.replace(/\/operations(\(|\/).*$/i, '');
  } catch {
    return undefined;
  }
  const fromUrl = idFromUrl(url);
  return { url, ...(fromUrl !== undefined ? { id: fromUrl } : {}) };
}
