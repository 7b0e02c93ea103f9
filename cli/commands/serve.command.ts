import { parseCommandArgs, type Command } from '../command.js';
import { getRuntime } from '../runtime.js';
import { startTracker } from '../start.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the web view and the API (what `npm start` runs)',
  help: `Usage: npm run tracker -- serve

Starts the tracker on http://HOST:PORT (default http://127.0.0.1:3000): migrates the
database, seeds it on first start (SEED=none keeps only jurisdictions), runs the
scrape schedules unless SCHEDULER=off. Stops cleanly on SIGINT/SIGTERM.`,
  async run(args) {
    parseCommandArgs(args, {});
    const { config, logger } = getRuntime();
    const tracker = await startTracker(config, logger);
    process.stdout.write(`Policy tracker on ${tracker.server.url} (database: ${tracker.handle.kind} ${tracker.handle.location})\n`);
    await new Promise<void>((resolve) => {
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'shutting down');
        void tracker.stop().then(resolve);
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
    return 0;
  },
};
