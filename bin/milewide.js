#!/usr/bin/env node
// Starts the CLI from a bundle of the TypeScript sources, rebuilding it (in a fraction of a second)
// whenever a source is newer; falls back to running the sources through tsx. The bundle halves the
// module-loading cost of a start (docs/decisions/0001-run-typescript-with-tsx.md).
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'dist', 'server', 'cli.mjs');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

async function freshBundle() {
  const sources = ['src/server', 'src/shared', 'package.json'].map((p) => join(root, p)).filter(existsSync);
  if (sources.length === 0) return existsSync(bundle); // an installed package ships the bundle only
  const sourcesAt = Math.max(...sources.map(newest));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sourcesAt) return true;
  const { build } = await import('esbuild');
  mkdirSync(dirname(bundle), { recursive: true });
  // Written beside the target and renamed, so processes starting together never read half a file.
  const partial = `${bundle}.${process.pid}.partial`;
  await build({
    entryPoints: [join(root, 'src/server/cli.ts')],
    outfile: partial,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  renameSync(partial, bundle);
  renameSync(`${partial}.map`, `${bundle}.map`);
  return true;
}

let bundled = false;
try {
  bundled = await freshBundle();
} catch (err) {
  process.stderr.write(`Could not bundle the server (${err.message}); running the sources through tsx.\n`);
}
if (bundled) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/server/cli.ts');
}
