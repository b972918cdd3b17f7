import { GRAPH_ERROR_SCHEMA } from '../schema/graphError';
import { schemaViolations } from '../schema/describeErrors';
import { bodyNotRead, kept, notApplicable, requestLine, outcomeOf, type Check } from './types';

const promisesError = (statuses: readonly number[]) => statuses.length > 0 && statuses.every((status) => status >= 400);

/** Where the documents promise an error status, the body is the Graph error shape. */
export const errorShape: Check = {
  name: 'error-shape',
  promise: () => '{"error":{"code","message"}}',
  documentedAt: requestLine,
  listedFor: (contract) => promisesError(contract.expected.statuses),
  verify({ exchange: { response }, schemas }) {
    const unread = bodyNotRead(response);
    if (unread) return notApplicable(unread);
    if (response.json === undefined) {
      return outcomeOf([
        {
          path: '',
          expected: 'the Graph error shape',
          actual: response.body.trim() ? JSON.stringify(response.body.slice(0, 80)) : 'an empty body',
        },
      ]);
    }
    const result = schemas.validate(GRAPH_ERROR_SCHEMA, response.json);
    return result.valid ? kept : outcomeOf(schemaViolations(result.errors));
  },
};
