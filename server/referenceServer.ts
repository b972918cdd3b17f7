/**
 * The embedded reference server: a target built from the pages alone, so that a fresh clone (or a folder
 * of one's own pages) passes `npx playwright test` with no deployment. `ReferenceService.answer` states
 * what it answers, in this order:
 *
 * 1. `GET /health` (`{"status":"ok","nonce":…}`, so a run knows its own server), and the endpoints of
 *    conditions (the `oauth` token endpoint, the `stateful-leftovers` listing);
 * 2. a path outside the base path (`/beta`): 404; a request without a bearer token: 401;
 *    `{base}/$metadata`: the metadata document, when the server was given one;
 * 3. the collections the documents create in keep state in memory: list and create on the collection;
 *    read, update and delete of a resource it holds. Input is held to the page's types (400 otherwise),
 *    dates are normalised to UTC, a create takes the type its body names in `@odata.type` and starts from
 *    what the documented create response shows;
 * 4. every other documented request (functions, actions, `$ref`, singletons such as `/me`, `$value`,
 *    `delta`, reads of the ids the examples name) gets the documented response of the example that sends
 *    it: same method and segments (a `{placeholder}` must be an id the server holds), the closest query
 *    and body; corrected where the page breaks its own tables, what was sent echoed where it shows it;
 * 5. else 404 (an id nobody created, an undocumented path).
 *
 * Then the switches change the answer (faults and tolerances, for the self-test matrix: the server's
 * own, and those a request names in `x-reference-switches` when allowed), and the conditions (a bad
 * night's throttling, slowness, expiring tokens), which hold for every request.
 *
 * The rooms: collections.ts (which collections keep state), store.ts (the resources held),
 * statefulCollections.ts (answering them), documentedAnswers.ts with documentedResponses.ts and
 * conformingBody.ts (answering from the documents), switchSets.ts (the switches a request is answered
 * with, and their state), serviceMetadata.ts, http.ts (the words of HTTP), httpServer.ts (the plumbing),
 * main.ts (the process and its settings).
 */
import type http from 'node:http';
import type { Suite } from '../src/contracts/loadContracts';
import { matchRoute } from './collections';
import {
  DEFAULT_BODY_BYTES,
  DEFAULT_VISIBILITY_MS,
  DEFAULT_DELAY_MS,
  DEFAULT_TOKEN_TTL_MS,
  StartedConditions,
  type Condition,
  type ConditionSettings,
} from './conditions';
import { failed, graphError, type Answer, type OutgoingResponse, type RequestInfo } from './http';
import { serveHttp, type Reply } from './httpServer';
import { ServedDocuments } from './servedDocuments';
import { isMetadataPath, metadataAnswer, type MetadataDocument } from './serviceMetadata';
import { SwitchSets, type SwitchSet } from './switchSets';
import type { ServerSwitch } from './switches';

export interface ReferenceServerOptions {
  suite: Suite;
  /** Path the documented paths are served under, e.g. `/beta`. */
  basePath?: string;
  /** Faults and tolerances (server/faults.ts, server/tolerances.ts) on for every request. */
  switches?: readonly ServerSwitch[];
  /** The switches a request may add by naming them in `x-reference-switches`; unset, the header is ignored. */
  switchesByHeader?: readonly ServerSwitch[];
  /** Conditions (server/conditions.ts) and their parameters. */
  conditions?: readonly Condition[];
  conditionSettings?: Partial<Omit<ConditionSettings, 'basePath' | 'listResources'>>;
  /** Returned by /health, so a run can tell its own server from another one on the same port. */
  nonce?: string;
  /** Answered at `{base}/$metadata` (a token required, as for any API request); unset, that path is 404. */
  metadata?: MetadataDocument;
}

const notFound = (segments: readonly string[]) =>
  failed(graphError(404, 'ResourceNotFound', `Resource not found for the segment '${segments[segments.length - 1] ?? ''}'.`));

class ReferenceService {
  private readonly documents: ServedDocuments;
  private readonly switchSets: SwitchSets;
  private readonly conditions: StartedConditions;

  constructor(private readonly options: ReferenceServerOptions) {
    const { suite, basePath = '/beta', switches = [], switchesByHeader, conditions = [] } = options;
    this.documents = new ServedDocuments(suite, basePath);
    this.switchSets = new SwitchSets(this.documents, switches, switchesByHeader);
    this.conditions = new StartedConditions(conditions, {
      tokenTtlMs: DEFAULT_TOKEN_TTL_MS,
      delayMs: DEFAULT_DELAY_MS,
      bodyBytes: DEFAULT_BODY_BYTES,
      visibilityMs: DEFAULT_VISIBILITY_MS,
      ...options.conditionSettings,
      basePath,
      listResources: (origin) => this.switchSets.urls(origin),
    });
  }

  /** The response to one request, and how to send it (the conditions' delivery holds for API requests only). */
  async answer(request: RequestInfo): Promise<Reply> {
    if (request.url.pathname === '/health') return { response: this.health() };
    const own = await this.conditions.endpoint(request);
    if (own) return { response: own };
    const chosen = this.switchSets.chosenBy(request);
    if ('refused' in chosen) return { response: chosen.refused };
    const early = this.conditions.before(request);
    const answer = early ? failed(early) : await this.answerApi(chosen.set, request);
    chosen.set.applyTo(answer);
    this.conditions.respond(answer, request);
    // The service root answers at once, as a gateway does while the services behind it hang: the
    // suite's check that the target is there passes, and each test then meets the condition.
    return { response: answer.response, ...(this.documents.isServiceRoot(request.path) ? {} : { delivery: this.conditions.delivery }) };
  }

  /** An API request, answered as the server `set` of switches makes it. */
  private async answerApi(set: SwitchSet, request: RequestInfo): Promise<Answer> {
    const segments = this.documents.segmentsBelowBase(request.path);
    if (!segments) return failed(graphError(404, 'ResourceNotFound', `Not under ${this.documents.basePath}: ${request.path}`));
    const refused = set.behaviour.skipAuth ? undefined : this.conditions.refuseUnauthorised(request);
    if (refused) return failed(refused);
    if (this.options.metadata && isMetadataPath(segments)) return metadataAnswer(this.options.metadata, request);
    const route = matchRoute(this.documents.collections, segments);
    if (route && !route.item) return set.collections.answerCollection(route, segments, request);
    if (route && set.collections.holds(route, segments)) return set.collections.answerItem(route, segments, request);
    const documented = await set.documented.answer(segments, request);
    if (documented) return documented;
    // An item of a stateful collection that nobody created: the collection's 404 (or a switch's "found").
    return route ? set.collections.answerItem(route, segments, request) : notFound(segments);
  }

  private health(): OutgoingResponse {
    const { nonce } = this.options;
    return { status: 200, headers: { 'content-type': 'application/json' }, body: { status: 'ok', ...(nonce && { nonce }) } };
  }
}

/** The reference server over HTTP; `listen` it (port 0 for a free one). */
export function createReferenceServer(options: ReferenceServerOptions): http.Server {
  const service = new ReferenceService(options);
  return serveHttp((request) => service.answer(request));
}
