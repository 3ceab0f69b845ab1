import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { makeSanitiser } from './winansi.js';
import type { Block, Run } from './markdown-blocks.js';

export const PAGE = { width: 595.28, height: 841.89 }; // A4 in points
export const MARGIN = { top: 64, bottom: 64, left: 62, right: 62 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const INK = rgb(0.12, 0.13, 0.16);
const MUTED = rgb(0.38, 0.4, 0.45);
const ACCENT = rgb(0.11, 0.33, 0.55);

export interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  italic: PDFFont;
  boldItalic: PDFFont;
  mono: PDFFont;
}

export interface TextStyle {
  size: number;
  leading: number;
  color?: ReturnType<typeof rgb>;
}

const BODY: TextStyle = { size: 10.5, leading: 15 };

/** Lays text out top to bottom over A4 pages with the standard fonts: wrapping, styles, page breaks. */
export class GuideWriter {
  page!: PDFPage;
  y = 0;
  readonly clean: (s: string) => string;

  private constructor(
    readonly doc: PDFDocument,
    readonly fonts: Fonts,
  ) {
    this.clean = makeSanitiser(new Set(fonts.regular.getCharacterSet()));
  }

  static async create(title: string): Promise<GuideWriter> {
    const doc = await PDFDocument.create();
    doc.setTitle(title);
    doc.setCreator('Milewide');
    doc.setProducer('Milewide (pdf-lib)');
    const fonts: Fonts = {
      regular: await doc.embedFont(StandardFonts.Helvetica),
      bold: await doc.embedFont(StandardFonts.HelveticaBold),
      italic: await doc.embedFont(StandardFonts.HelveticaOblique),
      boldItalic: await doc.embedFont(StandardFonts.HelveticaBoldOblique),
      mono: await doc.embedFont(StandardFonts.Courier),
    };
    return new GuideWriter(doc, fonts);
  }

  get pageNumber(): number {
    return this.doc.getPageCount();
  }

  newPage(): PDFPage {
    this.page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.y = PAGE.height - MARGIN.top;
    return this.page;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensure(height: number) {
    if (!this.page || this.y - height < MARGIN.bottom) this.newPage();
  }

  space(points: number) {
    this.y -= points;
  }

  private fontFor(run: Run): PDFFont {
    if (run.code) return this.fonts.mono;
    if (run.bold && run.italic) return this.fonts.boldItalic;
    if (run.bold) return this.fonts.bold;
    if (run.italic) return this.fonts.italic;
    return this.fonts.regular;
  }

  /** Breaks styled runs into lines no wider than `width`; each line is a list of same-style pieces. */
  wrap(runs: Run[], size: number, width: number): { run: Run; text: string }[][] {
    const lines: { run: Run; text: string }[][] = [];
    let line: { run: Run; text: string }[] = [];
    let lineWidth = 0;
    const push = (run: Run, text: string) => {
      const last = line[line.length - 1];
      if (last && last.run === run) last.text += text;
      else line.push({ run, text });
    };
    const breakLine = () => {
      if (line.length) {
        const last = line[line.length - 1];
        last.text = last.text.replace(/\s+$/, '');
      }
      lines.push(line);
      line = [];
      lineWidth = 0;
    };
    for (const run of runs) {
      const font = this.fontFor(run);
      for (const word of this.clean(run.text).split(/(?<=\s)/)) {
        if (!word) continue;
        const w = font.widthOfTextAtSize(word, size);
        const bare = font.widthOfTextAtSize(word.trimEnd(), size);
        if (lineWidth + bare > width && lineWidth > 0) {
          breakLine();
          if (/^\s+$/.test(word)) continue;
        }
        if (bare > width) {
          // A word longer than a whole line (a long URL): cut it where the line is full.
          let rest = word;
          while (rest) {
            const room = width - lineWidth;
            if (font.widthOfTextAtSize(rest.trimEnd(), size) <= room) {
              push(run, rest);
              lineWidth += font.widthOfTextAtSize(rest, size);
              break;
            }
            let n = rest.length;
            while (n > 1 && font.widthOfTextAtSize(rest.slice(0, n), size) > room) n--;
            if (n <= 1 && lineWidth > 0) {
              breakLine();
              continue;
            }
            push(run, rest.slice(0, n));
            breakLine();
            rest = rest.slice(n);
          }
          continue;
        }
        if (lineWidth === 0 && /^\s+$/.test(word)) continue;
        push(run, word);
        lineWidth += w;
      }
    }
    if (line.length) breakLine();
    return lines;
  }

  /** Writes wrapped runs at the cursor; `indent` shifts the block, `marker` hangs in front of its first line. */
  runs(runs: Run[], style: TextStyle = BODY, opts: { indent?: number; marker?: string; keepWithNext?: number } = {}) {
    const indent = opts.indent ?? 0;
    const x = MARGIN.left + indent;
    const lines = this.wrap(runs, style.size, TEXT_WIDTH - indent);
    this.ensure(style.leading * Math.min(lines.length, 2) + (opts.keepWithNext ?? 0));
    lines.forEach((line, i) => {
      this.ensure(style.leading);
      const baseline = this.y - style.size;
      if (i === 0 && opts.marker) {
        const marker = this.clean(opts.marker);
        const mw = this.fonts.regular.widthOfTextAtSize(marker, style.size);
        this.page.drawText(marker, { x: x - mw - 5, y: baseline, size: style.size, font: this.fonts.regular, color: style.color ?? INK });
      }
      let cx = x;
      for (const piece of line) {
        if (!piece.text) continue;
        const font = this.fontFor(piece.run);
        this.page.drawText(piece.text, { x: cx, y: baseline, size: style.size, font, color: style.color ?? INK });
        cx += font.widthOfTextAtSize(piece.text, style.size);
      }
      this.y -= style.leading;
    });
  }

  text(text: string, style: TextStyle = BODY, opts: { bold?: boolean; italic?: boolean; indent?: number; keepWithNext?: number } = {}) {
    this.runs([{ text, bold: opts.bold, italic: opts.italic }], style, { indent: opts.indent, keepWithNext: opts.keepWithNext });
  }

  heading(text: string, level: 1 | 2 | 3) {
    const size = level === 1 ? 20 : level === 2 ? 14 : 12;
    this.space(level === 1 ? 0 : 8);
    this.runs([{ text, bold: true }], { size, leading: size * 1.3, color: level === 1 ? INK : ACCENT }, { keepWithNext: BODY.leading * 2 });
    this.space(4);
  }

  muted(text: string, size = 9.5) {
    this.runs([{ text }], { size, leading: size * 1.45, color: MUTED });
  }

  blocks(blocks: Block[]) {
    for (const block of blocks) {
      if (block.kind === 'heading') {
        this.heading(block.runs.map((r) => r.text).join(''), block.level <= 2 ? 2 : 3);
      } else if (block.kind === 'paragraph') {
        this.runs(block.runs, BODY, { indent: block.indent * 16, marker: block.marker });
        this.space(block.marker ? 2 : 6);
      } else if (block.kind === 'code') {
        for (const line of block.text.split('\n')) this.runs([{ text: line || ' ', code: true }], { size: 9, leading: 12 }, { indent: 12 });
        this.space(6);
      } else {
        this.ensure(12);
        this.page.drawLine({ start: { x: MARGIN.left, y: this.y - 6 }, end: { x: PAGE.width - MARGIN.right, y: this.y - 6 }, thickness: 0.5, color: MUTED });
        this.space(12);
      }
    }
  }

  /** A contents line: title on the left, page number on the right, dotted leader between. */
  contentsLine(page: PDFPage, y: number, title: string, pageNo: number, indent: number, bold: boolean) {
    const size = 10.5;
    const font = bold ? this.fonts.bold : this.fonts.regular;
    const number = String(pageNo);
    const nw = this.fonts.regular.widthOfTextAtSize(number, size);
    const maxTitle = TEXT_WIDTH - indent - nw - 24;
    let shown = this.clean(title);
    while (font.widthOfTextAtSize(shown, size) > maxTitle && shown.length > 4) shown = `${shown.slice(0, -4).trimEnd()}...`;
    const x = MARGIN.left + indent;
    page.drawText(shown, { x, y, size, font, color: INK });
    const dotsStart = x + font.widthOfTextAtSize(shown, size) + 6;
    const dotsEnd = PAGE.width - MARGIN.right - nw - 6;
    const leader = ' .';
    const dot = this.fonts.regular.widthOfTextAtSize(leader, size);
    const dots = Math.max(0, Math.floor((dotsEnd - dotsStart) / dot));
    if (dots > 0) page.drawText(leader.repeat(dots), { x: dotsEnd - dots * dot, y, size, font: this.fonts.regular, color: MUTED });
    page.drawText(number, { x: PAGE.width - MARGIN.right - nw, y, size, font: this.fonts.regular, color: INK });
  }

  /** Footer with the guide title and the page number on every page after the cover. */
  footers(title: string) {
    const pages = this.doc.getPages();
    const size = 8.5;
    const label = this.clean(title);
    pages.forEach((page, i) => {
      if (i === 0) return;
      const number = `${i + 1}`;
      page.drawText(label.length > 90 ? `${label.slice(0, 87)}...` : label, { x: MARGIN.left, y: 36, size, font: this.fonts.regular, color: MUTED });
      page.drawText(number, { x: PAGE.width - MARGIN.right - this.fonts.regular.widthOfTextAtSize(number, size), y: 36, size, font: this.fonts.regular, color: MUTED });
    });
  }

  static readonly colors = { INK, MUTED, ACCENT };
}
