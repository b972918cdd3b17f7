/**
 * Conditions: how a real deployment behaves on a bad night (OAuth tokens that expire, throttling,
 * outages, slowness, hanging sockets, leaky or odd responses). They are targets for testing the
 * suite's client, not faults in a documented promise; the server applies the ones named in
 * REFERENCE_CONDITIONS. Each is deterministic: the same requests get the same answers.
 *
 * A condition is started once per server (`start`), so state such as issued tokens or the paths
 * already throttled belongs to that server alone. Conditions hold for every request: unlike faults and
 * tolerances, a request cannot choose them in `x-reference-switches`.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isObject } from '../src/core/json';
import { graphError, jsonResponse, type Answer, type AnswerContext, type Delivery, type OutgoingResponse, type RequestInfo } from './http';

/** What the answer did, and the request it answered (conditions get the answer's context as it is). */
export interface ConditionContext extends AnswerContext {
  request: RequestInfo;
}

export interface ConditionHooks {
  /** Answers a request of the condition's own (token endpoint, debug listing); undefined passes it on. */
  endpoint?(request: RequestInfo): Promise<OutgoingResponse | undefined>;
  /** Answers an API request before the server looks at it (throttling); undefined passes it on. */
  before?(request: RequestInfo): OutgoingResponse | undefined;
  /** Replaces the bearer-token check: undefined accepts the request, a response refuses it. */
  authorize?(request: RequestInfo): OutgoingResponse | undefined;
  /** Changes an API response about to be sent (after the fault and tolerance switches). */
  respond?(response: OutgoingResponse, context: ConditionContext): void;
  delivery?: Delivery;
}

export interface ConditionSettings {
  /** REFERENCE_TOKEN_TTL_MS: how long a token issued by `oauth` is accepted. */
  tokenTtlMs: number;
  /** REFERENCE_DELAY_MS: how long `slow` waits before each API response. */
  delayMs: number;
  /** REFERENCE_BODY_BYTES: how large `huge-bodies` makes every JSON body. */
  bodyBytes: number;
  /** REFERENCE_VISIBILITY_MS: how long `eventual-consistency` answers 404 for a resource just made. */
  visibilityMs: number;
  /** Path the API is served under, e.g. `/beta`. */
  basePath: string;
  /** Absolute URLs of every stored resource, for the `stateful-leftovers` listing. */
  listResources(origin: string): string[];
}

export interface Condition {
  name: string;
  description: string;
  start(settings: ConditionSettings): ConditionHooks;
}

export const DEFAULT_TOKEN_TTL_MS = 3_600_000;
export const DEFAULT_DELAY_MS = 300;
/** 50 MiB: far past MAX_BODY_BYTES, as a target gone wrong might answer. */
export const DEFAULT_BODY_BYTES = 50 * 1024 * 1024;
/** 2.5 s: a few seconds, as directory objects take to appear on every replica. */
export const DEFAULT_VISIBILITY_MS = 2_500;
export const OAUTH_CLIENT_ID = 'reference-client';
/** The reference server's test credential: known to every clone, it protects nothing. */
export const OAUTH_CLIENT_SECRET = 'reference-secret';
export const TOKEN_PATH = /^(?:\/[^/]+)?\/oauth2\/v2\.0\/token$/i;
export const RESOURCES_PATH = '/__reference/resources';

/** Entra ID's error shape for the token endpoint. */
const tokenError = (status: number, error: string, description: string) => jsonResponse(status, { error, error_description: description });

/** client_id and client_secret from the form or from HTTP Basic (both are allowed by RFC 6749). */
function clientCredentials(form: URLSearchParams, headers: IncomingHttpHeaders): { id?: string; secret?: string } {
  const basic = /^Basic\s+(\S+)/i.exec(headers.authorization ?? '');
  if (basic) {
    const [id, ...rest] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    return { id: decodeURIComponent(id), secret: decodeURIComponent(rest.join(':')) };
  }
  return { id: form.get('client_id') ?? undefined, secret: form.get('client_secret') ?? undefined };
}

function oauth(settings: ConditionSettings): ConditionHooks {
  /** Issue time of every token handed out. */
  const issued = new Map<string, number>();
  const refuse = (message: string) => {
    const response = graphError(401, 'InvalidAuthenticationToken', message);
    response.headers['www-authenticate'] = 'Bearer error="invalid_token"';
    return response;
  };
  return {
    async endpoint(request) {
      if (!TOKEN_PATH.test(request.path)) return undefined;
      if (request.method !== 'POST') return tokenError(405, 'invalid_request', 'AADSTS900561: The endpoint only accepts POST requests.');
      const form = new URLSearchParams(await request.body());
      const grant = form.get('grant_type');
      if (!grant)
        return tokenError(400, 'invalid_request', "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
      if (grant !== 'client_credentials')
        return tokenError(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.');
      const client = clientCredentials(form, request.headers);
      if (client.id !== OAUTH_CLIENT_ID) {
        return tokenError(
          400,
          'unauthorized_client',
          `AADSTS700016: Application with identifier '${client.id ?? ''}' was not found in the directory.`,
        );
      }
      if (client.secret !== OAUTH_CLIENT_SECRET) return tokenError(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
      if (!form.get('scope'))
        return tokenError(400, 'invalid_request', "AADSTS90014: The required field 'scope' is missing from the credential.");
      const token = randomBytes(32).toString('base64url');
      issued.set(token, Date.now());
      return jsonResponse(200, {
        token_type: 'Bearer',
        expires_in: Math.ceil(settings.tokenTtlMs / 1000),
        ext_expires_in: Math.ceil(settings.tokenTtlMs / 1000),
        access_token: token,
      });
    },
    authorize(request) {
      const token = /^Bearer\s+(\S+)/i.exec(request.headers.authorization ?? '')?.[1];
      if (!token) return refuse('Access token is empty.');
      const at = issued.get(token);
      if (at === undefined) return refuse('Access token validation failure. Invalid audience.');
      if (Date.now() - at > settings.tokenTtlMs) return refuse('Access token has expired or is not yet valid.');
      return undefined;
    },
  };
}

/** The first request to each method and path gets `answer`; later ones are served. */
function onceEach(answer: () => OutgoingResponse) {
  return (): ConditionHooks => {
    const seen = new Set<string>();
    return {
      before(request) {
        const key = `${request.method} ${request.path.toLowerCase()}`;
        if (seen.has(key)) return undefined;
        seen.add(key);
        return answer();
      },
    };
  };
}

function withHeader(response: OutgoingResponse, name: string, value: string): OutgoingResponse {
  response.headers[name] = value;
  return response;
}

const throttled = () =>
  withHeader(graphError(429, 'TooManyRequests', 'Too many requests. Retry after the time given in Retry-After.'), 'retry-after', '1');
/** An HTTP date at least one second ahead (HTTP dates have whole seconds). */
const oneSecondAhead = () => new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000).toUTCString();
const unavailable = () =>
  withHeader(graphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.'), 'retry-after', oneSecondAhead());

function reflectToken(): ConditionHooks {
  return {
    respond(response, { request }) {
      const value = request.headers.authorization;
      if (value === undefined) return;
      response.headers['x-echo-authorization'] = value;
      const body = response.body;
      if (!isObject(body)) return;
      if (isObject(body.error)) body.error.message = `${String(body.error.message)} (Authorization: ${value})`;
      else if (Array.isArray(body.value)) {
        for (const item of body.value) if (isObject(item)) item.echoedAuthorization = value;
      } else body.echoedAuthorization = value;
    },
  };
}

function foreignNextLink(): ConditionHooks {
  return {
    respond(response, { action, collectionUrl, request }) {
      if (action !== 'list' || !collectionUrl || !isObject(response.body)) return;
      const next = new URL(collectionUrl);
      // Another origin, still on this machine's loopback: never a real host.
      next.hostname = '127.0.0.2';
      next.port = String(request.localPort);
      next.search = '?$skiptoken=reference-page-2';
      response.body['@odata.nextLink'] = next.toString();
    },
  };
}

function resourceListing(settings: ConditionSettings): ConditionHooks {
  return {
    endpoint(request) {
      if (request.path !== RESOURCES_PATH || request.method !== 'GET') return Promise.resolve(undefined);
      return Promise.resolve(jsonResponse(200, { resources: settings.listResources(request.url.origin) }));
    },
  };
}

/** Every JSON body made `bodyBytes` long by a `padding` member in front (built once, reused). */
function hugeBodies(settings: ConditionSettings): ConditionHooks {
  let padding: string | undefined;
  return {
    respond(response) {
      if (!isObject(response.body)) return;
      padding ??= 'x'.repeat(Math.max(0, settings.bodyBytes));
      const rest = JSON.stringify(response.body).slice(1);
      response.text = `{"padding":"${padding}"${rest === '}' ? '' : ','}${rest}`;
    },
  };
}

/**
 * A resource made is not visible at once (directory objects take seconds to reach every replica): a request
 * addressing it, or anything under it, answers 404 until REFERENCE_VISIBILITY_MS have passed since its create.
 */
function eventualConsistency(settings: ConditionSettings): ConditionHooks {
  const madeAt = new Map<string, number>();
  return {
    before(request) {
      const path = request.url.pathname.replace(/\/+$/, '').toLowerCase();
      for (const [item, at] of madeAt) {
        // Past the window an entry can never match again: forgotten, so a request does not walk every resource ever made.
        if (!(Date.now() - at < settings.visibilityMs)) madeAt.delete(item);
        else if (path === item || path.startsWith(`${item}/`))
          return graphError(
            404,
            'Request_ResourceNotFound',
            `Resource '${item.split('/').pop() ?? ''}' does not exist or one of its queried reference-property objects are not present.`,
          );
      }
      return undefined;
    },
    respond(_response, { action, itemUrl }) {
      if (action === 'create' && itemUrl) madeAt.set(new URL(itemUrl).pathname.toLowerCase(), Date.now());
    },
  };
}

function asyncCreate(): ConditionHooks {
  return {
    respond(response, { action, itemUrl }) {
      if (action !== 'create' || !itemUrl) return;
      response.status = 202;
      response.headers = { location: itemUrl };
      delete response.body;
      delete response.text;
    },
  };
}

export const CONDITIONS: readonly Condition[] = [
  {
    name: 'oauth',
    description: `client-credentials tokens from POST /oauth2/v2.0/token (${OAUTH_CLIENT_ID}); API requests accept only those, until REFERENCE_TOKEN_TTL_MS`,
    start: oauth,
  },
  {
    name: 'throttle-once',
    description: 'the first request to each method and path answers 429 with Retry-After: 1',
    start: onceEach(throttled),
  },
  {
    name: 'unavailable-once',
    description: 'the first request to each method and path answers 503 with Retry-After as an HTTP date',
    start: onceEach(unavailable),
  },
  { name: 'always-throttle', description: 'every API request answers 429 with Retry-After: 1', start: () => ({ before: throttled }) },
  {
    name: 'slow',
    description: 'every API response waits REFERENCE_DELAY_MS (300 ms)',
    start: (settings) => ({ delivery: { delayMs: settings.delayMs } }),
  },
  {
    name: 'hang',
    description: 'API requests are never answered (/health and the service root still are)',
    start: () => ({ delivery: { hang: true } }),
  },
  {
    name: 'stall-body',
    description: 'API responses send their headers, then never the body',
    start: () => ({ delivery: { stallBody: true } }),
  },
  {
    name: 'reflect-token',
    description: 'the Authorization header comes back in x-echo-authorization and in the body',
    start: reflectToken,
  },
  {
    name: 'foreign-next-link',
    description: 'collection responses carry an @odata.nextLink to another origin (127.0.0.2)',
    start: foreignNextLink,
  },
  {
    name: 'stateful-leftovers',
    description: `GET ${RESOURCES_PATH} lists every stored resource (no token needed)`,
    start: resourceListing,
  },
  { name: 'huge-bodies', description: 'every JSON body padded to REFERENCE_BODY_BYTES (default 50 MiB)', start: hugeBodies },
  { name: 'async-create', description: 'creates answer 202 Accepted, no body, Location: the new resource', start: asyncCreate },
  {
    name: 'eventual-consistency',
    description: 'a resource just made answers 404 for REFERENCE_VISIBILITY_MS (default 2500), as directory objects do',
    start: eventualConsistency,
  },
];

/** The conditions started for one server, asked in turn. */
export class StartedConditions {
  private readonly hooks: ConditionHooks[];
  /** How API responses leave the server (hooks later in the list win). */
  readonly delivery: Delivery;

  constructor(conditions: readonly Condition[], settings: ConditionSettings) {
    this.hooks = conditions.map((condition) => condition.start(settings));
    this.delivery = this.hooks.reduce<Delivery>((merged, hook) => ({ ...merged, ...hook.delivery }), {});
  }

  /** The answer of a condition's own endpoint (token endpoint, listing), if the request is for one. */
  async endpoint(request: RequestInfo): Promise<OutgoingResponse | undefined> {
    for (const hook of this.hooks) {
      const own = await hook.endpoint?.(request);
      if (own) return own;
    }
    return undefined;
  }

  /** A condition's answer before the server looks at the request (throttling); every hook sees the request. */
  before(request: RequestInfo): OutgoingResponse | undefined {
    return this.hooks.map((hook) => hook.before?.(request)).find(Boolean);
  }

  /** The 401 for a request without an acceptable token: a condition's check (oauth), else any bearer token passes. */
  refuseUnauthorised(request: RequestInfo): OutgoingResponse | undefined {
    const checks = this.hooks.flatMap((hook) => (hook.authorize ? [hook.authorize.bind(hook)] : []));
    if (checks.length) return checks.map((authorize) => authorize(request)).find(Boolean);
    return /^Bearer\s+\S+/i.test(request.headers.authorization ?? '')
      ? undefined
      : graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  }

  /** Changes an API answer about to be sent. */
  respond({ response, context }: Answer, request: RequestInfo): void {
    for (const hook of this.hooks) hook.respond?.(response, { ...context, request });
  }
}
