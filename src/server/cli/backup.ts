import { closeSync, createReadStream, createWriteStream, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { loadConfig } from '../config.js';
import { MIGRATIONS_FOLDER, openDatabase } from '../db/client.js';
import { acquireDataDirLock, DataDirBusyError, LOCK_FILE } from './data-dir-lock.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Progress lines for long copies: rewritten in place on a terminal, one line per second in a log. */
function progressPrinter(verb: string, total: number, started: number) {
  const tty = process.stdout.isTTY;
  let last = Date.now();
  return (done: number, final = false) => {
    const now = Date.now();
    if (!final && now - last < (tty ? 200 : 1000)) return;
    last = now;
    const line = `  ${verb} ${formatBytes(done)} of ${formatBytes(total)} (${seconds(started)})`;
    if (tty) process.stdout.write(`\r${line}${final ? '\n' : ''}`);
    else say(line);
  };
}

function explainPostgres(command: 'backup' | 'restore'): never {
  say('DATABASE_URL is set, so Milewide keeps its data in PostgreSQL and the embedded backup does not apply.');
  if (command === 'backup') {
    say('Back up with PostgreSQL\'s own tool, for example:');
    say('  pg_dump --format=custom --file=milewide.dump "$DATABASE_URL"');
  } else {
    say('Restore with PostgreSQL\'s own tool into an empty database, with every Milewide instance stopped, for example:');
    say('  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" milewide.dump');
  }
  say('See docs/operators/operations.md.');
  process.exit(2);
}

function busyMessage(err: DataDirBusyError, what: string): string {
  return [
    `${err.message}.`,
    `Stop that process first (Ctrl+C, or SIGTERM from your service manager: it finishes in-flight requests and jobs), then run the ${what} again and start the server afterwards.`,
    `A copy of the embedded database taken while a server writes to it would not be consistent.`,
    `If you are sure no Milewide process uses ${err.dataDir}, delete ${err.lockPath}.`,
  ].join('\n');
}

function knownMigrations(): number {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

const isEmbeddedDatabase = (dir: string) => existsSync(join(dir, 'PG_VERSION'));

export async function backupCommand(file: string, opts: { force?: boolean }) {
  const config = loadConfig();
  if (config.databaseUrl) explainPostgres('backup');
  const started = Date.now();
  const dataDir = config.dataDir;
  const target = resolve(file);
  if (!/\.(tar\.gz|tgz)$/.test(target)) throw new Error(`Name the backup file with .tar.gz at the end (for example milewide-${new Date().toISOString().slice(0, 10)}.tar.gz), got ${file}`);
  if (!isEmbeddedDatabase(dataDir)) throw new Error(`There is no Milewide database in ${dataDir}. Set MILEWIDE_DATA_DIR to the data directory you want to back up.`);
  if (existsSync(target) && !opts.force) throw new Error(`${target} already exists. Choose another name, or add --force to replace it.`);
  if (!existsSync(dirname(target))) throw new Error(`The folder ${dirname(target)} does not exist; create it or choose another path.`);

  let release: () => void;
  try {
    release = acquireDataDirLock(dataDir, 'backup');
  } catch (err) {
    if (err instanceof DataDirBusyError) throw new Error(busyMessage(err, 'backup'));
    throw err;
  }
  const partial = `${target}.partial`;
  try {
    say(`Backing up the embedded database in ${dataDir}`);
    say('  reading the database...');
    // Opened exactly as the server opens it, so that any start options or extensions match.
    const database = await openDatabase({ dataDir });
    let archive: Blob;
    try {
      archive = await database.pglite!.dumpDataDir('gzip');
    } finally {
      await database.close();
    }
    const print = progressPrinter('written', archive.size, started);
    // Password hashes and live invitation links inside: readable by the owner only.
    const out = createWriteStream(partial, { mode: 0o600 });
    let written = 0;
    for await (const chunk of archive.stream() as unknown as AsyncIterable<Uint8Array>) {
      if (!out.write(chunk)) await once(out, 'drain');
      written += chunk.length;
      print(written);
    }
    out.end();
    await once(out, 'close');
    const fd = openSync(partial, 'r');
    fsyncSync(fd);
    closeSync(fd);
    print(written, true);
    // Written under another name first, so an interrupted backup never looks like a complete one.
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  } finally {
    release();
  }
  say(`Backup written to ${target}: ${formatBytes(statSync(target).size)} in ${seconds(started)}.`);
  say(`Restore it with: milewide restore ${basename(target)}`);
}

function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

async function readWithProgress(path: string, started: number): Promise<Buffer> {
  const total = statSync(path).size;
  const print = progressPrinter('read', total, started);
  const chunks: Buffer[] = [];
  let done = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    done += chunk.length;
    print(done);
  }
  print(done, true);
  return Buffer.concat(chunks);
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

export async function restoreCommand(file: string, opts: { force?: boolean }) {
  const config = loadConfig();
  if (config.databaseUrl) explainPostgres('restore');
  const started = Date.now();
  const source = resolve(file);
  const dataDir = config.dataDir;
  if (!existsSync(source) || !statSync(source).isFile()) throw new Error(`${source} does not exist; give the path of a file made by milewide backup.`);
  if (!isGzip(source)) throw new Error(`${source} is not a gzip archive; give a .tar.gz file made by milewide backup.`);
  const occupied = existsSync(dataDir) && readdirSync(dataDir).length > 0;
  if (occupied && !opts.force) {
    throw new Error(
      `${dataDir} is not empty${isEmbeddedDatabase(dataDir) ? ' (it holds a database)' : ''}. ` +
        `Add --force to move it aside to ${basename(dataDir)}.before-restore-<time> and restore into a fresh directory, or set MILEWIDE_DATA_DIR to an empty directory.`,
    );
  }
  // Claim the directory even when empty, so that a server cannot start on it mid-restore.
  let release: () => void = () => undefined;
  if (existsSync(dataDir)) {
    try {
      release = acquireDataDirLock(dataDir, 'restore');
    } catch (err) {
      if (err instanceof DataDirBusyError) throw new Error(busyMessage(err, 'restore'));
      throw err;
    }
  }
  // Unpacked next to the target and moved into place only once it opens, so a bad archive changes nothing.
  const staging = `${dataDir}.restoring-${stamp()}`;
  let summary: { orgs: number; people: number; migrations: number };
  try {
    say(`Restoring ${source} into ${dataDir}`);
    const bytes = await readWithProgress(source, started);
    say('  unpacking and opening the database...');
    mkdirSync(dirname(staging), { recursive: true });
    const client = await PGlite.create(staging, { loadDataDir: new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/gzip' }) }).catch((err: Error) => {
      throw new Error(`${source} could not be unpacked as a Milewide backup (${err.message})`);
    });
    try {
      summary = await describeRestored(client, source);
    } finally {
      await client.close();
    }
    rmSync(join(staging, LOCK_FILE), { force: true }); // the backup's own claim, copied with the files
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    release();
    throw err;
  }
  release();
  let aside: string | null = null;
  if (occupied) {
    aside = `${dataDir}.before-restore-${stamp()}`;
    renameSync(dataDir, aside);
  } else if (existsSync(dataDir)) {
    rmdirSync(dataDir);
  }
  renameSync(staging, dataDir);
  say(`Restored ${summary.orgs} organisation(s) and ${summary.people} people into ${dataDir} in ${seconds(started)} (backup file ${formatBytes(statSync(source).size)}).`);
  const known = knownMigrations();
  if (summary.migrations < known) say(`The backup is from an older version: ${known - summary.migrations} migration(s) will be applied at the next start.`);
  if (summary.migrations > known) say(`Warning: the backup was made by a newer Milewide (${summary.migrations} migrations, this version knows ${known}). Upgrade Milewide before starting it.`);
  if (aside) say(`The previous data directory was kept in ${aside}; delete it yourself once you are satisfied.`);
}

async function describeRestored(client: PGlite, source: string) {
  const { rows } = await client.query<{ ok: boolean }>(`select to_regclass('public.people') is not null and to_regclass('drizzle.__drizzle_migrations') is not null as ok`);
  if (!rows[0]?.ok) throw new Error(`${source} holds a PostgreSQL data directory but not a Milewide database`);
  const count = async (sql: string) => Number((await client.query<{ n: number }>(sql)).rows[0].n);
  return {
    orgs: await count('select count(*)::int as n from organisations'),
    people: await count('select count(*)::int as n from people'),
    migrations: await count('select count(*)::int as n from drizzle.__drizzle_migrations'),
  };
}
