import { ConfigError } from '../core/config.js';
import { AppError } from '../core/errors.js';
import { errorLine } from '../core/error-summary.js';
import { UsageError, type Command } from './command.js';
import { migrateCommand } from './commands/migrate.command.js';
import { serveCommand } from './commands/serve.command.js';
import { seedCommand } from './commands/seed.command.js';
import { scrapeCommand } from './commands/scrape.command.js';
import { importCommand } from './commands/import.command.js';
import { backfillCommand } from './commands/backfill.command.js';
import { classifyCommand } from './commands/classify.command.js';
import { rederiveCommand } from './commands/rederive.command.js';
import { benchCommand } from './commands/bench.command.js';
import { userCommand } from './commands/user.command.js';
import { textsCommand } from './commands/texts.command.js';
import { parseCommand } from './commands/parse.command.js';
import { SourceNotConfiguredError } from '../scrapers/sources/source-adapter.js';
import { createWorkerCommand } from './commands/worker.command.js';
import { adapterFor } from '../scrapers/sources/adapters.js';

/** `npm run tracker -- <command>`: every command, with `--help` on each. */
const commands: Command[] = [
  serveCommand, migrateCommand, seedCommand, scrapeCommand, importCommand, backfillCommand, parseCommand, classifyCommand, rederiveCommand, textsCommand,
  createWorkerCommand(adapterFor), userCommand, benchCommand,
];

function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: npm run tracker -- <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run \`npm run tracker -- <command> --help\` for a command's options.
`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.problems.join('\n')}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`${command.name}: ${error.message}\n\n${command.help}\n`);
      return 2;
    }
    if (error instanceof SourceNotConfiguredError) {
      process.stderr.write(`${command.name}: ${error.message}\nThe rest of the tracker works without it.\n`);
      return 1;
    }
    if (error instanceof AppError || (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      process.stderr.write(`${command.name}: ${(error as Error).message}\n`);
      return 1;
    }
    // One line, never a failed query's parameters (they can run to megabytes of scraped text).
    process.stderr.write(`${command.name} failed: ${errorLine(error)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
