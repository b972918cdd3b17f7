import { isDateTimeOffset, sameInstant } from '../edm/dateTimeOffset';
import { isAnnotationKey } from '../contracts/typeRegistry';
import { childPath, describeValue, showValue } from './values';
import { notApplicable, requestLine, verdict, type Check } from './types';
import { isObject } from '../json';

/**
 * What was sent comes back: recursively into objects (only the keys sent), arrays element by element,
 * `@odata.*` annotations ignored, DateTimeOffset values compared as instants to 100 ns.
 */
export function compareEcho(sent: unknown, got: unknown, path = '', violations: string[] = []): string[] {
  const at = path || '(body)';
  if (isObject(sent)) {
    if (!isObject(got)) {
      violations.push(`${at}: sent an object, got ${describeValue(got)}`);
      return violations;
    }
    for (const [key, value] of Object.entries(sent)) {
      if (isAnnotationKey(key)) continue;
      if (!Object.hasOwn(got, key)) violations.push(`${childPath(path, key)}: sent ${showValue(value)}, got nothing (property missing)`);
      else compareEcho(value, got[key], childPath(path, key), violations);
    }
  } else if (Array.isArray(sent)) {
    if (!Array.isArray(got)) {
      violations.push(`${at}: sent ${sent.length} item(s), got ${describeValue(got)}`);
      return violations;
    }
    if (got.length !== sent.length) violations.push(`${at}: sent ${sent.length} item(s), got ${got.length}`);
    sent.slice(0, got.length).forEach((item, index) => compareEcho(item, got[index], childPath(path, index), violations));
  } else if (typeof sent === 'string' && isDateTimeOffset(sent) && typeof got === 'string') {
    if (!sameInstant(sent, got)) {
      const why = isDateTimeOffset(got) ? 'a different instant' : 'not a DateTimeOffset';
      violations.push(`${at}: sent ${sent}, got ${got} (${why})`);
    }
  } else if (sent !== got) {
    violations.push(`${at}: sent ${showValue(sent)}, got ${showValue(got)}`);
  }
  return violations;
}

export const echo: Check = {
  name: 'echo',
  promise: () => 'sent values come back',
  documentedAt: requestLine,
  verify({ example, exchange: { response } }) {
    if (example.echoNotApplicable) return notApplicable(example.echoNotApplicable);
    if (!isObject(response.json)) return notApplicable('the response body is not a JSON object');
    return verdict(compareEcho(example.body?.value, response.json));
  },
};
