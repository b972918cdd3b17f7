import { isObject } from '../core/json';
import { simpleTypeName } from '../core/odata';
import { describeValue } from '../core/values';
import { kept, notApplicable, responseLine, outcomeOf, type Check } from './types';

/** `#microsoft.graph.ipSecurityProfile` and `microsoft.graph.ipsecurityprofile` name the same type. */
function sameTypeName(a: string, b: string): boolean {
  const [x, y] = [a, b].map((name) => name.trim().replace(/^#/, '').toLowerCase());
  // A page may give the type unqualified; then only the simple names can be compared.
  return x === y || ((!x.includes('.') || !y.includes('.')) && simpleTypeName(x) === simpleTypeName(y));
}

/** Both names in one namespace, or one of them unqualified (then the documents cannot say otherwise). */
function sameNamespace(a: string, b: string): boolean {
  const [x, y] = [a, b].map((name) => name.trim().replace(/^#/, '').toLowerCase().split('.').slice(0, -1).join('.'));
  return !x || !y || x === y;
}

/**
 * `@odata.type`, where the server sends it, names the documented type or one the documents say derives
 * from it: a read of an abstract `mobileApp` returns the concrete `androidLobApp` it is.
 */
export const odataType: Check = {
  name: 'odata-type',
  readsBody: true,
  promise: (contract) => contract.expected.odataType ?? 'no documented type',
  documentedAt: responseLine,
  whyNotApplicable: (contract) =>
    contract.expected.odataType && contract.expected.body === 'resource' ? undefined : 'the documents name no single resource type',
  verify({ contract, exchange: { response }, registry }) {
    const expected = `#${contract.expected.odataType!}`;
    if (!isObject(response.json)) return notApplicable('the response body is not a JSON object');
    const actual = response.json['@odata.type'];
    if (actual === undefined) return kept;
    if (typeof actual !== 'string') return outcomeOf([{ path: '/@odata.type', expected, actual: describeValue(actual) }]);
    if (sameTypeName(actual, expected)) return kept;
    if (
      sameNamespace(actual, expected) &&
      registry?.derivesFrom(simpleTypeName(actual.replace(/^#/, '')), simpleTypeName(expected.replace(/^#/, '')))
    )
      return kept;
    return outcomeOf([{ path: '/@odata.type', expected, actual }]);
  },
};
