import { STATUS_CODES } from 'node:http';
import { describeGraphError, graphErrorOf } from '../core/graphError';
import { describeValue } from '../core/values';
import { kept, responseLine, outcomeOf, type Check } from './types';

/** The response carries the documented status. */
export const status: Check = {
  name: 'status',
  promise: (contract) => contract.expected.statuses.map((code) => `${code} ${STATUS_CODES[code] ?? ''}`.trim()).join(' or '),
  documentedAt: (contract) => contract.page.documentedStatus?.line ?? responseLine(contract),
  verify({ contract, exchange: { response } }) {
    if (contract.expected.statuses.includes(response.status)) return kept;
    // A Graph error is written in full (code and message): it is usually the whole story.
    const error = (response.json as { error?: unknown } | undefined)?.error;
    const graphError = graphErrorOf(response.json);
    const detail = graphError ? `: ${describeGraphError(graphError)}` : error !== undefined ? `: ${describeValue(error)}` : '';
    return outcomeOf([
      {
        expected: `${contract.expected.statuses.join(' or ')} (documented)`,
        actual: `${response.status} ${response.statusText}`.trim() + detail,
      },
    ]);
  },
};
