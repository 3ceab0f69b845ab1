import type { ImportProgress } from '../content/import-pack.js';
import { countProgress } from './progress.js';

/** Import progress as one counter line per step ("Importing lessons: 1200/2000"). */
export function importProgress(prefix: string): ImportProgress {
  const counters = new Map<string, (done: number, total: number) => void>();
  return (step, done, total) => {
    if (!counters.has(step)) counters.set(step, countProgress((d, t) => `${prefix} ${step}: ${d}/${t}`));
    counters.get(step)!(done, total);
  };
}
