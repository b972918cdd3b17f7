import { STATUS_CODES } from 'node:http';
import { describeGraphError, graphErrorOf } from '../core/graphError';
import { describeValue } from '../core/values';
import { permissionsRootCause } from '../contracts/permissions';
import { kept, responseLine, outcomeOf, type Check } from './types';

/** The response carries the documented status. */
export const status: Check = {
  name: 'status',
  promise: (contract) => contract.expected.statuses.map((code) => `${code} ${STATUS_CODES[code] ?? ''}`.trim()).join(' or '),
  documentedAt: (contract) => contract.page.documentedStatus?.line ?? responseLine(contract),
  verify({ contract, exchange: { response }, run = {} }) {
    if (contract.expected.statuses.includes(response.status)) return kept;
    const expected = `${contract.expected.statuses.join(' or ')} (documented)`;
    // A refusal is about the token: what the page requires of it says more than the error alone.
    const refused = permissionsRootCause(contract.page, { tokenKind: run.tokenKind, grantedPermissions: run.grantedPermissions }, response);
    if (refused) return outcomeOf([{ expected, actual: refused }]);
    // A Graph error is written in full (code and message): it is usually the whole story.
    const error = (response.json as { error?: unknown } | undefined)?.error;
    const graphError = graphErrorOf(response.json);
    const detail = graphError ? `: ${describeGraphError(graphError)}` : error !== undefined ? `: ${describeValue(error)}` : '';
    return outcomeOf([
      {
        expected,
        actual: `${response.status} ${response.statusText}`.trim() + detail,
      },
    ]);
  },
};
