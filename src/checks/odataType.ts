import { simpleTypeName } from '../docs/typeCell';
import { describeValue } from './values';
import { kept, notApplicable, responseLine, verdict, type Check } from './types';

/** `#microsoft.graph.ipSecurityProfile` and `microsoft.graph.ipsecurityprofile` name the same type. */
function sameTypeName(a: string, b: string): boolean {
  const [x, y] = [a, b].map((name) => name.trim().replace(/^#/, '').toLowerCase());
  // A page may give the type unqualified; then only the simple names can be compared.
  return x === y || ((!x.includes('.') || !y.includes('.')) && simpleTypeName(x) === simpleTypeName(y));
}

/** `@odata.type`, where the server sends it, names the documented type. */
export const odataType: Check = {
  name: 'odata-type',
  promise: (example) => example.expected.odataType ?? 'no documented type',
  documentedAt: responseLine,
  verify({ example, exchange: { response } }) {
    const expected = example.expected.odataType;
    if (!expected || example.expected.body !== 'resource') return notApplicable('the documents name no single resource type');
    const body = response.json;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return notApplicable('the response body is not a JSON object');
    const actual = (body as Record<string, unknown>)['@odata.type'];
    if (actual === undefined) return kept;
    if (typeof actual !== 'string') return verdict([`@odata.type: expected #${expected}, got ${describeValue(actual)}`]);
    return sameTypeName(actual, expected) ? kept : verdict([`@odata.type: expected #${expected}, got ${actual}`]);
  },
};
