import { isObject } from '../core/json';
import type { Violation } from '../core/violations';
import type { Contract } from '../contracts/contractExample';
import type { TypeRegistry } from '../contracts/typeRegistry';
import { schemaViolations } from '../schema/describeErrors';
import { kept, notApplicable, responseLine, outcomeOf, type Check } from './types';

/**
 * A body of the wrong shape as a whole, in one line instead of a "missing" line per property: one resource
 * documented and a collection answered (a resource wrapped in `value`, as hundreds of generated pages show
 * it), or a collection documented and one resource answered.
 */
function wrongShape(contract: Contract, json: unknown, registry?: TypeRegistry): Violation | undefined {
  if (!isObject(json)) return undefined;
  const { body, type, collectionProperty = 'value' } = contract.expected;
  const holds = (name: string) => Boolean(type && registry?.get(type)?.properties.has(name));
  if (body === 'resource' && Array.isArray(json.value) && !holds('value')) {
    const items = json.value.length;
    return {
      path: '',
      expected: `one ${type}`,
      actual: `a collection of ${items} item${items === 1 ? '' : 's'} ({"value": […]})`,
      note: 'a single resource wrapped in "value"',
    };
  }
  if (body === 'collection' && !Array.isArray(json[collectionProperty]) && !holds(collectionProperty))
    return {
      path: '',
      expected: `a collection of ${type} ({"${collectionProperty}": […]})`,
      actual: `one resource (no "${collectionProperty}" array)`,
    };
  return undefined;
}

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
  verify({ contract, exchange: { response }, schemas, registry }) {
    const responseSchema = schemas.responseSchema(contract);
    if (!responseSchema) return notApplicable('the documents describe no properties for the returned type');
    if (response.json === undefined) {
      const body = response.body.trim();
      return outcomeOf([{ path: '', expected: 'JSON', actual: body ? JSON.stringify(body.slice(0, 80)) : 'an empty body' }]);
    }
    const shape = wrongShape(contract, response.json, registry);
    if (shape) return outcomeOf([shape]);
    const result = schemas.validate(responseSchema, response.json);
    return result.valid ? kept : outcomeOf(schemaViolations(result.errors));
  },
};
