import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * Builds the web app when dist/web is missing or older than its sources, so that a fresh
 * checkout runs with `npm start` alone. A packaged install ships dist/web and skips this.
 */
export async function ensureWebBuilt(webDir: string, log: (line: string) => void): Promise<void> {
  const root = resolve('.');
  const sources = [join(root, 'src/web'), join(root, 'src/shared'), join(root, 'index.html')];
  const builtAt = newestMtime(join(webDir, 'index.html'));
  const sourcesAt = Math.max(...sources.map(newestMtime));
  if (builtAt && (builtAt >= sourcesAt || !existsSync(join(root, 'src/web')))) return;
  if (!existsSync(join(root, 'index.html'))) return;
  log('Building the web app (first start or changed sources)...');
  const started = Date.now();
  const { build } = await import('vite');
  await build({ root, logLevel: 'warn', build: { outDir: webDir, emptyOutDir: true } });
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
