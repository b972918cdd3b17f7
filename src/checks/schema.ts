import { describeSchemaErrors } from './describeErrors';
import { kept, notApplicable, responseLine, verdict, type Check } from './types';

/** The body is the documented resource: every documented property present, each of its documented type. */
export const schema: Check = {
  name: 'schema',
  promise: (example) => (example.expected.body === 'collection' ? `${example.expected.type} collection` : (example.expected.type ?? 'no documented type')),
  // The property table is the promise; the example response only illustrates it.
  documentedAt: (example) => example.page.propertyTables.find((table) => /^(request body|properties)/.test(table.section))?.line ?? responseLine(example),
  verify({ example, exchange: { response }, schemas }) {
    const responseSchema = schemas.responseSchema(example);
    if (!responseSchema) return notApplicable('the documents describe no properties for the returned type');
    if (response.json === undefined) {
      const body = response.body.trim();
      return verdict([body ? `(body): expected JSON, got ${JSON.stringify(body.slice(0, 80))}` : '(body): expected JSON, got an empty body']);
    }
    const result = schemas.validate(responseSchema, response.json);
    return result.valid ? kept : verdict(describeSchemaErrors(result.errors));
  },
};
