/**
 * Whose promise broke: each broken promise judged with the third witness, the service's own $metadata.
 *   - the response keeps the metadata and breaks the page: `docs` (the page drifted from the service);
 *   - it keeps the page and breaks the metadata: `metadata` (the service declares what it does not do);
 *   - it breaks both: `service`;
 *   - the operation is past its metadata RemovalDate: `retired`, not a contract failure.
 * A promise the metadata says nothing of (a status, a content type, an echoed value) is the service's,
 * unless the metadata shows the page is what is wrong: it declares no such path, or rules the method out.
 * Without metadata there are no verdicts: two witnesses cannot tell who drifted.
 */
import { unqualifiedName } from '../core/odata';
import type { Verdict, Violation } from '../core/violations';
import type { Contract } from '../contracts/contractExample';
import type { ServiceMetadata } from '../schema/serviceMetadata';
import { answersCollection } from './metadata';
import type { CheckReport } from './run';

export interface Witness {
  metadata?: ServiceMetadata;
  /** The operation is past its metadata RemovalDate (or retired outright). */
  retired?: boolean;
}

/** A type as a page names it: `Int64` for `Edm.Int64`, `ipCategory` for `microsoft.graph.ipCategory`. */
const shortType = (type: string) => (type.startsWith('Edm.') ? type.slice(4) : unqualifiedName(type));

/** Why the metadata says the page is wrong about the operation itself, when it does. */
function pageDrifted(contract: Contract, metadata: ServiceMetadata): string | undefined {
  const resolved = metadata.resolve(contract);
  if (!resolved.resolved) return `the metadata declares no such path: ${resolved.reason}`;
  const { capabilities } = resolved;
  const method = contract.method.toUpperCase();
  if (method === 'POST' && resolved.addresses === 'collection' && capabilities.insertable === false)
    return 'the metadata says the collection is not insertable';
  if ((method === 'PATCH' || method === 'PUT') && capabilities.updatable === false) return 'the metadata says it is not updatable';
  if ((method === 'PATCH' || method === 'PUT') && capabilities.updateMethods && !capabilities.updateMethods.includes(method))
    return `the metadata says updates use ${capabilities.updateMethods.join(' or ')}`;
  if (method === 'DELETE' && capabilities.deletable === false) return 'the metadata says it is not deletable';
  return undefined;
}

const withNote = (violation: Violation, note: string): Violation => ({
  ...violation,
  note: violation.note ? `${violation.note}; ${note}` : note,
});

/** The reports with a verdict on every broken promise (unchanged without metadata). */
export function judgeVerdicts(contract: Contract, reports: readonly CheckReport[], witness: Witness): CheckReport[] {
  const { metadata } = witness;
  if (!metadata) return [...reports];
  const metadataReport = reports.find((report) => report.check === 'metadata');
  const metadataJudged = metadataReport?.outcome === 'kept' || metadataReport?.outcome === 'broken';
  const metadataBroken = new Set(metadataReport?.outcome === 'broken' ? metadataReport.violations.map((v) => v.path ?? '') : []);
  const pageBroken = new Set(
    reports.flatMap((report) =>
      report.check !== 'metadata' && report.outcome === 'broken' ? report.violations.map((v) => v.path ?? '') : [],
    ),
  );
  const drifted = pageDrifted(contract, metadata);
  const resolved = metadata.resolve(contract);
  const declaredUse = resolved.resolved && resolved.type ? { type: resolved.type, collection: false } : undefined;
  const collection = answersCollection(resolved, contract);

  const judge = (check: string, violation: Violation): Violation => {
    if (witness.retired) return { ...violation, verdict: 'retired' };
    const at = violation.path ?? '';
    if (check === 'metadata') return { ...violation, verdict: pageBroken.has(at) ? 'service' : 'metadata' };
    if (check === 'schema' && metadataJudged && at !== '') {
      if (metadataBroken.has(at)) return { ...violation, verdict: 'service' };
      // The service keeps what it declares here: the page promised otherwise.
      const declared = declaredUse && metadata.declaredAt(declaredUse, collectionItem(at, collection));
      const says = declared
        ? `the metadata declares ${declared.collection ? `Collection(${shortType(declared.type)})` : shortType(declared.type)}`
        : 'the metadata declares no such property';
      return withNote({ ...violation, verdict: 'docs' }, says);
    }
    const verdict: Verdict = drifted ? 'docs' : 'service';
    return drifted ? withNote({ ...violation, verdict }, drifted) : { ...violation, verdict };
  };

  return reports.map((report) =>
    report.outcome === 'broken' ? { ...report, violations: report.violations.map((violation) => judge(report.check, violation)) } : report,
  );
}

/** A pointer into a collection response (`/value/3/countHits`) as one into an item of the collection (`/3/countHits`). */
function collectionItem(pointer: string, collection: boolean): string {
  return collection ? pointer.replace(/^\/[^/]+(?=\/\d+(\/|$))/, '') : pointer;
}
