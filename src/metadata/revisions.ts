/**
 * What the revisions along a path mean on a given day: deprecated (a note), or retired (a `Retired`
 * revision, or a deprecation whose `RemovalDate` has come): not a contract failure any more.
 */
import type { PathRevision } from './resolvePath';

export interface RevisionStatus {
  deprecated: boolean;
  /** A `Retired` revision, or a removal date on or before `today`. */
  retired: boolean;
  /** The earliest removal date said, when one is. */
  removalDate?: string;
  /** The element the status comes from (`microsoft.graph.ipSecurityProfile`) and what its revision says. */
  element?: string;
  description?: string;
}

/** The status of the revisions of a resolved path on `today` (`YYYY-MM-DD`, UTC). */
export function revisionStatus(revisions: readonly PathRevision[], today: string): RevisionStatus {
  const ending = revisions.filter(({ revision }) => /^(deprecated|retired)$/i.test(revision.kind));
  if (!ending.length) return { deprecated: false, retired: false };
  const isRetired = ({ revision }: PathRevision) =>
    /^retired$/i.test(revision.kind) || (revision.removalDate !== undefined && revision.removalDate <= today);
  // The revision that says most: a retirement first, then the earliest removal date.
  const [first] = [...ending].sort(
    (a, b) =>
      Number(isRetired(b)) - Number(isRetired(a)) || (a.revision.removalDate ?? '9999').localeCompare(b.revision.removalDate ?? '9999'),
  );
  return {
    deprecated: true,
    retired: ending.some(isRetired),
    ...(first.revision.removalDate ? { removalDate: first.revision.removalDate } : {}),
    element: first.element,
    ...(first.revision.description ? { description: first.revision.description } : {}),
  };
}
