/**
 * Jurisdictions side by side on one model: a column per jurisdiction (its best law in
 * force, the score, the one-line summary) and a row per provision with each law's
 * outcome. Pure: the server hands in the adoption entries and the scores of their texts.
 */
import type { Outcome } from './adoption-types.js';
import { applyOverrides, isPublicProvision, type ProvisionOverride } from './apply-overrides.js';
import type { AdoptionEntry, AdoptionSource } from './adoption-views.js';
import type { VersionScore } from './adoption-types.js';
import { adoptionCounts, adoptionSummaryLine, adoptionWords } from './adoption-summary.js';

export type CompareColumn = {
  id: string; name: string; score: number; summary: string; words: string;
  source: AdoptionSource | null;
  inherited: boolean;
};

export type CompareCell = { outcome: Outcome | 'no-law'; reason: string };

export type CompareRow = { id: string; statement: string; required: boolean; kind: string; cells: CompareCell[] };

export type Comparison = { policy: string; columns: CompareColumn[]; rows: CompareRow[] };

/**
 * The comparison of `entries` (in the order given). A jurisdiction without a law in force
 * with a scored text gets `no-law` cells. Unverified provisions are left out unless
 * `showUnverified`; staff overrides on bills (keyed `${billId}:${policyId}`) apply.
 */
export function buildComparison(
  policyId: string,
  entries: AdoptionEntry[],
  scores: Map<number, VersionScore>,
  overrides: Map<string, ProvisionOverride[]>,
  options: { showUnverified?: boolean } = {},
): Comparison {
  const effective = entries.map((e) => {
    const raw = e.source ? scores.get(e.source.text_id) : undefined;
    if (!raw || !e.source) return null;
    const eff = applyOverrides(raw, e.source.kind === 'bill' ? overrides.get(`${e.source.id}:${policyId}`) ?? [] : []);
    return { ...eff, provisions: options.showUnverified ? eff.provisions : eff.provisions.filter(isPublicProvision) };
  });
  const rows: CompareRow[] = [];
  for (const score of effective) {
    for (const p of score?.provisions ?? []) {
      if (!rows.some((r) => r.id === p.provisionId)) rows.push({ id: p.provisionId, statement: p.statement, required: p.required, kind: p.kind, cells: [] });
    }
  }
  for (const row of rows) {
    row.cells = effective.map((score) => {
      const p = score?.provisions.find((x) => x.provisionId === row.id);
      return p ? { outcome: p.outcome, reason: p.reason } : { outcome: 'no-law', reason: score ? 'not scored for this provision' : 'no law in force with a text' };
    });
  }
  const columns = entries.map((e, i) => {
    const score = effective[i];
    const counts = adoptionCounts(score?.provisions.map((p) => ({ kind: p.kind, required: p.required, outcome: p.outcome })) ?? []);
    return {
      id: e.id, name: e.name, score: score?.score ?? 0,
      summary: score ? adoptionSummaryLine(counts) : 'no law in force with a text',
      words: adoptionWords(score?.score ?? 0, counts).words,
      source: e.source, inherited: e.inherited,
    };
  });
  return { policy: policyId, columns, rows };
}
