/**
 * Requests the stateful collections do not answer get the documented response of the example that sends
 * them (documentedResponses.ts matches and builds it); a body that breaks the example's request types is
 * refused first, as the service would (400). A `{placeholder}` matches only an id the store holds.
 */
import type { ContractExample } from '../src/contracts/contractExample';
import { isObject } from '../src/core/json';
import type { Schema } from '../src/schema/buildSchemas';
import { matchRoute } from './collections';
import { documentedBody, documentedResponse, findDocumentedOperations, type DocumentedOperation } from './documentedResponses';
import { failed, type Action, type Answer, type RequestInfo } from './http';
import { parsedOrUndefined, readInput, SENDS_BODY } from './requestInput';
import type { ServedDocuments } from './servedDocuments';
import type { ResourceStore } from './store';
import type { Behaviour } from './switches';

/** What a documented response does, in the words switches and conditions understand. */
function documentedAction(example: ContractExample, status: number): Action {
  switch (example.method) {
    case 'GET':
      return example.expected.body === 'collection' ? 'list' : 'read';
    case 'POST':
      return status === 201 ? 'create' : 'action';
    case 'PATCH':
    case 'PUT':
      return 'update';
    case 'DELETE':
      return 'delete';
    default:
      return 'action';
  }
}

export class DocumentedAnswers {
  constructor(
    private readonly documents: ServedDocuments,
    private readonly store: ResourceStore,
    private readonly behaviour: Behaviour,
  ) {}

  /** The documented examples that send this request, closest first (a body already read is passed as `sent`). */
  find(segments: readonly string[], request: RequestInfo, sent?: unknown): DocumentedOperation[] {
    return findDocumentedOperations(
      this.documents.operations,
      { method: request.method, segments, query: request.url.search, sent },
      (path, index) => this.knownId(path, index),
    );
  }

  /** The documented body of the closest examples, corrected where it breaks the first one's tables (a copy). */
  conformedBody(operations: readonly DocumentedOperation[]): unknown {
    return operations.length
      ? this.documents.conform(
          operations.map((operation) => operation.example),
          documentedBody(operations),
        )
      : undefined;
  }

  /** The documented answer to a request, or undefined when no example sends it. */
  async answer(segments: string[], request: RequestInfo): Promise<Answer | undefined> {
    const text = SENDS_BODY.has(request.method) ? await request.body() : '';
    const sent = parsedOrUndefined(text);
    const operations = this.find(segments, request, sent);
    if (!operations.length) return undefined;
    const { example } = operations[0];
    if (isObject(example.body?.value)) {
      const input = this.readInput(sent, this.documents.schemas.exampleRequestSchema(example));
      if ('rejected' in input) return failed(input.rejected);
    }
    const response = documentedResponse(operations, sent, (examples, body) => this.documents.conform(examples, body));
    const type = example.expected.type ? this.documents.registry.get(example.expected.type) : undefined;
    return {
      response,
      context: { action: documentedAction(example, response.status), ...(type && { type }), ...(sent !== undefined && { sent }) },
    };
  }

  /** A parsed request body held to a schema, as this server's switches hold it (the stateful collections too). */
  readInput(sent: unknown, schema: Schema | undefined) {
    return readInput(sent, schema, { schemas: this.documents.schemas, acceptInvalidInput: this.behaviour.acceptInvalidInput });
  }

  /** Is the segment at `index` an id of a resource the server holds (in the collection its prefix addresses)? */
  private knownId(segments: readonly string[], index: number): boolean {
    const route = matchRoute(this.documents.collections, segments.slice(0, index));
    return Boolean(route && !route.item && this.store.holds(route.collectionPath, segments[index]));
  }
}
