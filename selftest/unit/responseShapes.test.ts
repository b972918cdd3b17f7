/**
 * What a real service may answer that a page's one example does not show: a collection whose items are of
 * several types (each held to the documented item of its own `@odata.type`), and a body of the wrong shape
 * as a whole (one line, not a list of missing properties).
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { schema } from '../../src/checks/schema';
import { PROJECT_ROOT } from '../../src/core/projectRoot';
import { formatViolation } from '../../src/core/violations';
import type { ReceivedResponse } from '../../src/core/http';
import type { ContractExample } from '../../src/contracts/contractExample';
import { loadContracts } from '../../src/contracts/loadContracts';
import { schemaViolations } from '../../src/schema/describeErrors';
import { SchemaStore } from '../../src/schema/schemaStore';

const suite = loadContracts(path.join(PROJECT_ROOT, 'fixtures', 'pages', 'documented', 'api'));
const store = new SchemaStore(suite.registry);
const example = (title: string) => suite.examples.find((e) => e.title === title)!;

test.describe('items of a collection, each held to the documented item of its own @odata.type', () => {
  const memberOf = example('user-list-memberof.md#user_get_memberof');
  const check = (body: unknown) => {
    const result = store.validate(store.responseSchema(memberOf)!, body);
    return result.valid ? [] : schemaViolations(result.errors).map(formatViolation);
  };
  const group = { '@odata.type': '#microsoft.graph.group', displayName: 'All Users', mailEnabled: false, securityEnabled: true };

  test('the page shows a group among directoryObjects: the documented response keeps it', () => {
    expect(memberOf.expected).toMatchObject({ type: 'directoryObject', body: 'collection' });
    expect(check(memberOf.expected.example)).toEqual([]);
  });

  test('a group is held to what the documented group shows, and to the group table', () => {
    expect(check({ value: [{ ...group, mailEnabled: 'no', securityEnabled: undefined }] })).toEqual([
      'value[0].mailEnabled: expected Boolean, got string "no"',
      'value[0].securityEnabled: missing (documented group property)',
    ]);
  });

  test('a user beside it is not held to what the group shows (it is held to directoryObject)', () => {
    expect(check({ value: [{ '@odata.type': '#microsoft.graph.user', id: '1', displayName: 'Adele' }, group] })).toEqual([]);
  });
});

test.describe('a body of the wrong shape as a whole is one line', () => {
  const verify = (contract: ContractExample, json: unknown) => {
    const response: ReceivedResponse = { status: 200, statusText: 'OK', headers: {}, body: JSON.stringify(json), json };
    const outcome = schema.verify({
      contract,
      schemas: store,
      readBack: () => Promise.resolve([]),
      exchange: { request: { method: contract.method, url: 'http://127.0.0.1/v1.0/x', headers: {} }, response },
    }) as { outcome: string; violations?: Parameters<typeof formatViolation>[0][] };
    return outcome.outcome === 'broken' ? outcome.violations!.map(formatViolation) : outcome.outcome;
  };

  test('one resource documented, a collection answered (the resource wrapped in "value")', () => {
    const get = example('group-get.md#get_group');
    expect(verify(get, { value: [get.expected.example] })).toEqual([
      '(body): expected one group, got a collection of 1 item ({"value": […]}) (a single resource wrapped in "value")',
    ]);
  });

  test('a collection documented, one resource answered', () => {
    const list = example('group-list.md#get_groups');
    const [first] = (list.expected.example as { value: unknown[] }).value;
    expect(verify(list, first)).toEqual(['(body): expected a collection of group ({"value": […]}), got one resource (no "value" array)']);
  });
});
