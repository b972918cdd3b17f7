import { GRAPH_ERROR_SCHEMA } from '../schema/graphError';
import { describeSchemaErrors } from './describeErrors';
import { kept, notApplicable, requestLine, verdict, type Check } from './types';

/** Where the documents promise an error status, the body is the Graph error shape. */
export const errorShape: Check = {
  name: 'error-shape',
  promise: () => '{"error":{"code","message"}}',
  documentedAt: requestLine,
  verify({ example, exchange: { response }, schemas }) {
    const statuses = example.expected.statuses;
    if (!statuses.length || statuses.some((status) => status < 400)) return notApplicable('the documents promise no error');
    if (response.json === undefined) {
      return verdict([`(body): expected the Graph error shape, got ${response.body.trim() ? JSON.stringify(response.body.slice(0, 80)) : 'an empty body'}`]);
    }
    const result = schemas.validate(GRAPH_ERROR_SCHEMA, response.json);
    return result.valid ? kept : verdict(describeSchemaErrors(result.errors));
  },
};
