import { randomInt } from 'node:crypto';
import type { ItemVersionView } from '../items/contract.js';
import type { BlueprintLine } from './schema.js';

export interface FormSlot {
  position: number;
  itemVersionId: string;
  competency: string;
  kind: ItemVersionView['kind'];
  /** Option ids of the version in the order the candidate sees them. */
  optionOrder: string[];
}

/** Not enough published items left for a competency (items retired since the blueprint was saved). */
export class ShortBankError extends Error {
  constructor(
    readonly competency: string,
    readonly wanted: number,
    readonly available: number,
  ) {
    super(`competency "${competency}" needs ${wanted} published item${wanted === 1 ? '' : 's'} and the bank has ${available}`);
  }
}

export type Random = (maxExclusive: number) => number;
const cryptoRandom: Random = (max) => randomInt(max);

function shuffled<T>(list: readonly T[], random: Random): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * Draws a random form: for each blueprint line, `count` items of that competency at random. Items
 * of one scenario set that were drawn stay together, in the set's order, so the case text reads
 * once; the standalone items and the sets are then put in random order. Options are shuffled per
 * item when the exam says so.
 */
export function buildForm(pool: readonly ItemVersionView[], blueprint: readonly BlueprintLine[], opts: { shuffleOptions: boolean; random?: Random }): FormSlot[] {
  const random = opts.random ?? cryptoRandom;
  const drawn: ItemVersionView[] = [];
  for (const line of blueprint) {
    const candidates = pool.filter((v) => v.competency === line.competency);
    if (candidates.length < line.count) throw new ShortBankError(line.competency, line.count, candidates.length);
    drawn.push(...shuffled(candidates, random).slice(0, line.count));
  }
  const units = new Map<string, ItemVersionView[]>();
  for (const v of drawn) {
    const key = v.scenario ? `scenario:${v.scenario.key}` : `item:${v.itemVersionId}`;
    const unit = units.get(key);
    if (unit) unit.push(v);
    else units.set(key, [v]);
  }
  const ordered = shuffled([...units.values()], random).flatMap((unit) => [...unit].sort((a, b) => (a.scenario?.position ?? 0) - (b.scenario?.position ?? 0)));
  return ordered.map((v, i) => {
    const ids = v.options.map((o) => o.id);
    return {
      position: i + 1,
      itemVersionId: v.itemVersionId,
      competency: v.competency,
      kind: v.kind,
      optionOrder: opts.shuffleOptions ? shuffled(ids, random) : ids,
    };
  });
}
