import { z } from 'zod';
import { storeSessions } from '../../db/sessions/sessions-repository.js';
import { listSourceSchedules, saveSourceCursor, updateSourceSchedule, updateSourceSettings } from '../../db/sources/sources-repository.js';
import { ensureSource, ensureSources } from '../../db/seed/ensure-sources.js';
import { loadSource } from '../../db/sources/load-source.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { defaultScheduleFor } from '../../core/sources/default-schedules.js';
import type { SourceRecord } from '../../core/sources/source-record.js';
import { loadPolicies } from '../../db/policies/load-policies.js';
import { loadStates } from '../../db/seed/seed-data.js';
import { searchPhrasesOf } from '../../core/classify/search-phrases.js';
import { InvalidRecordError } from '../../core/scrape-errors.js';
import {
  backfillDailyBudget, createBackfillJob, readBackfillJob, runTopicalBackfill, withNewPhrases, type BackfillJob, type BackfillRunResult,
} from '../openstates/topical-backfill.js';
import { CHECKPOINT, type SourceItem } from '../pipeline/import-bills.js';
import { createRecordChannel } from './record-channel.js';
import { openStatesClientFor, openStatesNotConfigured, sessionRows } from './openstates.source.js';
import type { AdapterContext, SourceAdapter } from './source-adapter.js';

/** The source row of the topical backfill (created by `tracker backfill openstates`). */
export const OPENSTATES_BACKFILL_SOURCE = 'openstates-backfill';

/** What `tracker backfill` sets on the source row. */
export const backfillSettingsSchema = z
  .object({
    since: z.number().int().min(1990).max(2100),
    /** OCD ids; empty: every jurisdiction at once. */
    jurisdictions: z.array(z.string()).default([]),
    /** Requests a day left to the planner's freshness work (default 60). */
    reserve: z.number().int().min(0).default(60),
  })
  .loose();
export type BackfillSettings = z.infer<typeof backfillSettingsSchema>;

/** The job stored on the source, or a new one for its settings (phrases from the policies' rules as they are now). */
export function backfillJobFor(settings: BackfillSettings, stored: unknown, phrases: Parameters<typeof createBackfillJob>[2], today: string): BackfillJob {
  const job = readBackfillJob(stored);
  const same = job && job.sinceYear === settings.since && [...job.jurisdictions].sort().join() === [...settings.jurisdictions].sort().join();
  return same ? withNewPhrases(job, phrases) : createBackfillJob(settings.since, settings.jurisdictions, phrases, today);
}

/**
 * Sets up (or resumes) the backfill job for `tracker backfill openstates`: the source row with
 * its settings, the job as its cursor (the same job when since and jurisdictions are
 * unchanged, with searches for phrases added to the rules since), and its daily schedule,
 * switched on until the job is done. Returns the source and the job.
 */
export async function setUpBackfill(handle: DatabaseHandle, options: { since: number; jurisdictions: string[]; today: string }): Promise<{ source: SourceRecord; job: BackfillJob }> {
  await ensureSources(handle.db);
  await ensureSource(handle.db, { id: OPENSTATES_BACKFILL_SOURCE, kind: 'openstates-backfill', name: 'Open States topical backfill' });
  const existing = (await loadSource(handle, OPENSTATES_BACKFILL_SOURCE))!;
  const settings = backfillSettingsSchema.parse({ ...existing.settings, since: options.since, jurisdictions: [...new Set(options.jurisdictions)] });
  const job = backfillJobFor(settings, existing.cursor, searchPhrasesOf(await loadPolicies(handle)), options.today);
  await updateSourceSettings(handle.db, OPENSTATES_BACKFILL_SOURCE, settings, job as unknown as Record<string, unknown>);
  // Staff may have moved the schedule; a new row gets the default one. The source switches itself off when done.
  const current = (await listSourceSchedules(handle.db)).find((r) => r.id === OPENSTATES_BACKFILL_SOURCE);
  const schedule = current?.schedule ? { schedule: current.schedule, timezone: current.timezone } : defaultScheduleFor('openstates-backfill');
  await updateSourceSchedule(handle.db, OPENSTATES_BACKFILL_SOURCE, { schedule: schedule.schedule, timezone: schedule.timezone, enabled: job.finishedOn === null });
  return { source: (await loadSource(handle, OPENSTATES_BACKFILL_SOURCE))!, job };
}

/**
 * The topical backfill as a source: each run spends the day's share of the Open States quota
 * (OPENSTATES_DAILY_LIMIT minus what freshness needs, and what this day's earlier runs spent)
 * on the job's full-text searches, hands what they find to the pipeline, and saves its place
 * after every page. The scheduler runs it daily until every search is done; then the source
 * switches itself off. Run parameter `maxRequests` caps a run further.
 */
export const openStatesBackfillSource: SourceAdapter = {
  kind: 'openstates-backfill',
  notConfigured: openStatesNotConfigured,
  async start(ctx: AdapterContext) {
    const { handle, config } = ctx;
    const settings = backfillSettingsSchema.parse(ctx.source.settings);
    const today = new Date().toISOString().slice(0, 10);
    const phrases = searchPhrasesOf(await loadPolicies(handle));
    let job = backfillJobFor(settings, ctx.source.cursor, phrases, today);
    const client = openStatesClientFor(ctx);
    const perDay = backfillDailyBudget(config.openstates.dailyLimit, settings.reserve);
    const spentToday = job.spent.day === today ? job.spent.requests : 0;
    const reserve = config.openstates.dailyLimit - perDay;
    const cap = typeof ctx.params.maxRequests === 'number' ? ctx.params.maxRequests : Number.POSITIVE_INFINITY;
    const maxRequests = Math.max(0, Math.min(perDay - spentToday, (await client.remainingToday()) - reserve, cap));
    const known = new Set(loadStates().map((s) => s.id));
    const channel = createRecordChannel<SourceItem>();
    let result: BackfillRunResult | null = null;
    // New session facts can move stored bills no record touches: the run re-derives them after.
    const sessionsChanged = new Set<string>();

    const produce = async () => {
      result = await runTopicalBackfill(
        client,
        {
          bills: async (bills) => {
            for (const bill of bills) await channel.send(bill);
          },
          problems: async (problems) => {
            for (const p of problems) await channel.send({ error: new InvalidRecordError(p.message, p.url), url: p.url });
          },
          sessions: async (jurisdictionId, list) => {
            const changes = await storeSessions(handle.db, jurisdictionId, sessionRows(list, today));
            if (changes.added.length || changes.changed.length) sessionsChanged.add(jurisdictionId);
          },
          progress: async (progress) => {
            // The saved progress never runs ahead of the stored bills.
            await channel.send(CHECKPOINT);
            job = progress;
            await saveSourceCursor(handle.db, ctx.source.id, progress as unknown as Record<string, unknown>);
          },
        },
        job,
        { today, maxRequests, isKnownJurisdiction: (id) => known.has(id) },
      );
      job = result.job;
      for (const e of result.errors) await channel.send({ error: new Error(`search "${e.q}"${e.jurisdiction ? ` in ${e.jurisdiction}` : ''}: ${e.message}`), url: e.url });
      if (job.finishedOn) await updateSourceSchedule(handle.db, ctx.source.id, { enabled: false });
    };
    produce().then(
      () => channel.close(),
      (error: Error) => channel.close(error),
    );
    return { items: channel, requests: () => client.requests, cursorAfter: () => job as unknown as Record<string, unknown>, sessionsChanged: () => [...sessionsChanged] };
  },
};
