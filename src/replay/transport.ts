/**
 * Sending one HTTP request and reading its answer, with Node's own http/https (no browser, no call
 * log that could print a header): a deadline for the whole exchange, a bound on how much of a body is
 * kept, strict UTF-8, and failures that read as one line (`POST https://…: connection refused`).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { invalidUtf8Offset, parseJsonText, type ReceivedResponse } from '../core/http';
import { TargetError } from './errors';

/** The target could not be reached or did not answer in time: one line, no stack. */
export class TransportError extends TargetError {}

export interface TransportOptions {
  timeoutMs: number;
  ignoreHTTPSErrors?: boolean;
  /** Bytes of a body kept (the rest is counted and hashed, not kept). */
  maxBodyBytes?: number;
}

export interface OutgoingHttp {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the target',
  EPIPE: 'connection closed by the target',
  ENOTFOUND: 'host not found (DNS)',
  EAI_AGAIN: 'host name lookup failed (DNS)',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate (IGNORE_HTTPS_ERRORS=1 accepts it)',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in the chain (IGNORE_HTTPS_ERRORS=1 accepts it)',
  CERT_HAS_EXPIRED: 'the TLS certificate has expired',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the TLS certificate does not name this host',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the TLS certificate cannot be verified (IGNORE_HTTPS_ERRORS=1 accepts it)',
};

export function describeNetworkError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return (code && CAUSES[code]) ?? (code ? `${code}` : ((error as Error).message ?? String(error)));
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

export function sendHttp(outgoing: OutgoingHttp, options: TransportOptions): Promise<ReceivedResponse> {
  const url = new URL(outgoing.url);
  const client = url.protocol === 'https:' ? https : http;
  const what = `${outgoing.method} ${url.href}`;
  const limit = options.maxBodyBytes ?? Number.POSITIVE_INFINITY;
  return new Promise<ReceivedResponse>((resolve, reject) => {
    let headersArrived = false;
    let settled = false;
    const fail = (reason: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      reject(new TransportError(`${what}: ${reason}`));
    };
    const timer = setTimeout(
      () =>
        fail(
          headersArrived
            ? `body stalled after headers (not complete within ${seconds(options.timeoutMs)}, REQUEST_TIMEOUT_MS)`
            : `no response within ${seconds(options.timeoutMs)} (REQUEST_TIMEOUT_MS)`,
        ),
      options.timeoutMs,
    );
    const body = outgoing.body === undefined ? undefined : Buffer.from(outgoing.body, 'utf8');
    const request = client.request(
      url,
      {
        method: outgoing.method,
        headers: { ...outgoing.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        ...(url.protocol === 'https:' ? { rejectUnauthorized: !options.ignoreHTTPSErrors } : {}),
      },
      (response) => {
        headersArrived = true;
        const kept: Buffer[] = [];
        let keptBytes = 0;
        let size = 0;
        const hash = createHash('sha256');
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          hash.update(chunk);
          if (keptBytes < limit) {
            const part = keptBytes + chunk.length > limit ? chunk.subarray(0, limit - keptBytes) : chunk;
            kept.push(part);
            keptBytes += part.length;
          }
        });
        response.on('error', (error) => fail(describeNetworkError(error)));
        response.on('aborted', () => fail('the target closed the connection in the middle of the body'));
        response.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const bytes = Buffer.concat(kept);
          const truncated = size > keptBytes;
          // A cut body may end inside a character: only the whole body can be judged.
          const invalidAt = truncated ? undefined : invalidUtf8Offset(bytes);
          const text = bytes.toString('utf8');
          const json = truncated || invalidAt !== undefined ? undefined : parseJsonText(text);
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers))
            if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
          resolve({
            status: response.statusCode ?? 0,
            statusText: response.statusMessage ?? '',
            headers,
            body: text,
            ...(json !== undefined ? { json } : {}),
            size,
            ...(truncated ? { truncated, sha256: hash.digest('hex') } : {}),
            ...(invalidAt !== undefined ? { invalidUtf8At: invalidAt } : {}),
          });
        });
      },
    );
    request.on('error', (error) => fail(describeNetworkError(error)));
    request.end(body);
  });
}
