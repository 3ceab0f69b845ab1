import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import type { Actor } from '../../../access/policy.js';
import { AppError, badRequest } from '../../../http/errors.js';
import { recordAudit } from '../../../audit/service.js';
import { knownCompetencies, unknownCompetencyMessage } from '../competencies.js';
import { checkItemContent, contentHash, type ItemContent } from '../item-content.js';
import { itemBanks, items } from '../schema.js';
import { ensureBank, insertItem, reviseItem, setItemStatus } from '../store.js';
import { importKey, rationaleNotes, type Candidate, type ImportFormat, type ParsedFile, type Skipped } from './candidate.js';
import { parseGift } from './gift.js';
import { ImportFileError, parseMoodleXml } from './moodle-xml.js';
import { isZip, parseQti } from './qti.js';
import { slugify } from './text.js';

export interface ImportRequest {
  format: ImportFormat | 'auto';
  bankKey: string;
  defaultCompetency?: string;
  /** Start of every item key made by this import; defaults to the file name, else the format. */
  keyPrefix?: string;
  /** Publish the items whose every option has a rationale; the others stay drafts. */
  publish: boolean;
  fileName?: string;
  content: Uint8Array;
}

export type ImportAction = 'create' | 'new_version' | 'update_draft' | 'unchanged';

export interface ImportReport {
  format: ImportFormat;
  bankKey: string;
  dryRun: boolean;
  imported: {
    file?: string;
    line?: number;
    ref: string;
    itemKey: string;
    itemId: string | null;
    kind: 'single' | 'multiple';
    competency: string;
    action: ImportAction;
    status: 'draft' | 'published' | 'retired';
    notes: string[];
  }[];
  skipped: Skipped[];
  summary: { imported: number; create: number; newVersion: number; updateDraft: number; unchanged: number; skipped: number };
}

export function detectFormat(req: Pick<ImportRequest, 'format' | 'fileName' | 'content'>): ImportFormat {
  if (req.format !== 'auto') return req.format;
  if (isZip(req.content)) return 'qti';
  const ext = req.fileName?.toLowerCase().split('.').pop();
  if (ext === 'gift' || ext === 'txt') return 'gift';
  const head = new TextDecoder().decode(req.content.subarray(0, 4096)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) return /<qti-assessment-item|imsqtiasi_v3/.test(head) ? 'qti' : 'moodle';
  return 'gift';
}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw badRequest('The file is not UTF-8 text; save it as UTF-8 and upload it again', [{ path: 'file', message: 'is not UTF-8' }]);
  }
}

export function parseImportFile(format: ImportFormat, content: Uint8Array, ctx: { known: ReadonlySet<string>; defaultCompetency?: string }): ParsedFile {
  try {
    if (format === 'qti') return parseQti(content, ctx);
    const text = decodeText(content);
    if (!text.trim()) throw badRequest('The file is empty', [{ path: 'file', message: 'is empty' }]);
    return format === 'gift' ? parseGift(text, ctx) : parseMoodleXml(text, ctx);
  } catch (err) {
    if (err instanceof ImportFileError) {
      throw new AppError(400, 'import_unreadable', `The ${format === 'moodle' ? 'Moodle XML' : format.toUpperCase()} file cannot be read: ${err.message}`, [
        { path: err.line ? `file:${err.line}` : 'file', message: err.message },
      ]);
    }
    throw err;
  }
}

function keyPrefixOf(req: ImportRequest, format: ImportFormat): string {
  if (req.keyPrefix) return req.keyPrefix;
  const base = req.fileName ? slugify(req.fileName.replace(/\.[^.]+$/, ''), 40) : '';
  return base || format;
}

/**
 * Reads the file and says what importing it would do (dryRun) or does it, in one transaction.
 * Re-importing the same file changes nothing; a question whose text changed in the file gets a
 * new version (or, if still a draft, is edited in place). Keys are `prefix-name`.
 */
export async function runImport(db: Db, actor: Actor, req: ImportRequest, dryRun: boolean): Promise<ImportReport> {
  const orgId = actor.orgId;
  const known = await knownCompetencies(db, orgId);
  if (req.defaultCompetency && !known.has(req.defaultCompetency)) {
    throw badRequest(`The default competency is not valid: ${unknownCompetencyMessage(req.defaultCompetency, known)}`, [{ path: 'defaultCompetency', message: 'is not a competency of the framework' }]);
  }
  const format = detectFormat(req);
  const parsed = parseImportFile(format, req.content, { known, defaultCompetency: req.defaultCompetency });
  const prefix = keyPrefixOf(req, format);
  const sourceName = format;

  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`item-import:${orgId}`}))`);
    const report: ImportReport = { format, bankKey: req.bankKey, dryRun, imported: [], skipped: [...parsed.skipped], summary: { imported: 0, create: 0, newVersion: 0, updateDraft: 0, unchanged: 0, skipped: 0 } };
    const [bank] = await tx.select().from(itemBanks).where(and(eq(itemBanks.orgId, orgId), eq(itemBanks.bankKey, req.bankKey)));
    const bankId = dryRun ? (bank?.id ?? null) : await ensureBank(tx, actor, orgId, req.bankKey);

    const keyed = parsed.candidates.map((c) => ({ c, key: importKey(prefix, c) }));
    const existing = keyed.length
      ? await tx
          .select({ id: items.id, itemKey: items.itemKey, bankId: items.bankId, source: items.source, status: items.status, importHash: items.importHash, bankKey: itemBanks.bankKey })
          .from(items)
          .innerJoin(itemBanks, eq(itemBanks.id, items.bankId))
          .where(and(eq(items.orgId, orgId), inArray(items.itemKey, keyed.map((k) => k.key))))
      : [];
    const byKey = new Map(existing.map((e) => [e.itemKey, e]));
    const firstUse = new Map<string, Candidate>();

    for (const { c, key } of keyed) {
      const place = { file: c.file, line: c.line, ref: c.ref };
      const earlier = firstUse.get(key);
      if (earlier) {
        report.skipped.push({ ...place, reason: `another question in this upload has the same name (${earlier.file ? `${earlier.file} ` : ''}line ${earlier.line ?? '?'}), so both would get key ${key}; rename one` });
        continue;
      }
      firstUse.set(key, c);
      const content: ItemContent = { kind: c.kind, competency: c.competency, stem: c.stem, options: c.options, scenario: null };
      const problems = checkItemContent(content, known, false);
      if (problems.length) {
        report.skipped.push({ ...place, reason: problems.map((p) => `${p.path} ${p.message}`).join('; ') });
        continue;
      }
      const complete = checkItemContent(content, known, true).length === 0;
      const notes = [...c.notes];
      const hash = contentHash(content);
      const found = byKey.get(key);
      let action: ImportAction;
      let itemId: string | null = found?.id ?? null;
      let status: 'draft' | 'published' | 'retired';
      if (found && (found.bankId !== bankId || found.source !== sourceName)) {
        const why = found.bankId !== bankId ? `an item in bank "${found.bankKey}"` : `an item that was ${found.source === 'authored' ? 'written in Milewide' : `imported from ${found.source}`}`;
        report.skipped.push({ ...place, reason: `its key ${key} is already used by ${why}; import with another key prefix` });
        continue;
      }
      if (!found) {
        action = 'create';
        status = req.publish && complete ? 'published' : 'draft';
        if (req.publish && !complete) notes.push('kept as a draft until every option has a rationale');
        if (!dryRun) itemId = await insertItem(tx, actor, orgId, { bankId: bankId!, itemKey: key, status: status as 'draft' | 'published', source: sourceName, content, importHash: hash });
      } else if (found.importHash === hash) {
        action = 'unchanged';
        status = found.status;
      } else {
        action = found.status === 'draft' ? 'update_draft' : 'new_version';
        status = found.status;
        if (found.status !== 'draft' && !complete) {
          report.skipped.push({ ...place, reason: `item ${key} is ${found.status}, so its new version needs a rationale for every option: ${rationaleNotes(c.options).join('; ')}` });
          continue;
        }
        if (!dryRun) {
          const outcome = await reviseItem(tx, actor, orgId, found.id, content, { importHash: hash });
          if (outcome === 'unchanged') action = 'unchanged';
        }
      }
      if (req.publish && status === 'draft' && found && complete) {
        status = 'published';
        if (!dryRun) await setItemStatus(tx, actor, orgId, found.id, 'published');
      }
      report.imported.push({ ...place, itemKey: key, itemId, kind: c.kind, competency: c.competency, action, status, notes });
    }

    const s = report.summary;
    for (const i of report.imported) {
      if (i.action === 'create') s.create++;
      else if (i.action === 'new_version') s.newVersion++;
      else if (i.action === 'update_draft') s.updateDraft++;
      else s.unchanged++;
    }
    s.imported = report.imported.length;
    s.skipped = report.skipped.length;
    report.skipped.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
    if (!dryRun) {
      await recordAudit(tx, actor, { action: 'item_bank.import_file', entityType: 'item_bank', entityId: bankId!, after: { format, fileName: req.fileName ?? null, keyPrefix: prefix, summary: s } });
    }
    return report;
  });
}
