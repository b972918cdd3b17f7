import { schemaViolations } from '../schema/describeErrors';
import { kept, notApplicable, responseLine, outcomeOf, type Check } from './types';

/** The body is the documented resource: every documented property present, each of its documented type. */
export const schema: Check = {
  name: 'schema',
  readsBody: true,
  promise: (contract) =>
    contract.expected.body === 'collection' ? `${contract.expected.type} collection` : (contract.expected.type ?? 'no documented type'),
  // The property table is the promise; the example response only illustrates it.
  documentedAt: (contract) =>
    contract.page.propertyTables.find((table) => table.role === 'request-body' || table.role === 'properties')?.line ??
    responseLine(contract),
  verify({ contract, exchange: { response }, schemas }) {
    const responseSchema = schemas.responseSchema(contract);
    if (!responseSchema) return notApplicable('the documents describe no properties for the returned type');
    if (response.json === undefined) {
      const body = response.body.trim();
      return outcomeOf([{ path: '', expected: 'JSON', actual: body ? JSON.stringify(body.slice(0, 80)) : 'an empty body' }]);
    }
    const result = schemas.validate(responseSchema, response.json);
    return result.valid ? kept : outcomeOf(schemaViolations(result.errors));
  },
};
