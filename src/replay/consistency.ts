/**
 * What a run just made may not be visible at once: directory objects (users, groups, applications) take
 * seconds to reach every replica, and a read right after the create answers 404. A request addressing
 * something the run made that answers 404 is sent again after 1, 2, 4 … s (each wait a step of the
 * report), for up to CONSISTENCY_WAIT_S in all; past that, the 404 stands and the test reports it.
 */
import type { Exchange, SentRequest } from '../core/http';
import type { Send } from './created';

export interface ConsistencyOptions {
  /** Whether the URL addresses something this test made (the resource, or anything under it). */
  made(url: string): boolean;
  /** CONSISTENCY_WAIT_S: the longest the waits add up to. */
  waitS: number;
  /** Shows one wait in the report, and waits. */
  wait(title: string, ms: number): Promise<void>;
}

export async function sendUntilVisible(send: Send, request: SentRequest, label: string, options: ConsistencyOptions): Promise<Exchange> {
  let exchange = await send(request, label);
  if (!options.made(request.url)) return exchange;
  let waited = 0;
  for (let next = 1; exchange.response.status === 404 && waited < options.waitS; next *= 2) {
    const seconds = Math.min(next, options.waitS - waited);
    await options.wait(
      `${new URL(request.url).pathname} answered 404 ${Math.round(waited)} s after it was made: waiting ${seconds} s for it to appear (CONSISTENCY_WAIT_S=${options.waitS})`,
      seconds * 1000,
    );
    waited += seconds;
    exchange = await send(request, `${label} (again, after ${Math.round(waited)} s)`);
  }
  return exchange;
}
