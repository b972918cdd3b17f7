/**
 * Negative contracts: requests derived from a documented example that break what its page allows.
 * Each must be rejected with the documented error status and the Graph error shape, and leave nothing
 * behind. Derived from the page's own request-body table, so a new page needs no code.
 */
import { isObject } from '../core/json';
import { seededRandom, seededUuid } from '../core/random';
import type { TypeRef } from '../docs/model';
import { describeType } from '../docs/typeCell';
import { INTEGER_RANGES } from '../edm/primitives';
import type { ContractExample, NegativeContract, Probe } from '../contracts/contractExample';
import type { TypeRegistry } from '../contracts/typeRegistry';

interface WrongValue {
  what: string;
  value: unknown;
}

/** Values that break a documented type, each with what it breaks. */
export function wrongValues(type: TypeRef, registry: TypeRegistry, example?: unknown): WrongValue[] {
  const label = describeType(type);
  if (type.collection) {
    const single: unknown = Array.isArray(example) && example.length ? example[0] : 'value';
    return [{ what: `${label} as a single value`, value: single }];
  }
  if (type.kind === 'named') {
    const def = registry.get(type.name);
    if (def?.members?.length) return [{ what: `${def.name} value that is not a member`, value: 'notADocumentedMember' }];
    return def?.properties.size ? [{ what: `${def.name} object as a string`, value: 'value' }] : [];
  }
  if (type.kind !== 'primitive') return [];
  const range = INTEGER_RANGES[type.name];
  if (range) {
    const beyond = range[1] + 1;
    return [
      { what: `${label} as a string`, value: '9' },
      ...(Number.isSafeInteger(beyond) ? [{ what: `${label} out of range (${beyond})`, value: beyond }] : []),
    ];
  }
  switch (type.name) {
    case 'String':
      return [{ what: 'String as a number', value: 42 }];
    case 'Boolean':
      return [{ what: 'Boolean as a string', value: 'true' }];
    case 'Double':
    case 'Single':
    case 'Decimal':
      return [{ what: `${label} as a non-numeric string`, value: 'many' }];
    case 'DateTimeOffset':
      return [
        { what: 'DateTimeOffset malformed (space for T, no zone)', value: '2016-12-31 23:57:18' },
        { what: 'DateTimeOffset on an impossible date', value: '2017-02-30T00:00:00Z' },
      ];
    case 'Date':
      return [{ what: 'Date on an impossible date', value: '2017-02-30' }];
    case 'TimeOfDay':
      return [{ what: 'TimeOfDay out of range', value: '25:00:00' }];
    case 'Duration':
      return [{ what: 'Duration in words', value: 'one hour' }];
    case 'Guid':
      return [{ what: 'Guid malformed', value: 'not-a-guid' }];
    default:
      return [];
  }
}

/** A negative test's title: its example's, and what it breaks. */
export const negativeTitle = (exampleTitle: string, what: string) => `${exampleTitle} › ${what}`;

function negative(example: ContractExample, what: string, status: number, changes: Partial<NegativeContract>): NegativeContract {
  return {
    ...example,
    kind: 'negative',
    source: example,
    title: negativeTitle(example.title, what),
    what,
    authorize: true,
    findings: [],
    expected: {
      ...example.expected,
      statuses: [status],
      mediaType: 'application/json',
      body: 'unknown',
      type: undefined,
      odataType: undefined,
      example: undefined,
    },
    ...changes,
  };
}

/** The request body table of the example's page (the page's own promise about input), a row per property. */
function bodyTable(example: ContractExample) {
  const rows = example.page.propertyTables.filter((table) => table.role === 'request-body').flatMap((table) => table.rows);
  // Pages list a property twice now and then (two tables, a copy-paste): its first row is the promise.
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.name) && seen.add(row.name));
}

/**
 * The bad requests derived from one documented example. `seed` makes the values reproducible: the same
 * seed gives the same markers and ids (NEGATIVE_SEED replays a run).
 */
export function deriveBadRequests(example: ContractExample, registry: TypeRegistry, seed = ''): NegativeContract[] {
  if (example.unusable) return [];
  const random = seededRandom(`${seed}:${example.title}`);
  const derived: NegativeContract[] = [];
  const sent = example.body?.value;
  const rows = bodyTable(example).filter((row) => row.name !== 'id');
  const creates = example.method === 'POST' && placeholderAtEnd(example) === undefined;
  // The first two String rows: a marker goes in the first one the request does not break (found once, not per row).
  const markerRows = creates
    ? firstRows(rows, (r) => r.type.kind === 'primitive' && r.type.name === 'String' && !r.type.collection, 2)
    : [];
  /** A unique value in a String property the request does not break, to find what it may have created. */
  const markerFor = (broken?: string) => {
    const row = markerRows.find((r) => r.name !== broken);
    return row ? { kind: 'marker' as const, property: row.name, value: `gdc-negative-${seededUuid(random)}` } : undefined;
  };
  const bodyWith = (changes: Record<string, unknown>, probe?: Probe) =>
    lazyBody(() => ({
      ...(sent as Record<string, unknown>),
      ...changes,
      ...(probe?.kind === 'marker' ? { [probe.property]: probe.value } : {}),
    }));

  if (isObject(sent)) {
    for (const row of rows) {
      for (const wrong of wrongValues(row.type, registry, sent[row.name])) {
        const probe = markerFor(row.name);
        derived.push(
          negative(example, `${row.name}: ${wrong.what}`, 400, {
            body: bodyWith({ [row.name]: wrong.value }, probe),
            ...(probe ? { probe } : {}),
          }),
        );
      }
    }
    derived.push(negative(example, 'body is not JSON', 400, { body: { text: `this is not JSON (${example.pair.name})` } }));
  }

  const probe = isObject(sent) ? markerFor() : undefined;
  derived.push(
    negative(example, 'no Authorization header', 401, {
      authorize: false,
      ...(isObject(sent) ? { body: bodyWith({}, probe) } : {}),
      ...(probe ? { probe } : {}),
    }),
  );

  const item = placeholderAtEnd(example);
  if (item) {
    const segments = [...example.path.segments];
    const documentedId = isObject(example.expected.example) ? example.expected.example.id : undefined;
    segments[item.segment] = typeof documentedId === 'string' && documentedId ? idShapedLike(documentedId, random) : seededUuid(random);
    derived.push(
      negative(example, `unknown ${item.name}`, 404, {
        path: { ...example.path, segments, placeholders: example.path.placeholders.filter((p) => p !== item) },
        probe: { kind: 'item' },
      }),
    );
  }
  return derived;
}

/** Up to `count` rows that pass `test`, in order, without looking past the last one needed. */
function firstRows<T>(rows: readonly T[], test: (row: T) => boolean, count: number): T[] {
  const found: T[] = [];
  for (const row of rows) {
    if (found.length >= count) break;
    if (test(row)) found.push(row);
  }
  return found;
}

/**
 * A body built when a test first reads it, not when the tests are listed: a page with n properties
 * derives n bad requests of n properties each, and building them all up front made listing one
 * 5,000-row page take minutes and gigabytes (n² copies). Built once, then kept.
 */
function lazyBody(build: () => Record<string, unknown>): { text: string; value: unknown } {
  let value: Record<string, unknown> | undefined;
  let text: string | undefined;
  return {
    get value() {
      return (value ??= build());
    },
    get text() {
      return (text ??= JSON.stringify(this.value));
    },
  };
}

/** The placeholder in the last segment (`…/{ipSecurityProfileId}`): the example addresses an item. */
function placeholderAtEnd(example: ContractExample) {
  const last = example.path.segments.length - 1;
  return example.path.placeholders.find((placeholder) => placeholder.segment === last);
}

const CLASSES = ['0123456789', 'abcdef', 'ABCDEF', 'ghijklmnopqrstuvwxyz', 'GHIJKLMNOPQRSTUVWXYZ'];

/**
 * A fresh id of the same shape as a documented one (a GUID stays a GUID, `AAMk…` keeps its letters'
 * case), so that a server checking id syntax answers the documented 404 rather than a 400.
 */
export function idShapedLike(id: string, random: () => number = Math.random): string {
  const pick = (chars: string) => chars[Math.floor(random() * chars.length)];
  return [...id]
    .map((char) => {
      const chars = CLASSES.find((set) => set.includes(char));
      return chars ? pick(chars) : char;
    })
    .join('');
}
