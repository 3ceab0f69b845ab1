import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { PackProblem } from './problems.js';

export const PACK_LIMITS = {
  /** Files the importer reads (pack.yaml, framework.yaml, lessons, paths, tips). */
  maxFiles: 5000,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
  /** The zip itself, before unpacking. */
  maxZipBytes: 50 * 1024 * 1024,
};

export interface PackFiles {
  /** Pack-relative path (forward slashes) -> text, for the files the importer reads. */
  files: Map<string, string>;
  problems: PackProblem[];
}

/** The files that make up a pack; anything else in the folder or zip is ignored. */
export function isPackFile(path: string): boolean {
  return (
    path === 'pack.yaml' ||
    path === 'framework.yaml' ||
    /^lessons\/(?:[^/]+\/)*[^/]+\.md$/.test(path) ||
    /^(?:paths|tips)\/[^/]+\.ya?ml$/.test(path)
  );
}

const hidden = (path: string) => path.split('/').some((seg) => seg.startsWith('.') || seg === '__MACOSX');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const decoder = new TextDecoder('utf-8', { fatal: true });

function decode(path: string, bytes: Uint8Array, problems: PackProblem[]): string | undefined {
  try {
    return decoder.decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  } catch {
    problems.push({ file: path, line: null, message: 'is not UTF-8 text; save it as UTF-8' });
    return undefined;
  }
}

/** Collects sizes first so that limits are checked before anything large is read or unpacked. */
class Budget {
  files = 0;
  total = 0;
  stopped = false;
  constructor(
    private readonly sourceName: string,
    private readonly problems: PackProblem[],
  ) {}

  /** True when the file may be read. */
  admit(path: string, size: number): boolean {
    if (this.stopped) return false;
    this.files += 1;
    if (this.files > PACK_LIMITS.maxFiles) {
      this.problems.push({ file: this.sourceName, line: null, message: `has more than ${PACK_LIMITS.maxFiles.toLocaleString('en')} pack files; split it into several packs` });
      this.stopped = true;
      return false;
    }
    if (size > PACK_LIMITS.maxFileBytes) {
      this.problems.push({ file: path, line: null, message: `is ${mib(size)}; a pack file may be at most ${mib(PACK_LIMITS.maxFileBytes)}` });
      return false;
    }
    this.total += size;
    if (this.total > PACK_LIMITS.maxTotalBytes) {
      this.problems.push({ file: this.sourceName, line: null, message: `holds more than ${mib(PACK_LIMITS.maxTotalBytes)} of pack files; split it into several packs` });
      this.stopped = true;
      return false;
    }
    return true;
  }
}

async function walk(root: string, rel = ''): Promise<{ path: string; size: number }[]> {
  const out: { path: string; size: number }[] = [];
  const entries = await readdir(join(root, rel), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const path = rel ? `${rel}/${entry.name}` : entry.name;
    if (hidden(path)) continue;
    // Symbolic links are not followed: a pack is what is inside its folder.
    if (entry.isDirectory()) out.push(...(await walk(root, path)));
    else if (entry.isFile() && isPackFile(path)) out.push({ path, size: (await lstat(join(root, path))).size });
  }
  return out;
}

export async function readPackFolder(dir: string): Promise<PackFiles> {
  const problems: PackProblem[] = [];
  const files = new Map<string, string>();
  const budget = new Budget(basename(dir) || dir, problems);
  for (const entry of await walk(dir)) {
    if (!budget.admit(entry.path, entry.size)) continue;
    const text = decode(entry.path, await readFile(join(dir, entry.path)), problems);
    if (text !== undefined) files.set(entry.path, text);
  }
  return { files, problems };
}

/** A name that would land outside the pack if unpacked: absolute, a drive letter, backslashes or "..". */
function unsafeZipName(name: string): boolean {
  return name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.includes('\\') || name.split('/').includes('..') || name.includes('\0');
}

/** Many zip tools put everything under one top folder; the pack is then that folder. */
function topFolder(names: string[]): string {
  if (names.includes('pack.yaml')) return '';
  const firsts = new Set(names.map((n) => n.split('/')[0]));
  if (firsts.size !== 1) return '';
  const [first] = firsts;
  return names.includes(`${first}/pack.yaml`) ? `${first}/` : '';
}

export function readPackZip(bytes: Uint8Array, sourceName = 'pack.zip'): PackFiles {
  const problems: PackProblem[] = [];
  const files = new Map<string, string>();
  if (bytes.length > PACK_LIMITS.maxZipBytes) {
    return { files, problems: [{ file: sourceName, line: null, message: `is ${mib(bytes.length)}; a zipped pack may be at most ${mib(PACK_LIMITS.maxZipBytes)}` }] };
  }
  // First pass reads the directory only (the filter refuses every entry), so nothing is unpacked yet.
  const entries: { name: string; size: number }[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.push({ name: f.name, size: f.originalSize });
        return false;
      },
    });
  } catch (err) {
    return { files, problems: [{ file: sourceName, line: null, message: `is not a readable zip file (${(err as Error).message})` }] };
  }
  for (const e of entries) if (unsafeZipName(e.name)) problems.push({ file: e.name, line: null, message: 'has an unsafe path in the zip (absolute, or climbing out with ".."); the pack is refused' });
  if (problems.length) return { files, problems };

  const prefix = topFolder(entries.filter((e) => !e.name.endsWith('/') && !hidden(e.name)).map((e) => e.name));
  const budget = new Budget(sourceName, problems);
  const wanted = new Set<string>();
  for (const e of entries) {
    if (e.name.endsWith('/') || !e.name.startsWith(prefix)) continue;
    const path = e.name.slice(prefix.length);
    if (hidden(path) || !isPackFile(path)) continue;
    if (budget.admit(path, e.size)) wanted.add(e.name);
  }
  let unpacked: Record<string, Uint8Array>;
  try {
    // fflate sizes each output buffer from the directory's declared size, so a lying entry is cut short rather than growing memory.
    unpacked = unzipSync(bytes, { filter: (f) => wanted.has(f.name) });
  } catch (err) {
    return { files, problems: [...problems, { file: sourceName, line: null, message: `could not be unpacked (${(err as Error).message})` }] };
  }
  for (const name of [...wanted].sort()) {
    const path = name.slice(prefix.length);
    const text = decode(path, unpacked[name], problems);
    if (text !== undefined) files.set(path, text);
  }
  return { files, problems };
}

/** A pack folder or a .zip file, as the CLI is given it. */
export async function readPackSource(path: string): Promise<PackFiles> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new Error(`There is no folder or zip file at ${path}`);
  }
  if (info.isDirectory()) return readPackFolder(path);
  if (info.size > PACK_LIMITS.maxZipBytes) return { files: new Map(), problems: [{ file: basename(path), line: null, message: `is ${mib(info.size)}; a zipped pack may be at most ${mib(PACK_LIMITS.maxZipBytes)}` }] };
  return readPackZip(new Uint8Array(await readFile(path)), basename(path));
}
