import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { withDatabase } from '../runtime.js';
import { createProgress } from '../progress.js';
import { reclassifyBills } from '../../scrapers/pipeline/reclassify-bills.js';
import { loadPolicies } from '../../db/policies/load-policies.js';

export const classifyCommand: Command = {
  name: 'classify',
  summary: 're-classify stored bills against the current policy rules and print what changed',
  help: `Usage: npm run tracker -- classify [--bill <id>] [--jurisdiction <ocd-id>]

Runs the classifier (the rules in the policies table, which staff may have edited) over
every stored bill, or one bill, or one jurisdiction's, and prints each change: bill,
policy, stance and score before and after. Staff decisions are kept as they are.`,
  async run(args) {
    const { values } = parseCommandArgs(args, { bill: { type: 'string' }, jurisdiction: { type: 'string' } });
    const billId = values.bill ? Number(values.bill) : undefined;
    if (values.bill && (!Number.isInteger(billId) || billId! <= 0)) throw new UsageError(`--bill must be a bill id (got "${values.bill}")`);
    return withDatabase('tracker classify', async (handle) => {
      const progress = createProgress();
      const { examined, changes } = await reclassifyBills(handle.db, await loadPolicies(handle), { billId, jurisdictionId: values.jurisdiction }, (n) =>
        progress.update(`classified ${n} bills`),
      );
      progress.done();
      const show = (v: { stance: string; strength: string | null; score: number } | null) => (v ? `${v.stance}${v.strength ? ` (${v.strength})` : ''} ${v.score.toFixed(2)}` : 'none');
      for (const c of changes) process.stdout.write(`${c.jurisdictionId} ${c.identifier} (bill ${c.billId}) ${c.policyId}: ${show(c.before)} -> ${show(c.after)}\n`);
      process.stdout.write(`examined ${examined} bill(s), ${changes.length} classification(s) changed\n`);
      return 0;
    });
  },
};
