/**
 * The status, content-type, odata-type and schema checks (src/checks/*.ts) on the seed create example,
 * fed hand-made exchanges. (compareEcho has its own file, echo.test.ts.)
 */
import { expect, test } from '@playwright/test';
import { contentType } from '../../src/checks/contentType';
import { errorResponseReason } from '../../src/checks/rootCause';
import { echo } from '../../src/checks/echo';
import { odataType } from '../../src/checks/odataType';
import { schema } from '../../src/checks/schema';
import { status } from '../../src/checks/status';
import type { Check, Outcome } from '../../src/checks/types';
import type { ReceivedResponse } from '../../src/core/http';
import { formatViolation, type Violation } from '../../src/core/violations';
import { crashedMessage, runCheck } from '../../src/checks/run';
import { loadContracts } from '../../src/contracts/loadContracts';
import { buildTypeRegistry } from '../../src/contracts/typeRegistry';
import { parsePage } from '../../src/docs/parsePage';
import type { ContractExample } from '../../src/contracts/contractExample';
import { SchemaStore } from '../../src/schema/schemaStore';
import { jsonAnswer } from '../support/answers';

const suite = loadContracts('contracts');
const schemas = new SchemaStore(suite.registry);
const create = suite.examples.find((example) => example.title === 'create-ipsecurityprofile.md#create_ipsecurityprofile_from_')!;

/** The documented response body, as a server that does exactly what the page shows would send it. */
const documentedBody = () => structuredClone(create.expected.example) as Record<string, unknown>;

const respond = (response: Partial<ReceivedResponse>): ReceivedResponse =>
  jsonAnswer('json' in response ? response.json : documentedBody(), response);

/** A check's outcome with its violations in words, as the report shows them (these checks answer at once). */
function verify(check: Check, response: Partial<ReceivedResponse>, example: ContractExample = create) {
  const reason = check.whyNotApplicable?.(example);
  const outcome = (
    reason !== undefined
      ? { outcome: 'not-applicable', reason }
      : check.verify({
          contract: example,
          schemas,
          registry: suite.registry,
          readBack: () => Promise.resolve([]),
          exchange: {
            request: {
              method: example.method,
              url: 'http://127.0.0.1:4010/beta/Security/ipSecurityProfiles',
              headers: {},
              body: example.body?.text,
            },
            response: respond(response),
          },
        })
  ) as Outcome;
  return outcome.outcome === 'broken' ? { outcome: 'broken', violations: outcome.violations.map(formatViolation) } : outcome;
}

test('the seed example is what these tests assume', () => {
  expect(create.expected).toMatchObject({
    statuses: [201],
    mediaType: 'application/json',
    body: 'resource',
    type: 'ipSecurityProfile',
    odataType: 'microsoft.graph.ipSecurityProfile',
  });
});

test.describe('status', () => {
  test('the documented status is kept', () => {
    expect(verify(status, {})).toEqual({ outcome: 'kept' });
  });

  test('a 403 is one line naming what the page requires of the token (here: scopes the page has yet to name)', async () => {
    const refused = {
      status: 403,
      statusText: 'Forbidden',
      json: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } },
    };
    const outcome = await status.verify({
      contract: create,
      schemas,
      readBack: () => Promise.resolve([]),
      run: { tokenKind: 'application', grantedPermissions: undefined },
      exchange: { request: { method: 'POST', url: 'http://127.0.0.1:4010/beta/x', headers: {} }, response: respond(refused) },
    });
    expect(outcome.outcome).toBe('broken');
    const [line] = (outcome as { violations: Violation[] }).violations.map(formatViolation);
    expect(line).toMatch(
      /^expected 201 \(documented\), got 403 Forbidden: .*create-ipsecurityprofile\.md:\d+.*token kind application; the service said Authorization_RequestDenied: "Insufficient privileges\."$/,
    );
  });

  test('another success status is a violation', () => {
    expect(verify(status, { status: 200, statusText: 'OK' })).toEqual({
      outcome: 'broken',
      violations: ['expected 201 (documented), got 200 OK'],
    });
  });

  test('an error status carries the Graph error code and message, in full', () => {
    const message = `No ipSecurityProfile with id '${'x'.repeat(100)}' exists.`;
    expect(verify(status, { status: 404, statusText: 'Not Found', json: { error: { code: 'ResourceNotFound', message } } })).toEqual({
      outcome: 'broken',
      violations: [`expected 201 (documented), got 404 Not Found: ResourceNotFound: ${JSON.stringify(message)}`],
    });
  });

  test('an error member that is not the Graph shape is shown as a value', () => {
    expect(verify(status, { status: 400, statusText: 'Bad Request', json: { error: 'bad' } })).toEqual({
      outcome: 'broken',
      violations: ['expected 201 (documented), got 400 Bad Request: string "bad"'],
    });
  });

  test('no status text (HTTP/2) leaves no trailing space', () => {
    expect(verify(status, { status: 500, statusText: '', json: undefined })).toEqual({
      outcome: 'broken',
      violations: ['expected 201 (documented), got 500'],
    });
  });

  test('the promise names the status', () => {
    expect(status.promise(create)).toBe('201 Created');
  });
});

test.describe('content-type', () => {
  test('the documented media type is kept', () => {
    expect(verify(contentType, {})).toEqual({ outcome: 'kept' });
  });

  test('parameters are allowed', () => {
    expect(
      verify(contentType, { headers: { 'content-type': 'application/json; odata.metadata=minimal; odata.streaming=true; charset=utf-8' } }),
    ).toEqual({
      outcome: 'kept',
    });
  });

  test('the media type is compared case-insensitively', () => {
    expect(verify(contentType, { headers: { 'content-type': 'Application/JSON;charset=UTF-8' } })).toEqual({ outcome: 'kept' });
  });

  test('another media type is a violation, quoted as sent', () => {
    expect(verify(contentType, { headers: { 'content-type': 'text/html; charset=utf-8' } })).toEqual({
      outcome: 'broken',
      violations: ['expected application/json, got text/html; charset=utf-8'],
    });
  });

  test('a media type that only starts like the documented one is a violation', () => {
    expect(verify(contentType, { headers: { 'content-type': 'application/json-patch+json' } })).toEqual({
      outcome: 'broken',
      violations: ['expected application/json, got application/json-patch+json'],
    });
  });

  test('a missing header is a violation', () => {
    expect(verify(contentType, { headers: {} })).toEqual({
      outcome: 'broken',
      violations: ['expected application/json, got no Content-Type header'],
    });
  });

  test('not applicable when the documents show no response body', () => {
    const noBody = { ...create, expected: { ...create.expected, mediaType: undefined, body: 'none' as const } };
    expect(verify(contentType, { headers: {} }, noBody)).toEqual({
      outcome: 'not-applicable',
      reason: 'the documents show no response body',
    });
  });
});

test.describe('odata-type', () => {
  const withType = (type: unknown) => ({ json: { ...documentedBody(), '@odata.type': type } });

  test('the documented type is kept, with or without # and in any case', () => {
    for (const type of [
      '#microsoft.graph.ipSecurityProfile',
      'microsoft.graph.ipSecurityProfile',
      '#microsoft.graph.ipsecurityprofile',
      '#Microsoft.Graph.IPSecurityProfile',
    ]) {
      expect(verify(odataType, withType(type)), type).toEqual({ outcome: 'kept' });
    }
  });

  test('an unqualified name is compared by its simple name', () => {
    expect(verify(odataType, withType('#ipSecurityProfile'))).toEqual({ outcome: 'kept' });
  });

  test('absent is fine', () => {
    const body = documentedBody();
    delete body['@odata.type'];
    expect(verify(odataType, { json: body })).toEqual({ outcome: 'kept' });
  });

  test('another type is a violation', () => {
    expect(verify(odataType, withType('#microsoft.graph.hostSecurityProfile'))).toEqual({
      outcome: 'broken',
      violations: ['@odata.type: expected #microsoft.graph.ipSecurityProfile, got #microsoft.graph.hostSecurityProfile'],
    });
  });

  test('the same simple name in another namespace is a violation', () => {
    expect(verify(odataType, withType('#contoso.ipSecurityProfile'))).toEqual({
      outcome: 'broken',
      violations: ['@odata.type: expected #microsoft.graph.ipSecurityProfile, got #contoso.ipSecurityProfile'],
    });
  });

  test('a type the documents say derives from the documented one is kept; an unrelated one is not', () => {
    // Resource pages say "Inherits from [x](…)"; a registry built from such pages knows the chain.
    const pages = [
      parsePage('# lobApp resource type\n\nInherits from [ipSecurityProfile](ipsecurityprofile.md)\n', 'resources/lob.md'),
      parsePage('# androidLobApp resource type\n\nInherits from [lobApp](lob.md).\n', 'resources/android.md'),
    ];
    const derived = buildTypeRegistry([...suite.pages, ...pages], (page) =>
      page.file.startsWith('resources/') ? page.title.split(' ')[0] : undefined,
    );
    const verifyWith = (type: string) =>
      odataType.verify({
        contract: create,
        schemas,
        registry: derived,
        readBack: () => Promise.resolve([]),
        exchange: { request: { method: 'POST', url: 'http://x/', headers: {} }, response: respond(withType(type)) },
      });
    expect(derived.derivesFrom('androidLobApp', 'ipSecurityProfile')).toBe(true);
    expect(verifyWith('#microsoft.graph.androidLobApp')).toEqual({ outcome: 'kept' });
    expect(verifyWith('#microsoft.graph.hostSecurityProfile')).toMatchObject({ outcome: 'broken' });
    expect(verifyWith('#contoso.androidLobApp')).toMatchObject({ outcome: 'broken' });
  });

  test('a non-string @odata.type is a violation', () => {
    expect(verify(odataType, withType(7))).toEqual({
      outcome: 'broken',
      violations: ['@odata.type: expected #microsoft.graph.ipSecurityProfile, got number 7'],
    });
  });

  test('not applicable when the body is not a JSON object', () => {
    expect(verify(odataType, { json: ['x'] })).toEqual({ outcome: 'not-applicable', reason: 'the response body is not a JSON object' });
  });
});

test.describe('schema', () => {
  test('the documented response body is kept', () => {
    expect(verify(schema, {})).toEqual({ outcome: 'kept' });
  });

  test("a wrong type is a violation in the documents' words", () => {
    expect(verify(schema, { json: { ...documentedBody(), countHits: '9' } })).toEqual({
      outcome: 'broken',
      violations: ['countHits: expected Int32, got string "9"'],
    });
  });

  test('a body that is not JSON', () => {
    expect(verify(schema, { json: undefined, body: '<html>Service Unavailable</html>' })).toEqual({
      outcome: 'broken',
      violations: ['(body): expected JSON, got "<html>Service Unavailable</html>"'],
    });
  });

  test('an empty body', () => {
    expect(verify(schema, { json: undefined, body: '  ' })).toEqual({
      outcome: 'broken',
      violations: ['(body): expected JSON, got an empty body'],
    });
  });
});

test.describe('echo (the check around compareEcho)', () => {
  test('the documented response echoes the documented request', () => {
    expect(verify(echo, {})).toEqual({ outcome: 'kept' });
  });

  test('a UTC-normalised date is kept; a changed value is a violation', () => {
    const body = { ...documentedBody(), firstSeenDateTime: '2016-12-31T20:57:18.6460025Z' };
    expect(verify(echo, { json: body })).toEqual({ outcome: 'kept' });
    expect(verify(echo, { json: { ...body, countHosts: 11 } })).toEqual({ outcome: 'broken', violations: ['countHosts: sent 10, got 11'] });
  });

  test('not applicable when the response body is not a JSON object', () => {
    expect(verify(echo, { json: undefined, body: '' })).toEqual({
      outcome: 'not-applicable',
      reason: 'the response body is not a JSON object',
    });
  });
});

test.describe('running checks', () => {
  const context = (response: Partial<ReceivedResponse> = {}) => ({
    contract: create,
    schemas,
    readBack: () => Promise.resolve([]),
    exchange: { request: { method: 'POST', url: 'http://127.0.0.1:4010/beta/x', headers: {} }, response: respond(response) },
  });

  test('a check that throws is that check crashing, in one line; it does not stop the run', async () => {
    const throwing: Check = {
      ...schema,
      verify: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    };
    const outcome = await runCheck(throwing, context());
    expect(outcome).toEqual({ outcome: 'crashed', reason: 'RangeError: Maximum call stack size exceeded' });
    expect(crashedMessage('schema', (outcome as { reason: string }).reason)).toBe(
      'check `schema` crashed: RangeError: Maximum call stack size exceeded',
    );
    expect(await runCheck(status, context())).toEqual({ outcome: 'kept' });
  });

  test('JSON that is not valid UTF-8 breaks content-type, naming the byte', () => {
    expect(verify(contentType, { invalidUtf8At: 17 })).toEqual({
      outcome: 'broken',
      violations: ['expected application/json in UTF-8, got a body that is not valid UTF-8 at byte 17'],
    });
  });

  test('a body longer than MAX_BODY_BYTES: the checks that need all of it say so', async () => {
    const cut = { truncated: true, size: 52_428_800, sha256: 'ab'.repeat(32), json: undefined, body: '{"id":' };
    for (const check of [schema, echo, odataType]) {
      expect(await runCheck(check, context(cut))).toEqual({
        outcome: 'not-applicable',
        reason: `the body is 52428800 bytes, more than MAX_BODY_BYTES lets the suite read (sha256 ${'ab'.repeat(32)}); raise MAX_BODY_BYTES to check it`,
      });
    }
  });
});

test.describe('root cause (errorResponseReason)', () => {
  const exchange = (response: Partial<ReceivedResponse>) => ({
    request: { method: 'POST', url: 'http://x.invalid/', headers: {} },
    response: respond(response),
  });

  test('an error response: the body checks do not apply, and the reason quotes the error', () => {
    const error = { code: 'ResourceNotFound', message: 'The resource could not be found.' };
    expect(errorResponseReason(exchange({ status: 404, statusText: 'Not Found', json: { error } }))).toBe(
      'the response is an error: 404 ResourceNotFound: "The resource could not be found."',
    );
    expect(errorResponseReason(exchange({ status: 502, statusText: '', json: undefined }))).toBe(
      'the response is an error: 502 Bad Gateway',
    );
  });

  test('no body: nothing to read', () => {
    expect(errorResponseReason(exchange({ status: 204, statusText: 'No Content', json: undefined }))).toBe(
      'the response has no body: 204 No Content',
    );
  });

  test('a success with a body: the body checks still apply (another 2xx is not a root cause)', () => {
    expect(errorResponseReason(exchange({ status: 200, statusText: 'OK' }))).toBeUndefined();
  });

  test('the body checks say they read the body; status and content-type do not', () => {
    expect([status, contentType, schema, echo, odataType].filter((check) => check.readsBody).map((check) => check.name)).toEqual([
      'schema',
      'echo',
      'odata-type',
    ]);
  });
});
