import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { withDatabase, getRuntime } from '../runtime.js';
import { createProgress } from '../progress.js';
import { exitCodeOf, formatRunSummary } from '../run-report.js';
import { loadSource } from '../../db/sources/load-source.js';
import { listSourceSchedules } from '../../db/sources/sources-repository.js';
import { readBillsBySourceIds } from '../../db/queries/bills-by-source-ids.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { runSource } from '../../scrapers/sources/run-source.js';
import { resolveStateJurisdiction } from '../../scrapers/sources/openstates.source.js';
import { backfillSettingsSchema, OPENSTATES_BACKFILL_SOURCE, openStatesBackfillSource, setUpBackfill } from '../../scrapers/sources/openstates-backfill.source.js';
import { backfillDailyBudget, backfillPlan, readBackfillJob, type BackfillJob } from '../../scrapers/openstates/topical-backfill.js';
import { OPENSTATES_SOURCE } from '../../scrapers/openstates/normalize-openstates-bill.js';

const HELP = `Usage: npm run tracker -- backfill openstates --since <year> [--jurisdiction <abbr> ...] [--max-requests <n>]

Finds the bills of every tracked policy in every session since <year> with Open States'
full-text search (no session named: one search spans all sessions), and runs what it finds
through the pipeline (status, classification, rollup, change log). The phrases come from
each policy's topic rules (their "search" lists, staff-editable; else read off the pattern).

The cost is planned against the daily quota (OPENSTATES_DAILY_LIMIT, less 60 requests a day
kept for freshness) and printed: requests and days. Today's share is spent now; progress is
kept in the database, and the scheduler runs the backfill daily until it is done. Running
the command again resumes the same job (a different --since or --jurisdiction starts anew).

Prints each bill found with its stage, status, and the policies it counts for, with stance.
Needs OPENSTATES_API_KEY.

Options:
  --since <year>          sessions since this year (e.g. 2017)
  --jurisdiction <abbr>   only these states (repeatable); default: every jurisdiction in one search
  --max-requests <n>      spend at most n requests now (the daily share still applies)`;

function describePlan(job: BackfillJob, perDay: number, dailyLimit: number): string {
  const plan = backfillPlan(job, perDay);
  const scope = job.jurisdictions.length ? job.jurisdictions.map((j) => /state:(\w\w)/.exec(j)?.[1] ?? j).join(', ') : 'every jurisdiction';
  const lines = [
    `Backfill plan: ${plan.searches} searches (${scope}; sessions since ${job.sinceYear}); ${plan.done} done`,
    `  requests: ${plan.requestsSpent} spent, ${plan.unsized ? 'at least ' : 'about '}${plan.requestsLeft} left${plan.unsized ? ` (${plan.unsized} searches are sized by their first page)` : ''}`,
    `  budget: ${perDay} requests a day (OPENSTATES_DAILY_LIMIT ${dailyLimit}, less ${dailyLimit - perDay} kept for freshness) → ${plan.days === 0 ? 'done' : `${plan.unsized ? 'at least ' : ''}${plan.days} day${plan.days === 1 ? '' : 's'}`}`,
  ];
  return `${lines.join('\n')}\n`;
}

async function scheduleOf(handle: DatabaseHandle): Promise<string> {
  const row = (await listSourceSchedules(handle.db)).find((r) => r.id === OPENSTATES_BACKFILL_SOURCE);
  return row?.schedule ? `"${row.schedule}" ${row.timezone}` : 'its schedule';
}

/** A column of `width` characters: the text, cut with … when longer, and a space. */
function cell(text: string, width: number): string {
  return `${text.length > width - 1 ? `${text.slice(0, width - 2)}…` : text.padEnd(width - 1)} `;
}

export const backfillCommand: Command = {
  name: 'backfill',
  summary: 'find the tracked policies’ bills in past sessions (Open States full-text search), within the daily quota',
  help: HELP,
  async run(args) {
    const [kind, ...rest] = args;
    if (kind !== 'openstates') throw new UsageError(kind ? `unknown backfill "${kind}" (only openstates)` : 'name what to backfill: openstates');
    const { values } = parseCommandArgs(rest, { since: { type: 'string' }, jurisdiction: { type: 'string', multiple: true }, 'max-requests': { type: 'string' } });
    const thisYear = new Date().getUTCFullYear();
    const since = Number(values.since);
    if (!values.since || !Number.isInteger(since) || since < 1990 || since > thisYear) throw new UsageError(`--since must be a year from 1990 to ${thisYear}${values.since ? `, not "${values.since}"` : ''}`);
    let jurisdictions: string[];
    try {
      jurisdictions = (values.jurisdiction ?? []).map(resolveStateJurisdiction);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const maxRequests = values['max-requests'] === undefined ? undefined : Number(values['max-requests']);
    if (maxRequests !== undefined && (!Number.isInteger(maxRequests) || maxRequests < 0)) throw new UsageError(`--max-requests must be a whole number, not "${values['max-requests']}"`);
    const { config } = getRuntime();

    return withDatabase('tracker backfill openstates', async (handle) => {
      const today = new Date().toISOString().slice(0, 10);
      const { source, job } = await setUpBackfill(handle, { since, jurisdictions, today });
      const perDay = backfillDailyBudget(config.openstates.dailyLimit, backfillSettingsSchema.parse(source.settings).reserve);
      const schedule = await scheduleOf(handle);
      process.stdout.write(describePlan(job, perDay, config.openstates.dailyLimit));

      const progress = createProgress();
      const summary = await runSource(handle, config, source, openStatesBackfillSource, {
        trigger: 'cli',
        params: { since, jurisdiction: jurisdictions, ...(maxRequests === undefined ? {} : { maxRequests }) },
        onProgress: (c) => progress.update(`backfill: ${c.requests} requests, ${c.fetched} bills, ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.failed} failed`),
      });
      progress.done();
      process.stdout.write(formatRunSummary(summary));

      const after = readBackfillJob((await loadSource(handle, OPENSTATES_BACKFILL_SOURCE))!.cursor) ?? job;
      process.stdout.write(describePlan(after, perDay, config.openstates.dailyLimit));
      process.stdout.write(after.finishedOn ? `Backfill done on ${after.finishedOn}.\n` : `The scheduler continues it (${schedule}) until it is done; its place is kept in the database.\n`);

      const found = await readBillsBySourceIds(handle.db, OPENSTATES_SOURCE, after.lastRun?.day === today ? after.lastRun.found : []);
      process.stdout.write(`Found ${found.length} bill${found.length === 1 ? '' : 's'} this run:\n`);
      if (found.length) {
        process.stdout.write(`  ${cell('state', 6)}${cell('session', 12)}${cell('bill', 12)}${cell('stage', 20)}${cell('status', 11)}${cell('title', 52)}policies (stance)\n`);
        for (const b of found) {
          const state = /(?:state|district|territory):(\w+)/.exec(b.jurisdiction.id)?.[1] ?? b.jurisdiction.id;
          const policies = b.policies.length ? b.policies.map((p) => `${p.policy} (${p.stance})`).join(', ') : '—';
          process.stdout.write(`  ${cell(state, 6)}${cell(b.session, 12)}${cell(b.identifier, 12)}${cell(b.stage, 20)}${cell(b.status, 11)}${cell(b.title, 52)}${policies}\n`);
        }
      }
      return exitCodeOf(summary);
    });
  },
};
