import MarkdownIt from 'markdown-it';

/** A Markdown document as a reviewer sees it: headings, paragraphs and tables, in order. */
export type Block =
  | { type: 'heading'; level: number; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'table'; header: string[]; rows: string[][] }
  | { type: 'html'; text: string };

/** Parses with markdown-it (CommonMark with GitHub tables) so tests check structure, not spacing. */
export function parseMarkdown(text: string): Block[] {
  const tokens = new MarkdownIt('default', { html: true }).parse(text, {});
  const blocks: Block[] = [];
  let table: { header: string[]; rows: string[][] } | undefined;
  let row: string[] | undefined;
  let inHead = false;
  tokens.forEach((token, i) => {
    const next = tokens[i + 1];
    switch (token.type) {
      case 'heading_open':
        blocks.push({ type: 'heading', level: Number(token.tag.slice(1)), text: next.content });
        break;
      case 'paragraph_open':
        if (!table) blocks.push({ type: 'paragraph', text: next.content });
        break;
      case 'html_block':
        blocks.push({ type: 'html', text: token.content.trim() });
        break;
      case 'table_open':
        table = { header: [], rows: [] };
        break;
      case 'thead_open':
        inHead = true;
        break;
      case 'thead_close':
        inHead = false;
        break;
      case 'tr_open':
        row = [];
        break;
      case 'th_open':
      case 'td_open':
        row?.push(next.content);
        break;
      case 'tr_close':
        if (table && row) {
          if (inHead) table.header = row;
          else table.rows.push(row);
        }
        break;
      case 'table_close':
        if (table) blocks.push({ type: 'table', ...table });
        table = undefined;
        break;
    }
  });
  return blocks;
}

/** The tables that follow each heading of `level`, by the heading's text. */
export function tablesUnder(
  blocks: readonly Block[],
  level: number,
): Map<string, Array<{ header: string[]; rows: string[][] }>> {
  const sections = new Map<string, Array<{ header: string[]; rows: string[][] }>>();
  let current: string | undefined;
  for (const block of blocks) {
    if (block.type === 'heading' && block.level <= level)
      current = block.level === level ? block.text : undefined;
    else if (block.type === 'table' && current !== undefined) {
      sections.set(current, [...(sections.get(current) ?? []), { header: block.header, rows: block.rows }]);
    }
  }
  return sections;
}
