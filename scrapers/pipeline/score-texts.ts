import type { Db } from '../../db/database.js';
import { policiesForTexts, readStoredTexts, saveScores, scoredKeys, type StoredTextRow } from '../../db/texts/bill-texts-repository.js';
import type { ModelPolicy } from '../../core/adoption/model-policy.schema.js';
import { scoreText } from '../../core/adoption/text-score.js';
import { toNormalizedText } from '../../core/texts/bill-text-normalize.js';

/**
 * Scores each text against the models for its policies (or `models` entirely with `all`)
 * that have no score yet at the model's current version. Returns how many scores it wrote.
 */
export async function scoreMissing(db: Db, texts: StoredTextRow[], models: ModelPolicy[], options: { all?: boolean; force?: boolean } = {}): Promise<number> {
  const done = options.force ? new Set<string>() : await scoredKeys(db, texts.map((t) => t.id));
  const relevant = options.all ? null : await policiesForTexts(db, texts);
  const pending: { textId: number; score: ReturnType<typeof scoreText> }[] = [];
  for (const t of texts) {
    const want = models.filter((m) => (relevant ? relevant.get(t.id)?.has(m.policyId) : true) && !done.has(`${t.id}:${m.policyId}:${m.version}`));
    if (want.length === 0) continue;
    const normalized = toNormalizedText(t);
    for (const m of want) pending.push({ textId: t.id, score: scoreText(normalized, m) });
  }
  await saveScores(db, pending);
  return pending.length;
}

/**
 * Scores the texts of curated laws (the seeded wording of Breonna's Law, Killeen's and
 * Austin's bans, ...) against their policy's model where no score exists at the model's
 * version, so their cells show a checklist. Run after seeding; returns scores written.
 */
export async function scoreCuratedLawTexts(db: Db, models: ModelPolicy[]): Promise<number> {
  let last = 0;
  let scored = 0;
  for (;;) {
    const batch = await readStoredTexts(db, last, 100, { curatedLaws: true });
    if (batch.length === 0) return scored;
    last = batch[batch.length - 1].id;
    scored += await scoreMissing(db, batch, models);
  }
}
