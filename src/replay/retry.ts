/**
 * Throttling and brief unavailability are how real deployments answer under load: `429`, `503` and `504`
 * are retried, waiting what `Retry-After` asks (seconds or an HTTP date), capped by RETRY_MAX_WAIT_S,
 * at most MAX_RETRIES times. No other status is retried.
 */
import type { ReceivedResponse } from '../core/http';
import type { NetworkSettings } from '../config';
import { TargetError } from './errors';

export const RETRIED_STATUSES: readonly number[] = [429, 503, 504];

/** The target kept throttling (or stayed unavailable) after every retry. */
export class ThrottledError extends TargetError {}

/** `Retry-After` in seconds: a number of seconds, or an HTTP date from now; undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | undefined, now = Date.now()): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** How long to wait before retry number `attempt` (1-based): what the target asks, else 1, 2, 4 … s; never past the cap. */
export function retryWaitSeconds(response: ReceivedResponse, attempt: number, network: NetworkSettings, now = Date.now()): number {
  const asked = retryAfterSeconds(response.headers['retry-after'], now);
  return Math.min(asked ?? 2 ** (attempt - 1), network.retryMaxWaitS);
}

const TIMES = ['never', 'once', 'twice', 'three times', 'four times', 'five times'];
const times = (count: number) => TIMES[count] ?? `${count} times`;

/** `throttled: 429 four times, Retry-After 1 s` */
export function throttledMessage(what: string, statuses: readonly number[], lastRetryAfter: string | undefined): string {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  const said = [...counts].map(([status, count]) => `${status} ${times(count)}`).join(', ');
  const kind = statuses.every((status) => status === 429) ? 'throttled' : 'unavailable';
  const after =
    lastRetryAfter === undefined
      ? 'no Retry-After'
      : `Retry-After ${/^\d+(\.\d+)?$/.test(lastRetryAfter.trim()) ? `${lastRetryAfter.trim()} s` : lastRetryAfter.trim()}`;
  return `${kind}: ${said}, ${after} (${what}; MAX_RETRIES and RETRY_MAX_WAIT_S set the patience)`;
}
