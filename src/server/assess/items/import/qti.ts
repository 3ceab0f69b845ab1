import { XMLParser } from 'fast-xml-parser';
import { unzipSync } from 'fflate';
import { kindFromOptions, rationaleNotes, resolveCompetency, type ParseContext, type ParsedFile } from './candidate.js';
import { checkWellFormed, ImportFileError, refuseDoctype } from './moodle-xml.js';
import { decodeEntities, lineLocator, refOf, tidy } from './text.js';

/**
 * QTI 3.0 subset: `qti-assessment-item`s whose body has exactly one `qti-choice-interaction`.
 * The correct answer comes from the matching `qti-response-declaration` (cardinality single or
 * multiple); rationales from `qti-feedback-inline` inside a choice or from a `qti-modal-feedback`
 * whose identifier is the choice's. Items with any other interaction are skipped with the reason.
 * Accepts one XML file (one item, or several items under any root) or a zip content package.
 */

type ONode = Record<string, unknown>;
const ATTRS = ':@';
const META = XMLParser.getMetaDataSymbol() as unknown as string;

const tagOf = (n: ONode): string | undefined => Object.keys(n).find((k) => k !== ATTRS);
const childrenOf = (n: ONode): ONode[] => {
  const tag = tagOf(n);
  const v = tag ? n[tag] : undefined;
  return Array.isArray(v) ? (v as ONode[]) : [];
};
const attr = (n: ONode, name: string): string | undefined => {
  const a = n[ATTRS] as Record<string, string> | undefined;
  return a?.[name];
};

function findAll(nodes: ONode[], tag: string, out: ONode[] = []): ONode[] {
  for (const n of nodes) {
    if (tagOf(n) === tag) out.push(n);
    else if (tagOf(n) !== '#text') findAll(childrenOf(n), tag, out);
  }
  return out;
}

const BLOCK = new Set(['p', 'div', 'li', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'tr', 'qti-prompt', 'ul', 'ol', 'table', 'pre']);

/** Visible text of nodes, leaving out the tags in `skip`; block elements become line breaks. */
function textContent(nodes: ONode[], skip: ReadonlySet<string>): string {
  let out = '';
  for (const n of nodes) {
    const tag = tagOf(n);
    if (!tag) continue;
    if (tag === '#text') out += String(n['#text'] ?? '');
    else if (skip.has(tag)) continue;
    else if (tag === 'br') out += '\n';
    else {
      const inner = textContent(childrenOf(n), skip);
      out += BLOCK.has(tag) ? `\n${inner}\n` : inner;
    }
  }
  return out;
}

const plain = (nodes: ONode[], skip: ReadonlySet<string> = new Set()) => tidy(decodeEntities(textContent(nodes, skip).replace(/[ \t]*\n[ \t]*/g, '\n').replace(/[ \t]+/g, ' ')));

const OTHER_INTERACTIONS = [
  'qti-text-entry-interaction', 'qti-extended-text-interaction', 'qti-order-interaction', 'qti-match-interaction',
  'qti-associate-interaction', 'qti-gap-match-interaction', 'qti-inline-choice-interaction', 'qti-hottext-interaction',
  'qti-hotspot-interaction', 'qti-select-point-interaction', 'qti-graphic-order-interaction', 'qti-graphic-associate-interaction',
  'qti-graphic-gap-match-interaction', 'qti-position-object-interaction', 'qti-slider-interaction', 'qti-drawing-interaction',
  'qti-upload-interaction', 'qti-media-interaction', 'qti-custom-interaction', 'qti-portable-custom-interaction', 'qti-end-attempt-interaction',
];

function parseQtiXml(source: string, ctx: ParseContext, file: string | undefined, out: ParsedFile): void {
  refuseDoctype(source);
  checkWellFormed(source);
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, captureMetaData: true, trimValues: false, parseTagValue: false, removeNSPrefix: true, processEntities: true });
  const doc = parser.parse(source) as ONode[];
  const lineOf = lineLocator(source);
  const itemNodes = findAll(doc, 'qti-assessment-item');
  if (itemNodes.length === 0) {
    if (file && findAll(doc, 'manifest').length) return; // imsmanifest.xml of a package
    const legacy = findAll(doc, 'assessmentItem').length > 0;
    out.skipped.push({
      file,
      line: 1,
      ref: file ?? 'the file',
      reason: legacy ? 'this is QTI 2.x (assessmentItem); only QTI 3.0 (qti-assessment-item) is imported' : 'no qti-assessment-item element found',
    });
    return;
  }
  for (const item of itemNodes) {
    const meta = (item as Record<string, unknown>)[META] as { startIndex?: number } | undefined;
    const line = meta?.startIndex !== undefined ? lineOf(meta.startIndex) : undefined;
    const identifier = attr(item, 'identifier') ?? null;
    const title = attr(item, 'title') ?? identifier;
    const place = { file, line };
    const body = findAll(childrenOf(item), 'qti-item-body')[0];
    const bodyNodes = body ? childrenOf(body) : [];
    const choices = findAll(bodyNodes, 'qti-choice-interaction');
    const others = OTHER_INTERACTIONS.filter((t) => findAll(bodyNodes, t).length > 0);
    const stemGuess = plain(bodyNodes, new Set(['qti-choice-interaction', ...OTHER_INTERACTIONS]));
    const ref = refOf(title, stemGuess);
    if (others.length) {
      out.skipped.push({ ...place, ref, reason: `uses ${others.join(', ')}; only items with a single qti-choice-interaction are imported` });
      continue;
    }
    if (choices.length !== 1) {
      out.skipped.push({ ...place, ref, reason: choices.length === 0 ? 'has no qti-choice-interaction' : `has ${choices.length} choice interactions; only items with exactly one are imported` });
      continue;
    }
    const interaction = choices[0];
    const responseId = attr(interaction, 'response-identifier') ?? 'RESPONSE';
    const declaration = findAll(childrenOf(item), 'qti-response-declaration').find((d) => attr(d, 'identifier') === responseId);
    if (!declaration) {
      out.skipped.push({ ...place, ref, reason: `no qti-response-declaration with identifier "${responseId}"` });
      continue;
    }
    const cardinality = attr(declaration, 'cardinality') ?? 'single';
    if (cardinality !== 'single' && cardinality !== 'multiple') {
      out.skipped.push({ ...place, ref, reason: `response cardinality "${cardinality}" is not supported; use single or multiple` });
      continue;
    }
    const correctIds = new Set(findAll(findAll(childrenOf(declaration), 'qti-correct-response'), 'qti-value').map((v) => plain(childrenOf(v))));
    if (correctIds.size === 0) {
      out.skipped.push({ ...place, ref, reason: 'the response declaration has no qti-correct-response, so it cannot be scored' });
      continue;
    }
    const modal = new Map<string, string>();
    for (const m of findAll(childrenOf(item), 'qti-modal-feedback')) {
      const id = attr(m, 'identifier');
      if (id && attr(m, 'show-hide') !== 'hide') modal.set(id, plain(childrenOf(m)));
    }
    const simpleChoices = findAll(childrenOf(interaction), 'qti-simple-choice');
    const options = simpleChoices.map((c) => {
      const id = attr(c, 'identifier') ?? '';
      const inline = findAll(childrenOf(c), 'qti-feedback-inline').map((f) => plain(childrenOf(f))).join(' ').trim();
      return { text: plain(childrenOf(c), new Set(['qti-feedback-inline'])), correct: correctIds.has(id), rationale: inline || modal.get(id) || '' };
    });
    const unknown = [...correctIds].filter((id) => !simpleChoices.some((c) => attr(c, 'identifier') === id));
    if (unknown.length) {
      out.skipped.push({ ...place, ref, reason: `the correct response names choice(s) ${unknown.join(', ')} that the interaction does not have` });
      continue;
    }
    const prompt = plain(findAll(childrenOf(interaction), 'qti-prompt').flatMap(childrenOf));
    const stem = [stemGuess, prompt].filter(Boolean).join('\n\n');
    const notes: string[] = [];
    if (findAll(bodyNodes, 'img').length || findAll(bodyNodes, 'object').length) notes.push('images or media in the item were left out');
    if (cardinality === 'single' && correctIds.size > 1) {
      out.skipped.push({ ...place, ref, reason: 'cardinality is single but the correct response lists several choices' });
      continue;
    }
    const competency = resolveCompetency([], ctx);
    if ('reason' in competency) {
      out.skipped.push({ ...place, ref, reason: 'QTI items name no competency; choose a default competency for the upload' });
      continue;
    }
    const kind = kindFromOptions(options);
    if ('reason' in kind) {
      out.skipped.push({ ...place, ref, reason: kind.reason });
      continue;
    }
    if (!stem) {
      out.skipped.push({ ...place, ref, reason: 'the item has no question text' });
      continue;
    }
    out.candidates.push({ ...place, ref, sourceName: identifier, kind: kind.kind, competency: competency.competency, stem, options, notes: [...notes, ...rationaleNotes(options)] });
  }
}

const MAX_ZIP_ENTRY = 5 * 1024 * 1024;
const MAX_ZIP_TOTAL = 50 * 1024 * 1024;

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function parseQti(input: string | Uint8Array, ctx: ParseContext): ParsedFile {
  const out: ParsedFile = { candidates: [], skipped: [] };
  if (typeof input === 'string') {
    parseQtiXml(input, ctx, undefined, out);
    return out;
  }
  if (!isZip(input)) {
    parseQtiXml(new TextDecoder().decode(input), ctx, undefined, out);
    return out;
  }
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(input, {
      filter: (f) => {
        if (!/\.xml$/i.test(f.name)) return false;
        total += f.originalSize;
        if (f.originalSize > MAX_ZIP_ENTRY) throw new ImportFileError(`${f.name} in the zip is larger than 5 MB unpacked`);
        if (total > MAX_ZIP_TOTAL) throw new ImportFileError('the zip holds more than 50 MB of XML unpacked; split it');
        return true;
      },
    });
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError(`The zip cannot be read: ${(err as Error).message}`);
  }
  const names = Object.keys(files).sort();
  if (names.length === 0) throw new ImportFileError('The zip holds no .xml files');
  for (const name of names) {
    try {
      parseQtiXml(new TextDecoder().decode(files[name]), ctx, name, out);
    } catch (err) {
      if (!(err instanceof ImportFileError)) throw err;
      out.skipped.push({ file: name, line: err.line, ref: name, reason: err.message });
    }
  }
  return out;
}
