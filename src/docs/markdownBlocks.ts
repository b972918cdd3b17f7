/**
 * A page's markdown as the flat list of blocks the parser cares about, read with markdown-it
 * (CommonMark + GFM tables) so that fences, tables and HTML comments are found the way a renderer
 * finds them, wherever they sit (lists, tabs, no blank line before a comment).
 */
import MarkdownIt, { type Env, type Token } from 'markdown-it';

export type Block =
  | { kind: 'heading'; level: number; text: string; line: number }
  | { kind: 'paragraph'; text: string; line: number }
  | { kind: 'comment'; text: string; line: number }
  | { kind: 'fence'; info: string; content: string; line: number }
  | { kind: 'table'; header: string[]; rows: string[][]; line: number };

export interface MarkdownDocument {
  blocks: Block[];
  /** Reference-style link definitions (`[drive-resource]: ../resources/drive.md`), by lowercased label. */
  references: Map<string, string>;
}

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false });
// Only block structure is needed (headings, paragraphs, fences, tables, HTML blocks, link
// definitions); inline content is read as the raw text the blocks hold. Skipping inline
// tokenisation halves the time a page takes.
markdown.core.ruler.disable(['inline', 'linkify', 'replacements', 'smartquotes', 'text_join']);

const COMMENT = /<!--([\s\S]*?)-->/g;

function commentsIn(html: string, line: number): Block[] {
  return [...html.matchAll(COMMENT)].map((match) => ({ kind: 'comment' as const, text: match[1], line }));
}

/** Lines are 1-based, like an editor shows them. */
const lineOf = (token: Token, offset: number) => (token.map ? token.map[0] + 1 + offset : offset);

export function readMarkdown(source: string, lineOffset = 0): MarkdownDocument {
  const env: Env = {};
  const tokens = markdown.parse(source, env);
  const blocks: Block[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    switch (token.type) {
      case 'heading_open':
        blocks.push({
          kind: 'heading',
          level: Number(token.tag.slice(1)),
          text: tokens[i + 1].content.trim(),
          line: lineOf(token, lineOffset),
        });
        break;
      case 'paragraph_open': {
        const inline = tokens[i + 1];
        blocks.push({ kind: 'paragraph', text: inline.content, line: lineOf(token, lineOffset) });
        // An annotation written inside a paragraph is an inline HTML comment (not one shown in a code span).
        if (inline.content.includes('<!--'))
          blocks.push(...commentsIn(inline.content.replace(/(`+)[^`]*?\1/g, ''), lineOf(token, lineOffset)));
        break;
      }
      case 'html_block':
        blocks.push(...commentsIn(token.content, lineOf(token, lineOffset)));
        break;
      case 'fence':
      case 'code_block':
        blocks.push({ kind: 'fence', info: token.info.trim(), content: token.content, line: lineOf(token, lineOffset) });
        break;
      case 'table_open': {
        const rows: string[][] = [];
        let row: string[] | undefined;
        let j = i + 1;
        for (; j < tokens.length && tokens[j].type !== 'table_close'; j++) {
          if (tokens[j].type === 'tr_open') rows.push((row = []));
          else if (tokens[j].type === 'inline' && row) row.push(tokens[j].content.trim());
        }
        blocks.push({ kind: 'table', header: rows[0] ?? [], rows: rows.slice(1), line: lineOf(token, lineOffset) });
        i = j;
        break;
      }
    }
  }
  const references = new Map<string, string>();
  for (const [label, { href }] of Object.entries((env.references ?? {}) as Record<string, { href: string }>))
    references.set(label.toLowerCase(), href);
  return { blocks, references };
}
