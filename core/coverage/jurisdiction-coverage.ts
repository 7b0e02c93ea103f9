import type { CoverageState, NotTrackedReason } from '../vocabulary.js';
import type { ConfigProblem } from '../sources/source-config.js';

/**
 * How much we know about a jurisdiction, so no map cell passes "we never looked" off as a
 * finding: `not_tracked` (no source covers it, or none can or did run for it; the message says
 * which, and what would enable it) or `tracked` since the first run that covered it. Pure: db/
 * reads the facts, this judges them. Words here reach public pages: no command lines.
 */

/** A configured source, with what keeps it from running in this configuration (null: nothing). */
export type CoverageSource = { id: string; kind: string; name: string; jurisdictionId: string | null; enabled: boolean; problem: ConfigProblem | null };

/** A run of a source covered the jurisdiction, first and last at these instants. */
export type CoverageRecord = { sourceId: string; firstRunAt: string; lastRunAt: string };

export type Coverage = {
  state: CoverageState;
  reason: NotTrackedReason | null;
  /** ISO instant of the first run that covered it; null when not tracked (or tracked from bills stored before runs were recorded). */
  since: string | null;
  /** ISO instant of the latest run that covered it. */
  last_run_at: string | null;
  /** Ids of the sources that cover it (configured for it, or ran for it). */
  sources: string[];
  /** One sentence for readers: "Tracked since Mar 2, 2026 by Open States." / "Not tracked: ...". */
  message: string;
  /** What would enable tracking ("add an Open States API key ..."), or null. */
  enable: string | null;
};

export type CoverageJurisdiction = { id: string; name: string; classification: string; platform?: string | null };

/** Council platforms as people know them, for "its council publishes on ..." notes. */
export const PLATFORM_NAMES: Readonly<Record<string, string>> = {
  legistar: 'Granicus Legistar',
  onbase: 'Hyland OnBase Agenda Online',
  novusagenda: 'NovusAgenda',
  granicus: 'Granicus',
  'own-site': 'its own website',
};

/** The sources that would cover a jurisdiction: those configured for it, and Open States for every state-level one (DC and PR included). */
export function sourcesCovering(jurisdiction: Pick<CoverageJurisdiction, 'id' | 'classification'>, sources: readonly CoverageSource[]): CoverageSource[] {
  return sources.filter((s) => s.jurisdictionId === jurisdiction.id || (s.kind === 'openstates' && s.jurisdictionId === null && jurisdiction.classification === 'state'));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function day(instant: string): string {
  const [y, m, d] = instant.slice(0, 10).split('-');
  return `${MONTHS[Number(m) - 1]} ${Number(d)}, ${y}`;
}

function names(list: readonly CoverageSource[]): string {
  return list.map((s) => s.name).join(', ');
}

/**
 * The coverage of one jurisdiction from the sources covering it (sourcesCovering), the runs
 * that covered it, and whether it has stored bills. Tracked as soon as any run covered it or
 * any of its bills is stored; otherwise the first reason that applies: no source, every source
 * unconfigured, every configured one switched off, or none has run yet.
 */
export function coverageOf(
  jurisdiction: CoverageJurisdiction,
  covering: readonly CoverageSource[],
  records: readonly CoverageRecord[],
  hasBills: boolean,
): Coverage {
  const ranFor = [...new Set(records.map((r) => r.sourceId))];
  const ids = [...new Set([...covering.map((s) => s.id), ...ranFor])].sort();
  if (records.length > 0 || hasBills) {
    const since = records.length ? records.map((r) => r.firstRunAt).sort()[0] : null;
    const lastRunAt = records.length ? records.map((r) => r.lastRunAt).sort().at(-1)! : null;
    const by = covering.filter((s) => ranFor.includes(s.id));
    return {
      state: 'tracked', reason: null, since, last_run_at: lastRunAt, sources: ids,
      message: `${since ? `Tracked since ${day(since)}` : 'Tracked'}${by.length ? ` by ${names(by)}` : ''}.`,
      enable: null,
    };
  }
  const notTracked = (reason: NotTrackedReason, message: string, enable: string | null): Coverage => ({
    state: 'not_tracked', reason, since: null, last_run_at: null, sources: ids, message, enable,
  });
  if (covering.length === 0) {
    const platform = jurisdiction.platform ? PLATFORM_NAMES[jurisdiction.platform] : undefined;
    const where = platform ? ` (its council publishes on ${platform})` : '';
    return notTracked('no_source', `Not tracked: no source covers ${jurisdiction.name} yet${where}. What is shown comes from laws staff curated.`, `a source for ${jurisdiction.name} has to be added`);
  }
  const runnable = covering.filter((s) => s.problem === null);
  if (runnable.length === 0) {
    const problem = covering[0].problem!;
    return notTracked('not_configured', `Not tracked: ${names(covering)} is not set up. To track ${jurisdiction.name}, ${problem.enable}.`, problem.enable);
  }
  const enabled = runnable.filter((s) => s.enabled);
  if (enabled.length === 0) {
    return notTracked('disabled', `Not tracked: ${names(runnable)} is switched off.`, `switch on ${names(runnable)} on the staff sources page`);
  }
  return notTracked('never_run', `Not tracked yet: ${names(enabled)} has not run for ${jurisdiction.name} yet.`, `wait for the next scheduled run of ${names(enabled)}, or start one from the staff sources page`);
}
