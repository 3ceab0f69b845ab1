import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { minutesLabel } from './sharing.js';
import type { PublishedDetail } from './published-view.js';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 46;
const WIDTH = A4[0] - 2 * MARGIN;
const INK = rgb(0.1, 0.12, 0.16);
const MUTED = rgb(0.38, 0.41, 0.46);
const RULE = rgb(0.8, 0.82, 0.86);
const ACCENT = rgb(0.12, 0.33, 0.6);

/** The standard PDF fonts only know Windows-1252; anything else is shown as "?" rather than failing. */
function safe(font: PDFFont, text: string): string {
  let out = '';
  for (const ch of text.replace(/[\r\n\t]+/g, ' ')) {
    try {
      font.encodeText(ch);
      out += ch;
    } catch {
      out += '?';
    }
  }
  return out;
}

function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const words = safe(font, text).split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    // A single word wider than the column (a long URL) is cut into pieces that fit.
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut -= 1;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

class Writer {
  page!: PDFPage;
  y = 0;
  constructor(
    private doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {
    this.newPage();
  }

  newPage() {
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  ensure(height: number) {
    if (this.y - height < MARGIN + 18) this.newPage();
  }

  text(text: string, opts: { x?: number; size?: number; bold?: boolean; color?: ReturnType<typeof rgb>; width?: number; gap?: number } = {}) {
    const size = opts.size ?? 9.5;
    const font = opts.bold ? this.bold : this.regular;
    const x = opts.x ?? MARGIN;
    const lines = wrap(font, text, size, opts.width ?? WIDTH - (x - MARGIN));
    const lineHeight = size * 1.3;
    for (const line of lines) {
      this.ensure(lineHeight);
      this.page.drawText(line, { x, y: this.y - size, size, font, color: opts.color ?? INK });
      this.y -= lineHeight;
    }
    this.y -= opts.gap ?? 0;
  }

  heading(text: string) {
    this.ensure(40);
    this.y -= 8;
    this.page.drawText(safe(this.bold, text.toUpperCase()), { x: MARGIN, y: this.y - 9, size: 9, font: this.bold, color: ACCENT });
    this.y -= 13;
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: MARGIN + WIDTH, y: this.y }, thickness: 0.6, color: RULE });
    this.y -= 5;
  }

  /** A row of cells, each wrapped in its column; the row is as tall as its tallest cell. */
  row(cells: string[], widths: number[], opts: { bold?: boolean; size?: number } = {}) {
    const size = opts.size ?? 8.5;
    const font = opts.bold ? this.bold : this.regular;
    const wrapped = cells.map((c, i) => wrap(font, c, size, widths[i] - 6));
    const height = Math.max(...wrapped.map((w) => w.length)) * size * 1.25 + 4;
    this.ensure(height);
    let x = MARGIN;
    wrapped.forEach((lines, i) => {
      lines.forEach((line, j) => this.page.drawText(line, { x, y: this.y - size - j * size * 1.25, size, font, color: INK }));
      x += widths[i];
    });
    this.y -= height;
    this.page.drawLine({ start: { x: MARGIN, y: this.y + 1 }, end: { x: MARGIN + WIDTH, y: this.y + 1 }, thickness: 0.3, color: RULE });
  }
}

/**
 * The printable procedure: header, people, sites and services, contacts, the steps as a timeline
 * and the status-update routine. Kept to one or two pages for the procedures the templates make.
 */
export async function procedurePdf(p: PublishedDetail, organisationName: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${p.title} (version ${p.version})`);
  doc.setSubject('Escalation procedure');
  doc.setCreator('Milewide');
  doc.setProducer('Milewide');
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));

  w.text(`${organisationName} - Escalation procedure`, { size: 8.5, color: MUTED });
  w.text(p.title, { size: 16, bold: true, gap: 2 });
  const published = p.publishedAt.toISOString().slice(0, 10);
  w.text(`${p.situationLabel}  |  Version ${p.version}, published ${published}${p.publishedBy ? ` by ${p.publishedBy.name}` : ''}${p.supportAreaName ? `  |  Support area: ${p.supportAreaName}` : ''}`, { size: 8.5, color: MUTED, gap: 6 });
  w.text(p.summary, { size: 9.5, gap: 2 });

  w.heading('People');
  const person = (ref: { name: string; email: string } | null, fallback = 'Not named') => (ref ? `${ref.name} (${ref.email})` : fallback);
  const siteContact = p.sitePointContact ? `${p.sitePointContact.name}${p.sitePointContact.email ? ` (${p.sitePointContact.email})` : ''}` : 'Not named';
  const people: [string, string][] = [
    ['Owning Expert', person(p.expert)],
    ['IT point person', person(p.itPointPerson)],
    ['Site point person', p.sitePointPerson ? person(p.sitePointPerson) : siteContact],
  ];
  for (const [label, value] of people) w.row([label, value], [120, WIDTH - 120], { size: 9 });

  w.heading('Sites and services');
  w.row(['Sites', p.sites.join(', ') || '-'], [120, WIDTH - 120], { size: 9 });
  w.row(['Services', p.services.join(', ') || '-'], [120, WIDTH - 120], { size: 9 });

  w.heading('Contacts');
  // Webhook URLs carry their secret in the path, so only the host is printed.
  const widths = [100, 92, 40, 140, WIDTH - 372];
  w.row(['Name', 'Role', 'Kind', 'E-mail', 'Webhook'], widths, { bold: true });
  for (const c of p.contacts) {
    let hook = '-';
    if (c.webhookUrl) {
      try {
        hook = new URL(c.webhookUrl).host;
      } catch {
        hook = c.webhookUrl;
      }
    }
    w.row([c.name, c.role || '-', c.kind === 'vendor' ? 'Vendor' : 'Person', c.email ?? '-', hook], widths);
  }

  w.heading('Timed steps after the problem is reported');
  const contactName = (id: string) => p.contacts.find((c) => c.id === id)?.name ?? id;
  for (const s of p.steps) {
    w.ensure(44);
    const top = w.y;
    w.page.drawText(safe(w.bold, minutesLabel(s.offsetMinutes)), { x: MARGIN, y: top - 10, size: 10, font: w.bold, color: ACCENT });
    w.text(s.title, { x: MARGIN + 62, bold: true, size: 9.5 });
    w.text(`Told: ${s.notify.map(contactName).join(', ') || 'nobody'}`, { x: MARGIN + 62, size: 8.5, color: MUTED });
    w.text(`Expected: ${s.expected}`, { x: MARGIN + 62, size: 9, gap: 4 });
  }
  if (p.repeatEveryMinutes) {
    const last = p.steps.at(-1);
    w.text(`Then every ${minutesLabel(p.repeatEveryMinutes)} until resolved: repeat "${last?.title ?? 'the last step'}" with the latest news.`, { x: MARGIN + 62, size: 9, bold: true, gap: 2 });
  }

  w.heading('Status updates');
  w.text(
    `While the problem lasts, the IT point person sends a status update every ${minutesLabel(p.statusUpdateEveryMinutes)} to everyone told so far: what is known, what is being done, and when the next update comes. Silence reads as inaction; send the update even when nothing has changed.`,
    { size: 9 },
  );

  const pages = doc.getPages();
  pages.forEach((page, i) => {
    const footer = safe(w.regular, `${p.title} - version ${p.version} - page ${i + 1} of ${pages.length}`);
    page.drawText(footer, { x: MARGIN, y: MARGIN - 16, size: 7.5, font: w.regular, color: MUTED });
  });
  return doc.save();
}
