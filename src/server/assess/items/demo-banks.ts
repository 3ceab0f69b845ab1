import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../context.js';
import { bankKeys, defaultPackDir, importItemBanksFromPack, PackItemsInvalid } from './pack-import.js';

/**
 * Loads the default item banks (content/default/items) into an organisation. Without that folder
 * (an installation or branch without the default pack) it logs one line and does nothing.
 * With `onlyIfEmpty`, an organisation that already has banks is left alone. Problems in the pack
 * are logged, not thrown: a broken bank file must not stop the server from starting.
 */
export async function loadDefaultItemBanks(ctx: AppContext, orgId: string, opts: { onlyIfEmpty?: boolean; packDir?: string | null } = {}): Promise<boolean> {
  const packDir = opts.packDir === undefined ? defaultPackDir() : opts.packDir;
  if (!packDir || !existsSync(join(packDir, 'items'))) {
    ctx.log.info({ packDir }, 'default item banks not found (content/default/items); the organisation starts without item banks');
    return false;
  }
  if (opts.onlyIfEmpty && (await bankKeys(ctx.db, orgId)).length > 0) return false;
  try {
    const report = await importItemBanksFromPack(ctx.db, packDir, orgId);
    ctx.log.info({ banks: report.banks }, 'default item banks loaded');
    return true;
  } catch (err) {
    if (!(err instanceof PackItemsInvalid)) throw err;
    ctx.log.error({ problems: err.problems.slice(0, 20) }, `default item banks not loaded: ${err.problems.length} problem(s) in ${packDir}/items`);
    return false;
  }
}
