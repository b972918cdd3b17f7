/** The wait for what a test just made to become visible (CONSISTENCY_WAIT_S), with a target answering 404 for a while. */
import { expect, test } from '@playwright/test';
import type { Exchange, SentRequest } from '../../src/core/http';
import { sendUntilVisible } from '../../src/replay/consistency';
import { addressesMade } from '../../src/replay/created';

const made = 'https://t.example/beta/users/u1';
const request = (url: string): SentRequest => ({ method: 'GET', url, headers: {}, authorize: true });

/** A target that answers 404 to the first `misses` requests, then 200. */
function target(misses: number) {
  const sent: string[] = [];
  const send = (req: SentRequest, label: string): Promise<Exchange> => {
    sent.push(label);
    const status = sent.length <= misses ? 404 : 200;
    return Promise.resolve({ request: req, response: { status, statusText: '', headers: {}, body: '' } });
  };
  return { send, sent };
}

test('a 404 from what the test made is asked again after 1, 2, 4 s (each wait shown) until it appears', async () => {
  const { send, sent } = target(3);
  const waits: [string, number][] = [];
  const exchange = await sendUntilVisible(send, request(`${made}/memberOf`), 'replay', {
    made: (url) => addressesMade(url, [made]),
    waitS: 30,
    wait: (title, ms) => (waits.push([title, ms]), Promise.resolve()),
  });
  expect(exchange.response.status).toBe(200);
  expect(waits.map(([, ms]) => ms)).toEqual([1000, 2000, 4000]);
  expect(waits[1][0]).toBe(
    '/beta/users/u1/memberOf answered 404 1 s after it was made: waiting 2 s for it to appear (CONSISTENCY_WAIT_S=30)',
  );
  expect(sent).toEqual(['replay', 'replay (again, after 1 s)', 'replay (again, after 3 s)', 'replay (again, after 7 s)']);
});

test('the waits add up to CONSISTENCY_WAIT_S at most; then the 404 stands', async () => {
  const { send } = target(100);
  const waits: number[] = [];
  const exchange = await sendUntilVisible(send, request(made), 'replay', {
    made: () => true,
    waitS: 10,
    wait: (_title, ms) => (waits.push(ms), Promise.resolve()),
  });
  expect(exchange.response.status).toBe(404);
  expect(waits).toEqual([1000, 2000, 4000, 3000]);
});

test('a 404 from anything the test did not make is the answer at once; CONSISTENCY_WAIT_S=0 waits for nothing', async () => {
  for (const [url, waitS] of [
    ['https://t.example/beta/users/other', 30],
    [made, 0],
  ] as const) {
    const { send, sent } = target(1);
    const exchange = await sendUntilVisible(send, request(url), 'replay', {
      made: (u) => addressesMade(u, [made]),
      waitS,
      wait: () => Promise.reject(new Error('no wait expected')),
    });
    expect([exchange.response.status, sent.length]).toEqual([404, 1]);
  }
});

test('what a test made is the resource and anything under it, query and case aside; not a sibling with a longer id', () => {
  expect(addressesMade(`${made}?$select=id`, [made])).toBe(true);
  expect(addressesMade(`${made.toUpperCase()}/manager/$ref`, [made])).toBe(true);
  expect(addressesMade(`${made}2`, [made])).toBe(false);
});
