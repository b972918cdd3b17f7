/**
 * The annotations the suite acts on, read from their JSON form (see rawCsdl.ts): revisions
 * (deprecation), computed properties, and the capability restrictions that say which methods a
 * collection or resource takes. Terms arrive qualified by namespace (aliases already resolved).
 */
import { isObject } from '../core/json';
import type { Capabilities, ElementAnnotations, Revision } from './model';

export const TERMS = {
  revisions: 'Org.OData.Core.V1.Revisions',
  computed: 'Org.OData.Core.V1.Computed',
  immutable: 'Org.OData.Core.V1.Immutable',
  description: 'Org.OData.Core.V1.Description',
  insert: 'Org.OData.Capabilities.V1.InsertRestrictions',
  update: 'Org.OData.Capabilities.V1.UpdateRestrictions',
  delete: 'Org.OData.Capabilities.V1.DeleteRestrictions',
  read: 'Org.OData.Capabilities.V1.ReadRestrictions',
} as const;

const record = (value: unknown): Record<string, unknown> => (isObject(value) ? value : {});
const bool = (value: unknown): boolean | undefined => (typeof value === 'boolean' ? value : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
/** An enum value as JSON CSDL writes it (`"PATCH,PUT"`, or a qualified `…HttpMethod/PUT`): its member names. */
export const memberNames = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((member) => member.slice(member.lastIndexOf('/') + 1))
    : [];

function revisions(value: unknown): Revision[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((item) => {
    const fields = record(item);
    const [kind = 'unknown'] = memberNames(fields.Kind);
    const date = text(fields.Date);
    const removalDate = text(fields.RemovalDate);
    const description = text(fields.Description);
    const version = text(fields.Version);
    return {
      kind,
      ...(date ? { date } : {}),
      ...(removalDate ? { removalDate } : {}),
      ...(description ? { description } : {}),
      ...(version ? { version } : {}),
    };
  });
}

function capabilities(terms: Record<string, unknown>): Capabilities | undefined {
  const insert = record(terms[TERMS.insert]);
  const update = record(terms[TERMS.update]);
  const remove = record(terms[TERMS.delete]);
  const read = record(terms[TERMS.read]);
  const found: Capabilities = {};
  const set = <K extends keyof Capabilities>(key: K, value: Capabilities[K] | undefined) => {
    if (value !== undefined) found[key] = value;
  };
  set('insertable', bool(insert.Insertable));
  set('updatable', bool(update.Updatable));
  const methods = memberNames(update.UpdateMethod).map((method) => method.toUpperCase());
  if (methods.length) found.updateMethods = methods;
  set('deletable', bool(remove.Deletable));
  set('readable', bool(read.Readable));
  set('readableByKey', bool(record(read.ReadByKeyRestrictions).Readable));
  return Object.keys(found).length ? found : undefined;
}

/** The interpreted annotations of one element, from its terms (qualified term name → JSON value). */
export function interpretAnnotations(terms: Record<string, unknown>): ElementAnnotations {
  const found: ElementAnnotations = { terms };
  const revisionList = revisions(terms[TERMS.revisions]);
  if (revisionList?.length) found.revisions = revisionList;
  if (terms[TERMS.computed] !== undefined) found.computed = terms[TERMS.computed] !== false;
  if (terms[TERMS.immutable] !== undefined) found.immutable = terms[TERMS.immutable] !== false;
  const description = text(terms[TERMS.description]);
  if (description) found.description = description;
  const allowed = capabilities(terms);
  if (allowed) found.capabilities = allowed;
  return found;
}

export const NO_ANNOTATIONS: ElementAnnotations = Object.freeze({ terms: Object.freeze({}) });

/** Capabilities said nearer win over those said further away (`nearer` first). */
export function mergeCapabilities(...sources: (Capabilities | undefined)[]): Capabilities {
  const merged: Capabilities = {};
  for (const source of [...sources].reverse()) if (source) Object.assign(merged, source);
  return merged;
}
