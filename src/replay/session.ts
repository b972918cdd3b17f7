/**
 * One conversation with the target: the token added only for BASE_URL's origin, renewed once when the
 * target answers 401, `429`/`503`/`504` retried as the target asks (each wait a step of its own), every
 * message the run writes cleared of secrets. The report's side (steps, attachments) comes in as hooks,
 * so this stays plain code.
 */
import { randomUUID } from 'node:crypto';
import type { NetworkSettings, Settings } from '../config';
import type { ReceivedResponse, SentRequest } from '../core/http';
import { TargetError } from './errors';
import { redactSecrets } from './redact';
import { RETRIED_STATUSES, retryWaitSeconds, ThrottledError, throttledMessage } from './retry';
import { createTokenProvider, type TokenProvider } from './tokens';
import { sendHttp, TransportError } from './transport';

export interface SessionOptions {
  baseURL: string;
  network: NetworkSettings;
  ignoreHTTPSErrors: boolean;
}

export interface SessionHooks {
  /** Shows a pause in the report (`retry 1/3 after 429: waiting 1 s`). */
  step<T>(title: string, body: () => Promise<T>): Promise<T>;
}

/** A request that would carry the token outside BASE_URL's origin: refused, and said so. */
export class ForeignOriginError extends TargetError {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class Session {
  readonly origin: string;

  /** The session the settings describe: their target, their token source, their patience. */
  static fromSettings(settings: Settings, network: NetworkSettings = settings.network): Session {
    const tokens = createTokenProvider(settings.auth, {
      timeoutMs: network.requestTimeoutMs,
      ignoreHTTPSErrors: settings.ignoreHTTPSErrors,
    });
    return new Session({ baseURL: settings.baseURL, network, ignoreHTTPSErrors: settings.ignoreHTTPSErrors }, tokens);
  }

  constructor(
    private readonly options: SessionOptions,
    private readonly tokens: TokenProvider,
  ) {
    this.origin = new URL(options.baseURL).origin;
  }

  /** The same target and token source (one token for both) with other patience: the runner's one-try probe. */
  withNetwork(network: NetworkSettings): Session {
    return new Session({ ...this.options, network }, this.tokens);
  }

  sameOrigin(url: string): boolean {
    try {
      return new URL(url).origin === this.origin;
    } catch {
      return false;
    }
  }

  redact(text: string): string {
    return redactSecrets(text, this.tokens.secrets());
  }

  /** Gives the request its `client-request-id` (a fresh one each), so that a failure can be traced on the service. */
  prepare(request: SentRequest): SentRequest {
    const has = Object.keys(request.headers).some((name) => name.toLowerCase() === 'client-request-id');
    return has ? request : { ...request, headers: { ...request.headers, 'client-request-id': randomUUID() } };
  }

  async exchange(request: SentRequest, hooks: SessionHooks): Promise<ReceivedResponse> {
    if (request.authorize && !this.sameOrigin(request.url)) {
      throw new ForeignOriginError(
        `not sent: ${request.method} ${request.url} is outside BASE_URL's origin (${this.origin}), and the token goes nowhere else`,
      );
    }
    const what = `${request.method} ${request.url}`;
    const statuses: number[] = [];
    let token = request.authorize ? await this.tokens.current() : undefined;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const response = await this.send(request, token);
      if (response.status === 401 && token !== undefined && !renewed) {
        renewed = true;
        const fresh = await this.tokens.renew(token);
        if (fresh !== undefined) {
          token = await hooks.step('the target answered 401: token renewed, request sent again', () => Promise.resolve(fresh));
          attempt--;
          continue;
        }
      }
      if (!RETRIED_STATUSES.includes(response.status)) return response;
      statuses.push(response.status);
      if (attempt > this.options.network.maxRetries)
        throw new ThrottledError(this.redact(throttledMessage(what, statuses, response.headers['retry-after'])));
      const wait = retryWaitSeconds(response, attempt, this.options.network);
      await hooks.step(
        `retry ${attempt}/${this.options.network.maxRetries} after ${response.status}: waiting ${Number(wait.toFixed(1))} s`,
        () => sleep(wait * 1000),
      );
    }
  }

  private async send(request: SentRequest, token: string | undefined): Promise<ReceivedResponse> {
    const headers = { ...request.headers, ...(token !== undefined ? { Authorization: `Bearer ${token}` } : {}) };
    try {
      return await sendHttp(
        { method: request.method, url: request.url, headers, ...(request.body !== undefined ? { body: request.body } : {}) },
        {
          timeoutMs: this.options.network.requestTimeoutMs,
          ignoreHTTPSErrors: this.options.ignoreHTTPSErrors,
          maxBodyBytes: this.options.network.maxBodyBytes,
        },
      );
    } catch (error) {
      if (error instanceof TransportError) throw new TransportError(this.redact(error.message));
      throw error;
    }
  }
}
