import { STATUS_CODES } from 'node:http';
import { describeValue } from './values';
import { kept, responseLine, verdict, type Check } from './types';

/** The response carries the documented success status. */
export const status: Check = {
  name: 'status',
  promise: (example) => example.expected.statuses.map((code) => `${code} ${STATUS_CODES[code] ?? ''}`.trim()).join(' or '),
  documentedAt: (example) => example.page.documentedStatus?.line ?? responseLine(example),
  verify({ example, exchange: { response } }) {
    if (example.expected.statuses.includes(response.status)) return kept;
    const error = (response.json as { error?: unknown } | undefined)?.error;
    const detail = error !== undefined ? `: ${describeValue(error)}` : '';
    return verdict([
      `expected ${example.expected.statuses.join(' or ')} (documented), got ${response.status} ${response.statusText}`.trim() + detail,
    ]);
  },
};
