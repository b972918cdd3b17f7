/**
 * Bearer tokens for unattended runs: a static API_TOKEN, OAuth 2.0 client credentials (renewed before
 * `expires_in` runs out, and once more when the target answers 401), or API_TOKEN_COMMAND (re-run when
 * the target rejects the token). One provider per worker, so tests share a token instead of each
 * asking the token endpoint. Every token it ever held is a secret the redactor hides.
 */
import { exec } from 'node:child_process';
import type { TokenSource } from '../config';
import { isObject } from '../core/json';
import { sendHttp, TransportError } from './transport';

/** The token source refused: the run cannot go on (one line, exit code 2 before any test). */
export class TokenError extends Error {}

export interface TokenProvider {
  /** A token that is not about to expire. */
  current(): Promise<string>;
  /** After the target rejected `rejected`: a new one, or undefined when this source cannot renew. */
  renew(rejected: string): Promise<string | undefined>;
  /** Every value that must never be shown: tokens held so far, the client secret. */
  secrets(): string[];
}

interface Held {
  token: string;
  /** Epoch ms after which the token is renewed before use; Infinity when the source gives no expiry. */
  renewAt: number;
}

/** Renew when this much of the lifetime is left: a minute, or half of a short-lived token's life. */
const margin = (lifetimeMs: number) => Math.min(60_000, lifetimeMs / 2);

async function requestOAuthToken(
  source: Extract<TokenSource, { kind: 'oauth' }>,
  timeoutMs: number,
  ignoreHTTPSErrors: boolean,
): Promise<Held> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: source.clientId,
    client_secret: source.clientSecret,
    scope: source.scope,
  });
  const where = `token endpoint ${source.tokenUrl}`;
  let response;
  try {
    response = await sendHttp(
      {
        method: 'POST',
        url: source.tokenUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      },
      { timeoutMs, ignoreHTTPSErrors, maxBodyBytes: 1_000_000 },
    );
  } catch (error) {
    throw new TokenError(`${where}: ${error instanceof TransportError ? error.message.replace(/^POST \S+: /, '') : String(error)}`);
  }
  const body = isObject(response.json) ? response.json : {};
  if (response.status !== 200 || typeof body.access_token !== 'string' || !body.access_token) {
    const code = typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
    const description = typeof body.error_description === 'string' ? `: ${body.error_description.split(/\r?\n/)[0]}` : '';
    throw new TokenError(`${where} refused the client credentials: ${code}${description}`);
  }
  const lifetimeMs = Number(body.expires_in) > 0 ? Number(body.expires_in) * 1000 : 3_600_000;
  return { token: body.access_token, renewAt: Date.now() + lifetimeMs - margin(lifetimeMs) };
}

function runTokenCommand(command: string, timeoutMs: number): Promise<Held> {
  return new Promise((resolve, reject) => {
    exec(command, { timeout: timeoutMs, maxBuffer: 1_000_000, windowsHide: true }, (error, stdout, stderr) => {
      const token = stdout.trim().replace(/^Bearer\s+/i, '');
      if (error || !token) {
        // stderr may help the user; the token is on stdout, which is never shown.
        const why = error
          ? error.killed
            ? `did not finish within ${timeoutMs / 1000} s`
            : `exited with code ${error.code ?? '?'}`
          : 'printed no token';
        const detail = stderr.trim().split(/\r?\n/)[0];
        reject(new TokenError(`API_TOKEN_COMMAND ${why}${detail ? `: ${detail.slice(0, 200)}` : ''}`));
        return;
      }
      resolve({ token, renewAt: Number.POSITIVE_INFINITY });
    });
  });
}

export function createTokenProvider(source: TokenSource, options: { timeoutMs: number; ignoreHTTPSErrors: boolean }): TokenProvider {
  const seen = new Set<string>(source.kind === 'oauth' ? [source.clientSecret] : source.kind === 'static' ? [source.token] : []);
  let held: Held | undefined = source.kind === 'static' ? { token: source.token, renewAt: Number.POSITIVE_INFINITY } : undefined;
  let pending: Promise<Held> | undefined;
  const obtain = () => {
    // Concurrent callers share one request to the token endpoint.
    pending ??= (
      source.kind === 'oauth'
        ? requestOAuthToken(source, options.timeoutMs, options.ignoreHTTPSErrors)
        : runTokenCommand((source as { command: string }).command, options.timeoutMs)
    )
      .then((fresh) => {
        seen.add(fresh.token);
        held = fresh;
        return fresh;
      })
      .finally(() => (pending = undefined));
    return pending;
  };
  return {
    async current() {
      if (held && Date.now() < held.renewAt) return held.token;
      return (await obtain()).token;
    },
    async renew(rejected) {
      if (source.kind === 'static') return undefined;
      // Another test may have renewed it already.
      if (held && held.token !== rejected) return held.token;
      return (await obtain()).token;
    },
    secrets: () => [...seen],
  };
}
