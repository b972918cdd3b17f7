/**
 * Fills `{placeholder}` path segments: from PARAMS_FILE, else from a resource created by replaying the
 * documented create example of the same collection (deleted afterwards, best effort). What cannot be
 * filled is reported by name, so the test is skipped with a reason instead of sending `{placeholder}`.
 */
import { describeGraphError, graphErrorOf } from '../core/graphError';
import type { Contract, ContractExample } from '../contracts/contractExample';
import { findCreateExample, type CreateExamples } from '../contracts/loadContracts';
import { formatPath, placeholderName } from '../contracts/paths';
import { createdResource, type Send } from './created';
import { PrerequisiteError } from './errors';
import type { SkipKind } from '../report/checkResults';
import { buildRequest, type Target } from './outgoing';

/** Takes note of a resource the test made, to delete it when the test ends. */
export type RegisterCreated = (url: string, label: string) => void;

/** The path filled, or why it cannot be: `read-only` when only a write (a create) could fill it. */
export type Filled = { segments: string[]; query: string } | Unfilled;

/** Why a path cannot be filled, as the skip kind the summary counts and the reason it shows. */
export interface Unfilled {
  skip: string;
  kind: SkipKind;
}

/** Looks a placeholder up by its name, case-insensitively, or by any alternative of `{id | userPrincipalName}`. */
export function lookupParam(params: Record<string, string>, name: string): string | undefined {
  const candidates = [name, ...name.split('|').map((part) => part.trim())];
  for (const candidate of candidates) {
    const key = Object.keys(params).find((k) => k.toLowerCase() === candidate.toLowerCase());
    if (key !== undefined) return params[key];
  }
  return undefined;
}

export interface PathFillerOptions {
  suite: CreateExamples;
  target: Target;
  /** Placeholder values (PARAMS_FILE). */
  params: Record<string, string>;
  send: Send;
  registerCreated: RegisterCreated;
  /** Why a documented create cannot be sent (its body breaks its page's types, the token may not, …); its `unusable` by default. */
  whyNotSent?: (example: ContractExample) => { kind: SkipKind; reason: string } | undefined;
  /** READ_ONLY=1: a placeholder without a value is not made by a create (a write). */
  readOnly?: boolean;
}

export class PathFiller {
  constructor(
    private readonly options: PathFillerOptions,
    private readonly depth = 0,
  ) {}

  async fill(example: Contract): Promise<Filled> {
    const segments = [...example.path.segments];
    for (const placeholder of example.path.placeholders) {
      let value = lookupParam(this.options.params, placeholder.name);
      if (value === undefined && placeholderName(placeholder.exampleValue) !== undefined) {
        if (this.options.readOnly)
          return {
            skip: `READ_ONLY=1: path parameter {${placeholder.name}} has no value in PARAMS_FILE, and making one is a write`,
            kind: 'read-only',
          };
        const created = await this.createFor(example, segments.slice(0, placeholder.segment), placeholder.name);
        if ('skip' in created)
          return { skip: `path parameter {${placeholder.name}} has no value: set it in PARAMS_FILE, ${created.skip}`, kind: created.kind };
        value = created.id;
      }
      if (value !== undefined) segments[placeholder.segment] = encodeURIComponent(value);
    }
    // Placeholders inside a segment or the query (`(period='{period_value}')`, `?$filter=id eq '{id}'`)
    // can only come from PARAMS_FILE; one left unfilled skips the test rather than be sent literally.
    const missing = new Set<string>();
    const fillInside = (text: string) =>
      text.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
        const value = lookupParam(this.options.params, name.trim());
        if (value === undefined) missing.add(name.trim());
        return value === undefined ? whole : encodeURIComponent(value);
      });
    const filled = { segments: segments.map(fillInside), query: fillInside(example.path.query) };
    if (missing.size)
      return { skip: `path parameter {${[...missing].join('}, {')}} has no value: set it in PARAMS_FILE`, kind: 'placeholder' };
    return filled;
  }

  /** Creates a resource in the collection at `collection` and returns its id, or why it cannot. */
  private async createFor(example: Contract, collection: string[], name: string): Promise<{ id: string } | Unfilled> {
    const templateSegments = example.path.template?.path.split('/').filter(Boolean).slice(0, collection.length) ?? collection;
    // The item itself is what the example is about: create one of the type its response documents.
    const itemType = collection.length === example.path.segments.length - 1 ? example.expected.type : undefined;
    const create = this.depth < 3 ? findCreateExample(this.options.suite, templateSegments, itemType) : undefined;
    if (!create)
      return {
        skip: `or document a create example (POST ${formatPath(example.path.segments.slice(0, collection.length))}) in the contracts`,
        kind: 'placeholder',
      };
    const notSent = this.options.whyNotSent
      ? this.options.whyNotSent(create)
      : create.unusable && { kind: 'not-sendable' as const, reason: create.unusable };
    if (notSent) return { skip: `as the documented create example ${create.title} cannot be sent: ${notSent.reason}`, kind: notSent.kind };
    // The create example may itself sit under placeholders (nested collections): fill those first.
    const nested = new PathFiller(this.options, this.depth + 1);
    const filled = await nested.fill(create);
    if ('skip' in filled)
      return { skip: `as the documented create example ${create.title} cannot be sent: ${filled.skip}`, kind: filled.kind };
    const segments = filled.segments.map((segment, i) => (i < collection.length ? collection[i] : segment));
    const label = `prerequisite: create ${create.expected.type ?? 'resource'} for {${name}}`;
    const exchange = await this.options.send(buildRequest(create, this.options.target, { segments, query: filled.query }), label);
    const created = createdResource(exchange);
    if (created)
      this.options.registerCreated(created.url, `clean-up: delete ${create.expected.type ?? 'resource'} ${created.id ?? created.url}`);
    if (!created?.id) {
      // The tests that needed it are skipped as blocked with this sentence: it names the example and quotes the error.
      const { response } = exchange;
      const succeeded = response.status >= 200 && response.status <= 299;
      const error = graphErrorOf(response.json);
      const answer = `${response.status}${error ? ` ${describeGraphError(error)}` : ''}${succeeded ? ' without an id' : ''}`;
      throw new PrerequisiteError(`cannot obtain {${name}}: the documented create example ${create.title} answered ${answer}`);
    }
    return { id: created.id };
  }
}
