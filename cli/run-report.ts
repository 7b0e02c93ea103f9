import type { RunSummary } from '../scrapers/sources/run-source.js';
import type { RederiveResult } from '../scrapers/pipeline/rederive-bills.js';

/** The run's counts and first errors, as the CLI prints them. */
export function formatRunSummary(summary: RunSummary): string {
  const c = summary.counts;
  const lines = [
    `${summary.sourceId}: run ${summary.runId} ${summary.outcome}`,
    `  requests ${c.requests}  fetched ${c.fetched}  created ${c.created}  updated ${c.updated}  unchanged ${c.unchanged}  failed ${c.failed}`,
  ];
  for (const e of summary.errors.slice(0, 10)) lines.push(`  error [${e.code}] ${e.message}${e.url && !e.message.includes(e.url) ? ` (${e.url})` : ''}`);
  if (summary.errors.length > 10) lines.push(`  … and ${summary.errors.length - 10} more errors (see the run in the staff pages)`);
  if (!summary.cursorAdvanced) lines.push('  cursor unchanged: the next run starts where the last successful one stopped');
  if (summary.rederived?.moved) lines.push(`  new session facts moved ${formatMoves(summary.rederived)}`);
  return `${lines.join('\n')}\n`;
}

/** "88 bills (88 pending → failed)": what a re-derivation moved. */
export function formatMoves(result: RederiveResult): string {
  const kinds = Object.entries(result.moves).map(([move, n]) => `${n} ${move}`).join(', ');
  return `${result.moved} bill${result.moved === 1 ? '' : 's'}${kinds ? ` (${kinds})` : ''}`;
}

/** Exit code of a run a script can act on: 0 ok, 1 failed, 3 partial (some records failed: see the errors printed). */
export function exitCodeOf(summary: RunSummary): number {
  if (summary.outcome === 'failed') return 1;
  return summary.outcome === 'partial' ? 3 : 0;
}
