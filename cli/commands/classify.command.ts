import { readFileSync } from 'node:fs';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { withDatabase } from '../runtime.js';
import { createProgress } from '../progress.js';
import { reclassifyBills } from '../../scrapers/pipeline/reclassify-bills.js';
import { loadPolicies } from '../../db/policies/load-policies.js';
import { judgeStaffDecisions, loadStaffDecisions, parseRulesEdit } from '../../server/classify/staff-evaluation.js';
import { diffJudgements, evaluateJudgements, type Evaluation, type Rate } from '../../core/classify/evaluate-classifier.js';
import type { PolicyDefinition } from '../../core/classify/policy.schema.js';

const num = (v: number | null) => (v === null ? '   –' : v.toFixed(2));
const rateLine = (label: string, r: Rate) => `  ${label.padEnd(22)} ${num(r.precision).padStart(9)} ${num(r.recall).padStart(7)} ${String(r.tp).padStart(5)} ${String(r.fp).padStart(4)} ${String(r.fn).padStart(4)}\n`;

/** The evaluation as a table: overall, per policy, per stance, strength, then each miss with its rules. */
export function formatEvaluation(e: Evaluation, heading: string): string {
  let out = `${heading}\n\n  ${''.padEnd(22)} precision  recall    tp   fp   fn\n`;
  out += rateLine('policy alone', e.policy);
  out += rateLine('policy + stance', e.policyStance);
  out += '\n  by policy (policy + stance)\n';
  for (const [id, r] of Object.entries(e.byPolicy)) out += rateLine(`  ${id}`, r);
  out += '\n  by stance\n';
  for (const [stance, r] of Object.entries(e.byStance)) out += rateLine(`  ${stance}`, r);
  out += `\n  strength: ${e.strength.correct} of ${e.strength.judged} staff strengths matched\n`;
  out += `\nMisses (${e.misses.length}):\n`;
  for (const m of e.misses) {
    out += `  ${m.caseId} ${m.policyId}: staff say ${m.expected}, the machine says ${m.got} (${m.kind})\n`;
    for (const rule of m.rules.length ? m.rules : ['no rule matched']) out += `      ${rule}\n`;
  }
  return out;
}

/** The policy set with one policy's rules replaced from a JSON file (its rules, or the whole policy). @throws UsageError naming every problem. */
function withEditedRules(policies: PolicyDefinition[], policyId: string, file: string): PolicyDefinition[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--rules ${file}: ${(error as Error).message}`);
  }
  const edit = parseRulesEdit(policies, policyId, text);
  if (!edit.ok) throw new UsageError(`--rules ${file}: ${edit.errors.join('; ')}`);
  return edit.policies;
}

export const classifyCommand: Command = {
  name: 'classify',
  summary: 're-classify stored bills against the current policy rules, or measure the rules against staff decisions (--evaluate)',
  help: `Usage: npm run tracker -- classify [--bill <id>] [--jurisdiction <ocd-id>]
       npm run tracker -- classify --evaluate [--policy <id>] [--rules <file.json>]

Without --evaluate: runs the classifier (the rules in the policies table, which staff may
have edited) over every stored bill, or one bill, or one jurisdiction's, and prints each
change: bill, policy, stance, strength and score before and after. Staff decisions are kept.

With --evaluate: judges the rules against every staff decision (confirm, add, reject, and
the stance and strength staff set) and prints precision and recall for the policy alone and
for policy + stance, per policy and per stance, how many strengths match, and each miss with
the rules that produced it. Nothing is written. --policy keeps to one policy's decisions;
--rules <file> (with --policy) is a dry run of a rule edit: the file holds the policy's
edited rules (or the whole policy), and the output shows the figures before and after and
every decision the edit fixes or breaks.`,
  async run(args) {
    const { values } = parseCommandArgs(args, {
      bill: { type: 'string' }, jurisdiction: { type: 'string' }, evaluate: { type: 'boolean' }, policy: { type: 'string' }, rules: { type: 'string' },
    });
    if (values.evaluate) {
      if (values.bill || values.jurisdiction) throw new UsageError('--evaluate judges every staff decision; --bill and --jurisdiction do not apply');
      if (values.rules && !values.policy) throw new UsageError('--rules needs --policy <id>: the policy whose rules the file holds');
      return withDatabase('tracker classify --evaluate', async (handle) => {
        const policies = await loadPolicies(handle);
        if (values.policy && !policies.some((p) => p.id === values.policy)) throw new UsageError(`--policy ${values.policy}: no such policy (${policies.map((p) => p.id).join(', ')})`);
        const edited = values.rules ? withEditedRules(policies, values.policy!, values.rules) : null;
        const loaded = await loadStaffDecisions(handle.db, { policyId: values.policy });
        const counts = { confirm: 0, add: 0, reject: 0 };
        for (const d of loaded.decisions) counts[d.decision] += 1;
        const scope = `${loaded.decisions.length} staff decision(s) (${counts.confirm} confirm, ${counts.add} add, ${counts.reject} reject)${values.policy ? ` on ${values.policy}` : ''}`;
        const before = judgeStaffDecisions(loaded, policies);
        process.stdout.write(formatEvaluation(evaluateJudgements(before), `Current rules against ${scope}:`));
        if (edited) {
          const after = judgeStaffDecisions(loaded, edited);
          process.stdout.write(`\n${formatEvaluation(evaluateJudgements(after), `Edited rules (${values.rules}) against the same decisions:`)}`);
          const changes = diffJudgements(before, after);
          process.stdout.write(`\nWhat the edit changes (${changes.length}):\n`);
          for (const c of changes) process.stdout.write(`  ${c.fixed ? 'fixed ' : 'broken'} ${c.caseId} ${c.policyId}: staff say ${c.expected}; ${c.before} -> ${c.after}\n`);
        }
        return 0;
      });
    }
    if (values.policy || values.rules) throw new UsageError('--policy and --rules go with --evaluate');
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
