import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { referencePath } from './checkout.js';
import { parseModelPolicy, type ModelPolicy } from '../../core/adoption/model-policy.schema.js';
import { loadModelPolicies } from '../../db/seed/model-policies.js';
import { scoreText } from '../../core/adoption/text-score.js';
import { normalizeBillText, type NormalizedText } from '../../core/texts/bill-text-normalize.js';
import { extractText } from '../../scrapers/texts/text-extract.js';
import { openDatabase } from '../../db/connect.js';
import { migrateDatabase } from '../../db/migrate.js';
import { seedDatabase } from '../../db/seed/run-seed.js';
import { bills } from '../../db/schema/index.js';
import { readStoredTexts, storeText } from '../../db/texts/bill-texts-repository.js';
import { toNormalizedText } from '../../core/texts/bill-text-normalize.js';
import { rescoreTexts, scoreMissing } from '../../scrapers/pipeline/fetch-bill-texts.js';
import type { Db } from '../../db/database.js';
import type { Bench, BenchResult } from './bench-result.js';

/** The shared real texts, read in place (never copied into the repo). */
const TEXTS_DIR = referencePath('texts');

async function readAndNormalize(files: string[]): Promise<NormalizedText[]> {
  const out: NormalizedText[] = [];
  for (const f of files) {
    const { raw } = await extractText({ body: readFileSync(path.join(TEXTS_DIR, f)), mediaType: null, url: f });
    out.push(normalizeBillText(raw));
  }
  return out;
}

function scoreAll(texts: NormalizedText[], models: ModelPolicy[]): number {
  let adopted = 0;
  for (const t of texts) for (const m of models) adopted += scoreText(t, m).provisions.filter((p) => p.outcome === 'adopted').length;
  return adopted;
}

/** Median of `reps` timed runs, in ms; repeating keeps one GC pause from setting the figure. */
async function medianMs(reps: number, run: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Reads every stored text back and rebuilds it for scoring: what a re-score must read anyway. */
async function readAllFromDatabase(db: Db): Promise<number> {
  let last = 0;
  let n = 0;
  for (;;) {
    const batch = await readStoredTexts(db, last, 100);
    if (batch.length === 0) return n;
    for (const row of batch) n += toNormalizedText(row).sentences.length > 0 ? 1 : 0;
    last = batch[batch.length - 1].id;
  }
}

/**
 * Adoption scoring over the shared reference texts: versions scored per second (each
 * version against every model) beside reading + normalizing the same texts, and the time
 * to re-score every stored text after a model edit (patterns recompiled, texts read from
 * the embedded database, scores written) beside merely reading the same texts from the
 * database. Throws when the reference texts are missing.
 */
export const adoptionBench: Bench = {
  name: 'adoption',
  run: async (): Promise<BenchResult> => {
    const files = readdirSync(TEXTS_DIR).filter((f) => f !== 'README.md').sort();
    const models = loadModelPolicies();
    const texts = await readAndNormalize(files); // warm-up: pdf.js and the regex caches
    scoreAll(texts, models);
    const reps = 15;
    const normalizeMs = await medianMs(reps, () => readAndNormalize(files));
    // Fresh text objects each run: the scorer caches matches and word indexes per text object,
    // which is right within one scoring pass (one text against every model) but would make
    // every run after the first free.
    const scoreMs = await medianMs(reps, () => scoreAll(texts.map((t) => ({ ...t })), models));
    // A model edit yields new model objects, so every pattern is compiled again.
    const edited = (): ModelPolicy[] => models.map((m) => parseModelPolicy({ ...structuredClone(m), version: m.version + 1 }));
    // The re-score after a model edit runs as `tracker texts --rescore` does: stored texts
    // read from the (embedded) database, rebuilt, scored, and the scores written back.
    const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
    let readDbMs: number;
    let rescoreMs: number;
    try {
      await migrateDatabase(handle);
      await seedDatabase(handle.db, { curated: false });
      const [bill] = await handle.db
        .insert(bills)
        .values({ jurisdictionId: 'ocd-jurisdiction/country:us/state:va/government', session: 'bench', identifier: 'BENCH 1', title: 'Reference texts', primarySource: 'bench', contentHash: 'bench' })
        .returning({ id: bills.id });
      for (const [i, normalized] of texts.entries()) await storeText(handle.db, { billId: bill.id, versionNote: files[i], format: 'plain', normalized });
      await scoreMissing(handle.db, await readStoredTexts(handle.db, 0, 1000), models, { all: true });
      readDbMs = await medianMs(reps, () => readAllFromDatabase(handle.db));
      rescoreMs = await medianMs(reps, () => rescoreTexts(handle.db, edited()));
    } finally {
      await handle.close();
    }
    const perSecond = (ms: number): number => (texts.length * 1000) / ms;
    return {
      title: `Adoption scoring: ${texts.length} real bill texts × ${models.length} model policies`,
      figures: [
        {
          name: 'versions scored (against every model)',
          value: perSecond(scoreMs),
          unit: 'versions/s',
          baseline: { name: 'read + extract + normalize the same versions', value: perSecond(normalizeMs) },
          note: `median of ${reps} runs; ${models.reduce((s, m) => s + m.provisions.length, 0)} provisions per version`,
        },
        {
          name: 're-score every stored text after a model edit (read from the database + recompile + score + write scores)',
          value: rescoreMs,
          unit: 'ms',
          baseline: { name: 'merely read the same texts from the database (and rebuild them for scoring)', value: readDbMs },
          note: `median of ${reps} runs; embedded PostgreSQL; re-extracting from the files instead would take ${normalizeMs.toFixed(1)} ms`,
        },
      ],
    };
  },
};
