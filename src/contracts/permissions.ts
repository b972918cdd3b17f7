/**
 * What a page's permissions table means for a run: whether an example is skipped (its page does not support
 * the run's kind of token, or lists none of the permissions granted), and the one root cause of a `401`/`403`.
 * Pure: the page, the run's TOKEN_KIND and GRANTED_PERMISSIONS, the response. A page without a usable table
 * never skips; a cell the suite cannot read as a plain list ("A and B", per resource, "TODO") never skips on
 * what was granted: the suite does not guess what a page leaves unclear.
 */
import type { Settings, TokenKind } from '../config';
import type { ReceivedResponse } from '../core/http';
import { describeGraphError, graphErrorOf } from '../core/graphError';
import type { Page, PermissionKind, PermissionRow } from '../docs/model';
import { PERMISSION_KIND_LABELS } from '../docs/permissions';

/** What a run says of its token: its kind and what it was granted, each possibly unknown. */
export type PermissionsRun = Pick<Settings, 'tokenKind' | 'grantedPermissions'>;
/** The page as these decisions read it. */
export type PermissionsPage = Pick<Page, 'file' | 'permissions'>;

/** The table row that speaks of a token kind: a delegated token is a work or school account's unless said personal. */
export const permissionKindOf = (token: TokenKind): PermissionKind => (token === 'delegated' ? 'delegated-work' : token);

const KIND_ORDER: readonly PermissionKind[] = ['delegated-work', 'delegated-personal', 'application'];

/** `23-25, 34`: page lines, runs of consecutive lines joined. */
function lineRanges(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const line of sorted) {
    const last = runs[runs.length - 1];
    if (last && line === last[1] + 1) last[1] = line;
    else runs.push([line, line]);
  }
  return runs.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(', ');
}

const where = (file: string, rows: readonly { line: number }[]) => `${file}:${lineRanges(rows.map((row) => row.line))}`;
/** The cell as quoted: its final period dropped, an empty cell named. */
const quoted = (row: PermissionRow) => row.text.replace(/\.$/, '') || 'empty cell';
const isPlainNotSupported = (row: PermissionRow) => /^not supported$/i.test(quoted(row));

/** A row's permissions as a reader wants them: the names least privileged first, or the cell itself when it says more. */
function rowWords(row: PermissionRow): string {
  if (row.permissions === 'not-supported') return isPlainNotSupported(row) ? 'not supported' : `not supported ("${quoted(row)}")`;
  if (!row.permissions.length) return `no permission needed ("${quoted(row)}")`;
  return row.qualified ? `"${row.text}"` : row.permissions.join(', ');
}

/** `Application SecurityEvents.ReadWrite.All`, `Application (Permissions for chat) Chat.Read.All`, one per row. */
function describeRows(rows: readonly PermissionRow[]): string {
  return rows.map((row) => `${PERMISSION_KIND_LABELS[row.kind]}${row.scope ? ` (${row.scope})` : ''} ${rowWords(row)}`).join('; ');
}

/** `Not supported (Permissions acting on self, Permissions acting on other users; page.md:27, 35)`: what rows of one kind say. */
function sayOnce(file: string, rows: readonly PermissionRow[]): string {
  const texts = [...new Set(rows.map(quoted))];
  const scopes = rows.map((row) => row.scope).filter((scope): scope is string => scope !== undefined);
  if (texts.length === 1) return `${texts[0]} (${scopes.length ? `${scopes.join(', ')}; ` : ''}${where(file, rows)})`;
  return `${rows.map((row) => `${row.scope ? `${row.scope}: ` : ''}${quoted(row)}`).join('; ')} (${where(file, rows)})`;
}

const byKind = (rows: readonly PermissionRow[]) =>
  [...rows].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.line - b.line);

/** The granted names the rows list, as the rows spell them. */
function grantedAmong(rows: readonly PermissionRow[], granted: readonly string[]): string[] {
  const wanted = new Set(granted.map((name) => name.toLowerCase()));
  const names = rows.flatMap((row) => (Array.isArray(row.permissions) ? row.permissions : []));
  return [...new Set(names.filter((name) => wanted.has(name.toLowerCase())))];
}

/**
 * Why the examples of this page are skipped for permissions, or undefined: the page does not support the run's token
 * kind (`Application: Not supported (todotasklist-delete.md:22); …`), or, with GRANTED_PERMISSIONS, it lists none of
 * what was granted for that kind (for every kind, when the kind is unknown).
 */
export function permissionsSkipReason(page: PermissionsPage, run: PermissionsRun): string | undefined {
  const table = page.permissions;
  if (!table?.rows.length) return undefined;
  const kind = run.tokenKind && permissionKindOf(run.tokenKind);
  // A row the parser could not read for this kind (or whose kind it could not tell) might allow it.
  const unclear = (table.unread ?? []).some((entry) => kind === undefined || entry.kind === undefined || entry.kind === kind);
  const rows = kind ? table.rows.filter((row) => row.kind === kind) : table.rows;
  if (!rows.length || unclear) return undefined;

  const supported = rows.filter((row) => row.permissions !== 'not-supported');
  if (!supported.length) {
    // Only a known kind is ruled out: an unknown one may be any other.
    if (!kind) return undefined;
    return `${PERMISSION_KIND_LABELS[kind]}: ${sayOnce(page.file, rows)}; the run's token is ${kind === 'application' ? 'an' : 'a'} ${run.tokenKind} token (TOKEN_KIND)`;
  }

  const granted = run.grantedPermissions;
  // Only plain lists of alternatives say that none of the granted names will do.
  const plain = supported.every((row) => Array.isArray(row.permissions) && row.permissions.length && !row.qualified);
  if (!granted || !plain || grantedAmong(supported, granted).length) return undefined;
  const needs = kind
    ? `${PERMISSION_KIND_LABELS[kind]}: needs one of ${supported.map((row) => `${row.scope ? `(${row.scope}) ` : ''}${rowWords(row)}`).join('; ')}`
    : `needs one of ${describeRows(byKind(supported))}`;
  return `${needs} (${where(page.file, supported)}); granted: ${granted.join(', ')} (GRANTED_PERMISSIONS)`;
}

const STATUS_TEXT: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden' };

/** What the page's table says about the run's token, for a refusal. */
function whatThePageSays(page: PermissionsPage, run: PermissionsRun): string {
  const table = page.permissions;
  if (!table?.rows.length) {
    return table
      ? `the page's permissions section has no table to say which permission this operation needs (${page.file}:${table.line})`
      : 'the page has no permissions table to say which permission this operation needs';
  }
  const kind = run.tokenKind && permissionKindOf(run.tokenKind);
  const rows = kind ? table.rows.filter((row) => row.kind === kind) : byKind(table.rows);
  // A row the page has yet to fill ("TODO: Determine scopes") says that much, quoted.
  const unread = (table.unread ?? []).filter((entry) => entry.kind !== undefined && (kind === undefined || entry.kind === kind));
  const unnamed = unread.map((entry) => `${PERMISSION_KIND_LABELS[entry.kind!]} "${entry.text}"`).join('; ');
  if (!rows.length && unread.length) return `the page does not name the permissions yet: ${unnamed} (${where(page.file, unread)})`;
  if (!rows.length)
    return `the page says nothing of ${PERMISSION_KIND_LABELS[kind!]} tokens; it allows ${describeRows(byKind(table.rows))} (${where(page.file, table.rows)})`;
  if (kind && rows.every((row) => row.permissions === 'not-supported')) {
    return `the page does not support ${PERMISSION_KIND_LABELS[kind]} tokens: ${sayOnce(page.file, rows)}`;
  }
  if (kind && rows.every((row) => Array.isArray(row.permissions) && !row.permissions.length)) {
    return `the page says ${PERMISSION_KIND_LABELS[kind]} tokens need no permission: ${sayOnce(page.file, rows)}`;
  }
  const listed = rows.some((row) => Array.isArray(row.permissions) && row.permissions.length && !row.qualified);
  const allows = `the page allows ${describeRows(rows)} (${listed ? 'least privileged first; ' : ''}${where(page.file, rows)})`;
  return unread.length ? `${allows}; it does not name the permissions yet for ${unnamed} (${where(page.file, unread)})` : allows;
}

/**
 * The one root cause of a `401` or `403` answer, naming what the page requires for the run's token kind, e.g.
 * `403 Forbidden: the page allows Application SecurityEvents.ReadWrite.All (least privileged first; alert-update.md:24); token kind application`.
 * Undefined for any other status.
 */
export function permissionsRootCause(
  page: PermissionsPage,
  run: PermissionsRun,
  response: Pick<ReceivedResponse, 'status' | 'statusText' | 'json'>,
): string | undefined {
  const { status } = response;
  if (status !== 401 && status !== 403) return undefined;
  const parts = [
    ...(status === 401
      ? ['the token was not accepted (expired, or for another audience or tenant), or the operation answers 401 for a missing permission']
      : []),
    whatThePageSays(page, run),
    `token kind ${run.tokenKind ?? 'unknown (TOKEN_KIND names it)'}`,
  ];
  const granted = run.grantedPermissions;
  if (granted) {
    const kind = run.tokenKind && permissionKindOf(run.tokenKind);
    const allowed = grantedAmong(
      (page.permissions?.rows ?? []).filter((row) => kind === undefined || row.kind === kind),
      granted,
    );
    parts.push(
      `granted ${granted.join(', ')}${allowed.length ? `, of which the page allows ${allowed.join(', ')}: the refusal is about something else (a role, a licence, or access to this very resource)` : ''}`,
    );
  }
  const error = graphErrorOf(response.json);
  if (error) parts.push(`the service said ${describeGraphError(error)}`);
  return `${status} ${response.statusText || STATUS_TEXT[status]}: ${parts.join('; ')}`;
}
