/**
 * A page's permissions tables → `PagePermissions`. The Graph reference writes one under "Permissions" (under
 * "Prerequisites" on Intune pages): a row per permission type, the permissions from least to most privileged.
 * Read as the pages really write them: the order the header states, "Not supported" and its variants, "None."
 * (nothing needed), several tables under sub-headings or lead-ins ("For users:"), a column per permission
 * type with a row per resource, and a table GFM does not render (its delimiter row has one column too many),
 * which markdown-it hands over as a paragraph. What cannot be read is kept as `unread`, for docs:check.
 */
import type { Block } from './markdownBlocks';
import type { PagePermissions, PermissionKind, PermissionRow } from './model';

/** How the pages name each permission type (and how messages name it). */
export const PERMISSION_KIND_LABELS: Readonly<Record<PermissionKind, string>> = {
  'delegated-work': 'Delegated (work or school account)',
  'delegated-personal': 'Delegated (personal Microsoft account)',
  application: 'Application',
};

/** `User.Read.All`, `TeamsTab.Delete.Group` (a footnote's `*` left out): dotted names starting with a capital. */
const PERMISSION_NAME = /(?<![\w.])[A-Z][A-Za-z0-9]*(?:\.[A-Za-z][\w-]*)+/g;
const NOT_SUPPORTED = /\bnot\s+(supported|applicable|available)\b|^n\/?a\.?$|^-$|^$/i;
const NONE_NEEDED = /^none\.?$/i;
/** What a plain list of alternatives holds besides the names: separators, `or`, footnote marks, a final period. */
const LIST_SEPARATORS = /[\s,.*]|\bor\b/gi;

/** Cell text without markup: links become their text, `<br>` a space, emphasis and code marks go. */
export function cellText(cell: string): string {
  return cell
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<\/?br\s*\/?>/gi, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;|&#160;/gi, ' ')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The permission type a row label (or a column header) names: `Delegated (work or school account)`, `[Application permission](…)`. */
export function permissionKind(label: string): PermissionKind | undefined {
  const text = cellText(label).toLowerCase();
  if (/\bdelegated\b/.test(text)) {
    if (/personal|microsoft account|\bmsa\b/.test(text)) return 'delegated-personal';
    if (/work|school|organi[sz]ation/.test(text)) return 'delegated-work';
    return undefined;
  }
  return /^application\b/.test(text) ? 'application' : undefined;
}

/** A markdown table row written with pipes, split into trimmed cells (`\|` stays in its cell). */
const splitRow = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
const isDelimiterRow = (line: string) => /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/.test(line);

interface TableRows {
  header: string[];
  rows: { cells: string[]; line: number }[];
  line: number;
}

type Unread = NonNullable<PagePermissions['unread']>[number];

/** One cell: the names it lists (least privileged first), none needed, or not supported; undefined when it names no permission. */
function readCell(cell: string, mostPrivilegedFirst: boolean): Pick<PermissionRow, 'text' | 'permissions' | 'qualified'> | undefined {
  const text = cellText(cell);
  const names: string[] = [];
  for (const [name] of text.matchAll(PERMISSION_NAME)) {
    if (!names.some((known) => known.toLowerCase() === name.toLowerCase())) names.push(name);
  }
  if (!names.length) {
    if (NONE_NEEDED.test(text)) return { text, permissions: [] };
    if (NOT_SUPPORTED.test(text)) return { text, permissions: 'not-supported' };
    return undefined;
  }
  const rest = text.replace(PERMISSION_NAME, '').replace(LIST_SEPARATORS, '');
  return { text, permissions: mostPrivilegedFirst ? names.reverse() : names, ...(rest ? { qualified: true as const } : {}) };
}

/** Reads the permissions tables of one page, block by block, as parsePage walks it. */
export class PermissionsReader {
  private readonly rows: PermissionRow[] = [];
  private readonly unread: Unread[] = [];
  private tableLine?: number;
  private sectionLine?: number;
  /** The heading below h2 the next table sits under, within the current h2 section. */
  private subheading?: string;
  /** A short paragraph ending with a colon just before the next table ("For applications:"). */
  private leadIn?: string;

  heading(block: Extract<Block, { kind: 'heading' }>): void {
    this.leadIn = undefined;
    if (block.level <= 2) {
      this.subheading = undefined;
      if (this.sectionLine === undefined && /^(permissions?|prerequisites)\b/i.test(block.text.trim())) this.sectionLine = block.line;
    } else this.subheading = cellText(block.text).replace(/:$/, '');
  }

  paragraph(block: Extract<Block, { kind: 'paragraph' }>): void {
    this.leadIn = undefined;
    if (block.text.includes('|')) {
      const lines = block.text.split('\n');
      // A pipe table whose delimiter row does not match its header is no GFM table, but the page means one.
      const start = lines.findIndex((line, index) => line.trim().startsWith('|') && isDelimiterRow(lines[index + 1] ?? ''));
      if (start >= 0) {
        const end = lines.findIndex((line, index) => index > start + 1 && !line.trim().startsWith('|'));
        const rows = lines
          .slice(start + 2, end < 0 ? undefined : end)
          .map((line, index) => ({ cells: splitRow(line), line: block.line + start + 2 + index }));
        this.table({ header: splitRow(lines[start]), rows, line: block.line + start });
        return;
      }
    }
    if (block.text.length > 200 || !block.text.trimEnd().endsWith(':')) return;
    const text = cellText(block.text);
    if (text.length <= 80) this.leadIn = text.slice(0, -1);
  }

  /** A table block: read when it is a permissions table, else ignored. */
  table(block: Extract<Block, { kind: 'table' }> | TableRows): void {
    const scope = this.subheading ?? this.leadIn;
    this.leadIn = undefined;
    // Most tables (properties, headers, enums) are told apart by their header at a glance.
    if (!/permission|delegated/i.test(block.header.join('|'))) return;
    const table: TableRows =
      'kind' in block
        ? { header: block.header, rows: block.rows.map((cells, index) => ({ cells, line: block.line + index + 2 })), line: block.line }
        : block;
    const header = table.header.map((cell) => cellText(cell).toLowerCase());
    const column = header.findIndex((cell, index) => index > 0 && /permission/.test(cell));
    if (/permission/.test(header[0] ?? '') && column > 0) this.readByRow(table, column, /most to least/.test(header[column]), scope);
    else if (header.filter((cell, index) => index > 0 && permissionKind(cell)).length >= 2) this.readByColumn(table, scope);
  }

  /** `|Permission type|Permissions (from least to most privileged)|`: a row per permission type. */
  private readByRow(table: TableRows, column: number, mostPrivilegedFirst: boolean, scope: string | undefined): void {
    this.tableLine ??= table.line;
    for (const { cells, line } of table.rows) {
      const label = cellText(cells[0] ?? '');
      const kind = permissionKind(label);
      if (!kind) {
        this.unread.push({ line, text: label });
        continue;
      }
      this.add(kind, line, cells[column] ?? '', mostPrivilegedFirst, scope);
    }
  }

  /** `|Supported resource|Delegated (work or school account)|…|Application|`: a row per resource, a column per permission type. */
  private readByColumn(table: TableRows, scope: string | undefined): void {
    this.tableLine ??= table.line;
    const kinds = table.header.map((cell, index) => (index > 0 ? permissionKind(cell) : undefined));
    for (const { cells, line } of table.rows) {
      const resource = cellText(cells[0] ?? '');
      const rowScope = [scope, resource].filter(Boolean).join(' ') || undefined;
      kinds.forEach((kind, index) => {
        if (kind) this.add(kind, line, cells[index] ?? '', false, rowScope);
      });
    }
  }

  private add(kind: PermissionKind, line: number, cell: string, mostPrivilegedFirst: boolean, scope: string | undefined): void {
    const read = readCell(cell, mostPrivilegedFirst);
    if (!read) {
      this.unread.push({ line, kind, text: cellText(cell) });
      return;
    }
    this.rows.push({ kind, line, ...read, ...(scope ? { scope } : {}) });
  }

  /** What the page says, when it has a permissions table or section; undefined when it has neither. */
  result(): PagePermissions | undefined {
    const line = this.tableLine ?? this.sectionLine;
    if (line === undefined) return undefined;
    return { line, rows: this.rows, ...(this.unread.length ? { unread: this.unread } : {}) };
  }
}
