import { Command } from 'commander';
import { startCommand } from './cli/start.js';
import { createAdminCommand, demoCommand, migrateCommand } from './cli/admin-commands.js';
import { importPeopleCommand } from './cli/import-people.js';
import { backupCommand, restoreCommand } from './cli/backup.js';
import { packExportCommand, packImportCommand, packValidateCommand } from './cli/pack-commands.js';

const program = new Command();
program.name('milewide').description('Milewide: career path, manager toolkit and bench strength for IT organisations');

program
  .command('start')
  .description('Start the server (embedded database unless DATABASE_URL is set)')
  .option('--no-demo', 'do not create the demo organisation')
  .option('-p, --port <port>', 'port to listen on (default PORT or 3000)')
  .option('--host <host>', 'address to bind (default HOST or 127.0.0.1)')
  .action(startCommand);

program.command('migrate').description('Apply database migrations and exit').action(migrateCommand);

program
  .command('create-admin')
  .description('Create an organisation and its first administrator')
  .requiredOption('--org <name>', 'organisation name')
  .requiredOption('--name <name>', 'administrator full name')
  .requiredOption('--email <email>', 'administrator e-mail')
  .option('--password <password>', 'password (default: read MILEWIDE_ADMIN_PASSWORD)')
  .action(createAdminCommand);

program.command('demo').description('Create the demo organisation if it does not exist').action(demoCommand);

program
  .command('import-people <file>')
  .description('Create and update people from a CSV file (see docs/admins/importing-people.md)')
  .requiredOption('--org <slug>', 'organisation slug')
  .option('--dry-run', 'check the file and show what would change, without writing')
  .action(importPeopleCommand);

program.command('backup <file>').description('Back up the embedded database to a .tar.gz file (stop the server first)').option('--force', 'replace an existing file').action(backupCommand);
program.command('restore <file>').description('Restore the embedded database from a backup file').option('--force', 'move a non-empty data directory aside first').action(restoreCommand);

const pack = program.command('pack').description('Content packs: validate, import or upgrade, export (see docs/content-packs.md)');
pack
  .command('validate <source>')
  .description('Check a pack folder or .zip and report every problem with file and line')
  .option('--org <slug>', 'also check it against this organisation (framework, installed packs) and show what an import would change')
  .action(packValidateCommand);
pack
  .command('import <source>')
  .description('Validate a pack folder or .zip, then import it (or upgrade the installed version); a pack with any problem imports nothing')
  .requiredOption('--org <slug>', 'organisation slug')
  .option('--dry-run', 'validate and show what would change, without writing')
  .action(packImportCommand);
pack
  .command('export <outdir>')
  .description('Write the installed version of a pack back out as files')
  .requiredOption('--org <slug>', 'organisation slug')
  .requiredOption('--pack <id>', 'pack id (from its pack.yaml)')
  .action(packExportCommand);

await program.parseAsync(process.argv).catch((err: Error) => {
  process.stderr.write(`Error: ${err.message}\n`);
  process.exit(1);
});
