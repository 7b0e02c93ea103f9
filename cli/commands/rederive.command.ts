import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { withDatabase } from '../runtime.js';
import { createProgress } from '../progress.js';
import { formatMoves } from '../run-report.js';
import { rederiveBills } from '../../scrapers/pipeline/rederive-bills.js';
import { resolveJurisdictionRef } from '../../db/queries/jurisdictions-query.js';

const HELP = `Usage: npm run tracker -- rederive [--jurisdiction <va|ocd-id>] [--all]

Re-derives the status of stored bills from their actions, their jurisdiction's legislative
sessions and today's date, and prints what moved. A bill still pending when its session is
over (and the governor's grace period with it) has failed; a session end date learned later
can bring a bill back. Each move is written to the change log with its cause ("session ended
2025-02-22"), feeds alerts and feeds, and updates the map. The server does this every day on
its own; run it after editing session facts by hand.

  --jurisdiction  one state (two-letter code) or any jurisdiction (OCD id); default: all
  --all           every bill (not only pending and failed ones): after an upgrade of the rules`;

export const rederiveCommand: Command = {
  name: 'rederive',
  summary: 're-derive bill status from sessions and today\'s date (the daily sweep) and print what moved',
  help: HELP,
  async run(args) {
    const { values } = parseCommandArgs(args, { jurisdiction: { type: 'string' }, all: { type: 'boolean' } });
    const today = new Date().toISOString().slice(0, 10);
    return withDatabase('tracker rederive', async (handle) => {
      let jurisdictionId: string | undefined;
      if (values.jurisdiction !== undefined) {
        const found = await resolveJurisdictionRef(handle.db, values.jurisdiction);
        if (!found) throw new UsageError(`unknown jurisdiction "${values.jurisdiction}": give a two-letter state code or an ocd-jurisdiction id`);
        jurisdictionId = found;
      }
      const progress = createProgress();
      const result = await rederiveBills(handle.db, {
        jurisdictionId,
        mode: values.all ? 'all' : 'sessions',
        today,
        onProgress: (r) => progress.update(`rederive: ${r.checked} checked, ${r.moved} moved`),
      });
      progress.done();
      process.stdout.write(`rederive: ${result.checked} bill(s) checked, ${formatMoves(result)} moved${result.jurisdictions.length ? ` in ${result.jurisdictions.length} jurisdiction(s)` : ''}\n`);
      if (result.skippedWithoutHints) {
        process.stdout.write(`  ${result.skippedWithoutHints} bill(s) stored before their source's status flags were kept were left as they are; importing their source again fills the flags in\n`);
      }
      return 0;
    });
  },
};
