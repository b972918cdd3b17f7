import { isObject, MAX_JSON_DEPTH, toPointer } from '../core/json';
import { isAnnotationKey } from '../core/odata';
import { describeValue, showJson } from '../core/values';
import type { Violation } from '../core/violations';
import type { Contract } from '../contracts/contractExample';
import { isDateTimeOffset, sameInstant } from '../edm/dateTimeOffset';
import { kept, notApplicable, requestLine, outcomeOf, type Check } from './types';

/** A value as sent or received: dates bare (they are compared as instants), the rest as JSON. */
export function showValue(value: unknown): string {
  if (typeof value === 'string' && isDateTimeOffset(value)) return value;
  return value === undefined ? 'nothing' : showJson(value);
}

/**
 * What was sent comes back: recursively into objects (only the keys sent), arrays element by element,
 * `@odata.*` annotations ignored, DateTimeOffset values compared as instants to 100 ns.
 */
export function compareEcho(sent: unknown, got: unknown, keys: (string | number)[] = [], violations: Violation[] = []): Violation[] {
  const path = toPointer(keys);
  const sentVs = (expected: string, actual: string, note?: string) =>
    violations.push({ path, verb: 'sent', expected, actual, ...(note ? { note } : {}) });
  // Documented bodies are read at most MAX_JSON_DEPTH deep; anything deeper is not compared (and says so).
  if (keys.length >= MAX_JSON_DEPTH && typeof sent === 'object' && sent !== null) {
    sentVs(showValue(sent), describeValue(got), `not compared: nested deeper than the ${MAX_JSON_DEPTH} levels echo compares`);
    return violations;
  }
  if (isObject(sent)) {
    if (!isObject(got)) sentVs('an object', describeValue(got));
    else {
      for (const [key, value] of Object.entries(sent)) {
        if (isAnnotationKey(key)) continue;
        if (!Object.hasOwn(got, key))
          violations.push({
            path: toPointer([...keys, key]),
            verb: 'sent',
            expected: showValue(value),
            actual: 'nothing',
            note: 'property missing',
          });
        else compareEcho(value, got[key], [...keys, key], violations);
      }
    }
  } else if (Array.isArray(sent)) {
    if (!Array.isArray(got)) sentVs(`${sent.length} item(s)`, describeValue(got));
    else {
      if (got.length !== sent.length) sentVs(`${sent.length} item(s)`, String(got.length));
      sent.slice(0, got.length).forEach((item, index) => compareEcho(item, got[index], [...keys, index], violations));
    }
  } else if (typeof sent === 'string' && isDateTimeOffset(sent) && typeof got === 'string') {
    if (!sameInstant(sent, got)) sentVs(sent, got, isDateTimeOffset(got) ? 'a different instant' : 'not a DateTimeOffset');
  } else if (sent !== got) {
    sentVs(showValue(sent), showValue(got));
  }
  return violations;
}

/** The part of the sent body the documented response shows (write-only properties are not expected back). */
function expectedBack(sent: unknown, keys: readonly string[] | undefined): unknown {
  if (!isObject(sent) || !keys) return sent;
  return Object.fromEntries(Object.entries(sent).filter(([key]) => keys.includes(key)));
}

/** Why nothing sent is expected back: no JSON object sent, an error, not the returned resource, nothing shown back. */
function whyNoEcho(contract: Contract): string | undefined {
  if (contract.kind === 'negative') return 'a rejected request echoes nothing';
  if (!isObject(contract.body?.value)) return 'the request sends no JSON object';
  if (contract.expected.expectError) return 'the example documents an error response';
  if (contract.expected.body !== 'resource') return 'the response is not a single resource';
  if (!contract.echoKeys) return 'the request body is not a representation of the returned resource';
  return contract.echoKeys.length ? undefined : 'the documented response shows none of the properties sent';
}

export const echo: Check = {
  name: 'echo',
  readsBody: true,
  promise: () => 'sent values come back',
  documentedAt: requestLine,
  whyNotApplicable: whyNoEcho,
  verify({ contract, exchange: { response } }) {
    if (!isObject(response.json)) return notApplicable('the response body is not a JSON object');
    const violations = compareEcho(expectedBack(contract.body?.value, contract.echoKeys), response.json);
    return violations.length ? outcomeOf(violations) : kept;
  },
};
