/**
 * The HTTP plumbing around a service that answers requests: Node's `http.Server`, a request read into a
 * `RequestInfo`, a response serialised and written as its delivery says (at once, late, never, or the
 * headers without the body). A service that throws has a bug: 500, and the error on stderr.
 */
import http from 'node:http';
import type { Delivery, OutgoingResponse, RequestInfo } from './http';

/** What a service gives for one request: the response, and how to send it. */
export interface Reply {
  response: OutgoingResponse;
  delivery?: Delivery;
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function requestInfo(request: http.IncomingMessage): RequestInfo {
  let body: Promise<string> | undefined;
  const url = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`);
  return {
    method: (request.method ?? 'GET').toUpperCase(),
    path: decodeURIComponent(url.pathname),
    url,
    headers: request.headers,
    localPort: request.socket.localPort ?? 0,
    // Read once, whoever asks first: a request may be offered to more than one room.
    body: () => (body ??= readBody(request)),
  };
}

function serialise(response: OutgoingResponse): string | Buffer {
  return (
    response.bytes ??
    response.text ??
    (response.body === undefined ? '' : JSON.stringify(response.body, null, response.pretty ? 2 : undefined))
  );
}

function writeResponse(reply: http.ServerResponse, { response, delivery = {} }: Reply): void {
  if (delivery.hang) return;
  const send = () => {
    const text = serialise(response);
    const headers = { 'odata-version': '4.0', ...response.headers };
    if (delivery.stallBody) {
      reply.writeHead(response.status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
      reply.flushHeaders();
      return;
    }
    reply.writeHead(response.status, headers);
    reply.end(text);
  };
  if (delivery.delayMs) setTimeout(send, delivery.delayMs);
  else send();
}

/** An `http.Server` answering every request with `answer`. */
export function serveHttp(answer: (request: RequestInfo) => Promise<Reply>): http.Server {
  return http.createServer((raw, reply) => {
    // Parsed inside the promise: a request URL that cannot be decoded is answered 500 as before, not a crash.
    Promise.resolve()
      .then(() => answer(requestInfo(raw)))
      .then((answered) => writeResponse(reply, answered))
      .catch((error: unknown) => {
        process.stderr.write(
          `reference server: internal error (a bug) answering ${raw.method} ${raw.url}: ${(error as Error).stack ?? String(error)}\n`,
        );
        reply.writeHead(500, { 'content-type': 'application/json' });
        reply.end(JSON.stringify({ error: { code: 'InternalServerError', message: String(error) } }));
      });
  });
}
