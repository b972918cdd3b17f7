/**
 * The check runner (src/checks/run.ts) as data: which checks run for a contract, in which order, with
 * which step titles and page lines; one root cause for an error answer; SKIP_CHECKS; a crash isolated.
 */
import { expect, test } from '@playwright/test';
import { echo } from '../../src/checks/echo';
import { odataType } from '../../src/checks/odataType';
import { runChecks, SWITCHED_OFF } from '../../src/checks/run';
import { schema } from '../../src/checks/schema';
import { status } from '../../src/checks/status';
import type { Check } from '../../src/checks/types';
import type { ReceivedResponse } from '../../src/core/http';
import { loadContracts } from '../../src/contracts/loadContracts';
import { SchemaStore } from '../../src/schema/schemaStore';
import { jsonAnswer } from '../support/answers';

const suite = loadContracts('contracts');
const schemas = new SchemaStore(suite.registry);
const create = suite.examples.find((example) => example.title === 'create-ipsecurityprofile.md#create_ipsecurityprofile_from_')!;
const documentedBody = () => structuredClone(create.expected.example) as Record<string, unknown>;

function context(response: Partial<ReceivedResponse> = {}) {
  return {
    contract: create,
    schemas,
    registry: suite.registry,
    readBack: () => Promise.resolve([]),
    exchange: {
      request: { method: 'POST', url: 'http://127.0.0.1:4010/beta/Security/ipSecurityProfiles', headers: {}, body: create.body?.text },
      response: jsonAnswer('json' in response ? response.json : documentedBody(), response),
    },
  };
}

test('runChecks: every check listed for the contract, in report order, each with its step title and page line', async () => {
  const reports = await runChecks(context());
  expect(reports.map(({ check, outcome, title }) => [check, outcome, title])).toEqual([
    ['status', 'kept', 'status: 201 Created'],
    ['content-type', 'kept', 'content-type: application/json'],
    ['schema', 'kept', 'schema: ipSecurityProfile'],
    ['echo', 'kept', 'echo: sent values come back'],
    ['odata-type', 'kept', 'odata-type: microsoft.graph.ipSecurityProfile'],
    // The third witness, when the run has one: here, none.
    ['metadata', 'not-applicable', "metadata: the service's $metadata (/Security/ipSecurityProfiles)"],
  ]);
  expect(reports.every((report) => typeof report.line === 'number' && report.line > 0)).toBe(true);
});

test('runChecks: an error answer is one root cause; the checks that read the body say why they do not apply', async () => {
  const error = { status: 404, statusText: 'Not Found', json: { error: { code: 'ResourceNotFound', message: 'Gone.' } } };
  const reports = await runChecks(context(error));
  expect(reports.find((r) => r.check === 'status')).toMatchObject({ outcome: 'broken' });
  for (const check of ['schema', 'echo', 'odata-type'])
    expect(reports.find((r) => r.check === check)).toEqual(
      expect.objectContaining({ outcome: 'not-applicable', reason: 'the response is an error: 404 ResourceNotFound: "Gone."' }),
    );
});

test('runChecks: a check switched off is not run; a crashing check does not stop the others', async () => {
  const throwing: Check = {
    ...schema,
    verify: () => {
      throw new TypeError('x is undefined');
    },
  };
  const reports = await runChecks(context({ json: { ...documentedBody(), countHits: '9' } }), {
    switchedOff: ['echo'],
    checks: [status, throwing, echo, odataType],
  });
  expect(reports.map(({ check, outcome }) => [check, outcome])).toEqual([
    ['status', 'kept'],
    ['schema', 'crashed'],
    ['echo', 'not-applicable'],
    ['odata-type', 'kept'],
  ]);
  expect(reports[1]).toMatchObject({ reason: 'TypeError: x is undefined' });
  expect(reports[2]).toMatchObject({ reason: SWITCHED_OFF });
});
