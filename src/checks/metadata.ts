import { isObject, escapePointer } from '../core/json';
import { describeValue } from '../core/values';
import { describeTypeUse } from '../metadata/lookup';
import type { Violation } from '../core/violations';
import type { Contract } from '../contracts/contractExample';
import type { PathResolution } from '../metadata/resolvePath';
import { schemaViolations } from '../schema/describeErrors';
import { kept, notApplicable, outcomeOf, responseLine, type Check } from './types';

/** Whether the response holds a collection: a create (POST to a collection) and an update answer one member of it. */
export const answersCollection = (resolved: PathResolution, contract: Pick<Contract, 'method'>): boolean =>
  resolved.resolved && resolved.collection && (resolved.addresses !== 'collection' || contract.method === 'GET');

/**
 * The body keeps the type the service's own `$metadata` declares for the path (inheritance flattened,
 * aliases resolved, nullability as declared, enum members; a derived type named by `@odata.type` held to
 * that type; open types allow more). Presence is the pages' promise: the metadata requires nothing.
 */
export const metadata: Check = {
  name: 'metadata',
  readsBody: true,
  listedFor: (contract) => contract.kind === 'documented',
  promise: (contract) => `the service's $metadata (${contract.path.template?.path ?? `/${contract.path.segments.join('/')}`})`,
  documentedAt: responseLine,
  whyNotApplicable: (contract) =>
    contract.expected.expectError
      ? 'the example documents an error response'
      : contract.expected.body === 'none'
        ? 'the documents show no response body'
        : undefined,
  verify({ contract, exchange: { response }, metadata: service, metadataNote }) {
    if (!service) return notApplicable(metadataNote ?? 'no service metadata');
    const resolved = service.resolve(contract);
    if (!resolved.resolved) return notApplicable(`the metadata does not resolve this path: ${resolved.reason} (docs:check lists it)`);
    if (!resolved.type || ['reference', 'value', 'count'].includes(resolved.addresses))
      return notApplicable(`the path addresses ${resolved.type ? `a ${resolved.addresses}` : 'nothing with a declared type'}`);
    if (response.json === undefined) return notApplicable('the response body is not JSON');
    const collection = answersCollection(resolved, contract);
    // A collection, or a primitive a function returns, comes wrapped in `value` (OData JSON).
    const wrapped = collection || resolved.type.startsWith('Edm.');
    const holder = wrapped ? (contract.expected.collectionProperty ?? 'value') : undefined;
    const value = holder === undefined ? response.json : isObject(response.json) ? response.json[holder] : undefined;
    const at = holder === undefined ? '' : `/${escapePointer(holder)}`;
    if (holder !== undefined && value === undefined) {
      const missing: Violation = {
        path: at,
        expected: describeTypeUse({ type: resolved.type, collection }),
        actual: describeValue(response.json),
        note: `the metadata declares ${describeTypeUse({ type: resolved.type, collection })}, wrapped in "${holder}"`,
      };
      return outcomeOf([missing]);
    }
    const errors = service.errors({ type: resolved.type, collection }, value);
    if (!errors.length) return kept;
    return outcomeOf(schemaViolations(errors.map((error) => ({ ...error, pointer: at + error.pointer }))));
  },
};
