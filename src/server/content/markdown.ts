import MarkdownIt from 'markdown-it';

/**
 * Lesson bodies are Markdown written by authors we trust less than our own code: raw HTML is shown
 * as text (html: false), markdown-it's link check refuses javascript:, vbscript:, file: and data:
 * links, images are off (a pack carries no image files, and remote images would tell a third
 * party who reads what), and links that leave the site open in a new tab without an opener.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false }).disable('image');
type Token = ReturnType<typeof md.parse>[number];

function headingSlug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

md.core.ruler.push('heading_ids', (state) => {
  const used = new Set<string>();
  state.tokens.forEach((token, i) => {
    if (token.type !== 'heading_open') return;
    const inline = state.tokens[i + 1];
    let id = headingSlug(inline?.content ?? '') || 'section';
    for (let n = 2; used.has(id); n++) id = `${headingSlug(inline?.content ?? '')}-${n}`;
    used.add(id);
    token.attrSet('id', id);
  });
});

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = String(tokens[idx].attrGet('href') ?? '');
  if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
    tokens[idx].attrSet('target', '_blank');
    tokens[idx].attrSet('rel', 'noopener noreferrer nofollow');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(markdown: string): string {
  return md.render(markdown);
}

function collectText(tokens: Token[], out: string[]) {
  for (const token of tokens) {
    if (token.type === 'inline' && token.children) collectText(token.children, out);
    else if (token.type === 'text' || token.type === 'code_inline') out.push(token.content);
    else if (token.type === 'fence' || token.type === 'code_block') out.push(token.content);
    else if (token.type === 'softbreak' || token.type === 'hardbreak') out.push(' ');
    else if (token.block && token.nesting === -1) out.push('\n');
  }
}

/** The words a reader sees, without Markdown syntax: what search indexes and what is counted. */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  collectText(md.parse(markdown, {}), out);
  return out
    .join('')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

/** Whitespace-separated words that hold at least one letter or digit (so "—" and "-" do not count). */
export function countWords(text: string): number {
  return text.match(/[^\s\p{L}\p{N}]*[\p{L}\p{N}]\S*/gu)?.length ?? 0;
}
