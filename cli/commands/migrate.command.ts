import { migrateDatabase } from '../../db/migrate.js';
import { parseCommandArgs, type Command } from '../command.js';
import { getRuntime, openConfiguredDatabase } from '../runtime.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply database migrations (the server also does this on start)',
  help: `Usage: npm run tracker -- migrate

Applies the SQL migrations in migrations/ that the database has not applied yet.
Uses PostgreSQL when DATABASE_URL is set, otherwise the embedded database in DATA_DIR.`,
  async run(args) {
    parseCommandArgs(args, {});
    const { config } = getRuntime();
    const handle = await openConfiguredDatabase(config, 'tracker migrate');
    try {
      const { applied, level } = await migrateDatabase(handle);
      process.stdout.write(`${handle.kind} ${handle.location}: applied ${applied} migration(s), now at level ${level}\n`);
      return 0;
    } finally {
      await handle.close();
    }
  },
};
