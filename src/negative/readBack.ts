/**
 * After a rejected request, what it may have left behind: the unknown item, or the collection's first
 * pages. Paging follows `@odata.nextLink` only within BASE_URL's origin (the token goes nowhere else).
 * Whatever carries the request's marker was made by it: it is registered for deletion at the test's end.
 */
import type { Exchange } from '../core/http';
import { isObject } from '../core/json';
import type { NegativeContract } from '../contracts/contractExample';

export interface ReadBackIo {
  /** Sends a GET (with the token) as a step labelled `label`. */
  read(url: string, label: string): Promise<Exchange>;
  /** Takes note of a resource to delete when the test ends. */
  register(url: string, label: string): void;
  /** Whether a URL is on BASE_URL's origin (the only one the token goes to). */
  sameOrigin(url: string): boolean;
  /** Tells the report something it should know (`not followed`). */
  note(type: string, description: string): void;
}

/** Server-driven paging is followed a little way: a marker on page 6 of a big collection goes unseen. */
const MAX_PAGES = 5;

export async function readWhatWasLeft(contract: NegativeContract, exchange: Exchange, io: ReadBackIo): Promise<Exchange[]> {
  const probe = contract.probe;
  if (!probe) return [];
  const url = new URL(exchange.request.url);
  url.search = '';
  if (probe.kind === 'item') return [await io.read(url.href, 'read back: the unknown item')];
  const pages: Exchange[] = [];
  for (let next: string | undefined = url.href; next && pages.length < MAX_PAGES;) {
    const page = await io.read(next, `read back: list the collection${pages.length ? ` (page ${pages.length + 1})` : ''}`);
    pages.push(page);
    const body = isObject(page.response.json) ? page.response.json : {};
    for (const item of Array.isArray(body.value) ? body.value : []) {
      if (isObject(item) && item[probe.property] === probe.value && (typeof item.id === 'string' || typeof item.id === 'number')) {
        io.register(
          `${url.href.replace(/\/+$/, '')}/${encodeURIComponent(String(item.id))}`,
          `clean-up: delete what the rejected request made (${item.id})`,
        );
      }
    }
    const link = body['@odata.nextLink'];
    next = page.response.status === 200 && typeof link === 'string' ? new URL(link, next).href : undefined;
    if (next && !io.sameOrigin(next)) {
      io.note('not followed', `@odata.nextLink ${next} is outside BASE_URL's origin: not read with the token`);
      next = undefined;
    }
  }
  return pages;
}
