import MarkdownIt from 'markdown-it';

/** A stretch of text in one style. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
}

export type Block =
  | { kind: 'heading'; level: number; runs: Run[] }
  | { kind: 'paragraph'; runs: Run[]; indent: number; marker?: string }
  | { kind: 'code'; text: string }
  | { kind: 'rule' };

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
type Token = ReturnType<typeof md.parse>[number];

function inlineRuns(children: Token[]): Run[] {
  const runs: Run[] = [];
  let bold = 0;
  let italic = 0;
  for (const t of children) {
    switch (t.type) {
      case 'strong_open':
        bold++;
        break;
      case 'strong_close':
        bold--;
        break;
      case 'em_open':
        italic++;
        break;
      case 'em_close':
        italic--;
        break;
      case 'code_inline':
        runs.push({ text: t.content, code: true });
        break;
      case 'softbreak':
      case 'hardbreak':
        runs.push({ text: ' ', bold: bold > 0, italic: italic > 0 });
        break;
      case 'text':
      case 'html_inline':
        if (t.content) runs.push({ text: t.content, bold: bold > 0, italic: italic > 0 });
        break;
      case 'image':
        if (t.content) runs.push({ text: t.content, italic: true });
        break;
      default:
        break;
    }
  }
  return runs;
}

/**
 * Lesson Markdown as printable blocks: headings, paragraphs, bulleted and numbered lists (nested),
 * block quotes, code and tables (cells separated by " | "). Bold and italic survive as run styles.
 */
export function markdownBlocks(markdown: string): Block[] {
  const tokens = md.parse(markdown, {});
  const blocks: Block[] = [];
  const lists: { ordered: boolean; next: number }[] = [];
  let quote = 0;
  let pendingMarker: string | undefined;
  let row: Run[][] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case 'heading_open':
        blocks.push({ kind: 'heading', level: Number(t.tag.slice(1)), runs: inlineRuns(tokens[i + 1].children ?? []) });
        i += 2;
        break;
      case 'bullet_list_open':
        lists.push({ ordered: false, next: 1 });
        break;
      case 'ordered_list_open':
        lists.push({ ordered: true, next: Number(t.attrGet('start') ?? 1) });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open': {
        const list = lists[lists.length - 1];
        pendingMarker = list.ordered ? `${list.next++}.` : '\u2022';
        break;
      }
      case 'blockquote_open':
        quote++;
        break;
      case 'blockquote_close':
        quote--;
        break;
      case 'inline': {
        if (row) {
          row.push(inlineRuns(t.children ?? []));
          break;
        }
        const runs = inlineRuns(t.children ?? []);
        if (quote) runs.forEach((r) => (r.italic = true));
        blocks.push({ kind: 'paragraph', runs, indent: lists.length + quote, marker: pendingMarker });
        pendingMarker = undefined;
        break;
      }
      case 'fence':
      case 'code_block':
        blocks.push({ kind: 'code', text: t.content.replace(/\n$/, '') });
        break;
      case 'hr':
        blocks.push({ kind: 'rule' });
        break;
      case 'tr_open':
        row = [];
        break;
      case 'tr_close': {
        const cells = row ?? [];
        row = null;
        const runs: Run[] = [];
        cells.forEach((cell, n) => {
          if (n > 0) runs.push({ text: ' | ' });
          runs.push(...cell);
        });
        blocks.push({ kind: 'paragraph', runs, indent: lists.length });
        break;
      }
      default:
        break;
    }
  }
  return blocks;
}
