import type { CheckName } from '../../src/core/checkNames';

/**
 * What the self-test matrix expects of each reference-server fault: the project that must catch it and
 * the check(s) that must be among the failures. Adding a fault is one entry in server/faults.ts plus
 * one line here; the matrix refuses a fault without an expectation.
 */
export interface FaultExpectation {
  project: 'contracts' | 'negative';
  /** Every one of these checks must fail at least once. */
  checks: CheckName[];
}

export const FAULT_EXPECTATIONS: Record<string, FaultExpectation> = {
  'create-returns-200': { project: 'contracts', checks: ['status'] },
  'update-returns-204': { project: 'contracts', checks: ['status'] },
  'collection-404': { project: 'contracts', checks: ['status'] },
  forbidden: { project: 'contracts', checks: ['status'] },
  'content-type-text-plain': { project: 'contracts', checks: ['content-type'] },
  'body-not-json': { project: 'contracts', checks: ['content-type'] },
  'invalid-utf8': { project: 'contracts', checks: ['content-type'] },
  'json-label-unparseable-body': { project: 'contracts', checks: ['schema'] },
  'property-missing': { project: 'contracts', checks: ['schema'] },
  'id-missing': { project: 'contracts', checks: ['schema'] },
  'property-renamed-by-case': { project: 'contracts', checks: ['schema'] },
  'int32-as-string': { project: 'contracts', checks: ['schema'] },
  'int32-as-fraction': { project: 'contracts', checks: ['schema'] },
  'int32-out-of-range': { project: 'contracts', checks: ['schema'] },
  'boolean-as-string': { project: 'contracts', checks: ['schema'] },
  'collection-as-scalar': { project: 'contracts', checks: ['schema'] },
  'collection-as-object': { project: 'contracts', checks: ['schema'] },
  'complex-as-string': { project: 'contracts', checks: ['schema'] },
  'nested-wrong-type': { project: 'contracts', checks: ['schema'] },
  'collection-item-wrong-type': { project: 'contracts', checks: ['schema'] },
  'date-without-zone': { project: 'contracts', checks: ['schema'] },
  'date-only': { project: 'contracts', checks: ['schema'] },
  'date-impossible': { project: 'contracts', checks: ['schema'] },
  'date-epoch-number': { project: 'contracts', checks: ['schema'] },
  'date-offset-without-colon': { project: 'contracts', checks: ['schema'] },
  'value-changed': { project: 'contracts', checks: ['echo'] },
  'nested-value-changed': { project: 'contracts', checks: ['echo'] },
  'date-different-instant': { project: 'contracts', checks: ['echo'] },
  'collection-item-dropped': { project: 'contracts', checks: ['echo'] },
  'update-ignored': { project: 'contracts', checks: ['echo'] },
  'odata-type-other': { project: 'contracts', checks: ['odata-type'] },
  'accepts-bad-input': { project: 'negative', checks: ['status', 'nothing-created'] },
  'skips-auth': { project: 'negative', checks: ['status'] },
  'unknown-id-200': { project: 'negative', checks: ['status', 'nothing-created'] },
  'errors-without-shape': { project: 'negative', checks: ['error-shape'] },
};

/**
 * Tolerance runs: each alone, plus one server that takes many liberties at once on top of the reference
 * server's own (UTC dates, `@odata.context`, nulls for properties not sent).
 */
export const COMBINED_TOLERANCES = [
  'extra-properties',
  'odata-annotations',
  'content-type-odata-parameters',
  'reordered-properties',
  'pretty-printed',
  'location-header',
  'request-id-headers',
  'nested-documented-elsewhere',
  'nested-undocumented-properties',
  'empty-collections-for-unsent',
];
