import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../db/database.js';
import {
  readStoredTexts, storeText, selectBillsForTexts, listVersionDocuments, storedTextUrls, relinkTextDocument, textOwnerExists, type TextOwner,
} from '../../db/texts/bill-texts-repository.js';
import type { RunErrorEntry } from '../../core/sources/source-health.js';
import { NotFoundError } from '../../core/errors.js';
import type { HttpClient } from '../kit/http-client.js';
import { ScrapeError } from '../../core/scrape-errors.js';
import type { ModelPolicy } from '../../core/adoption/model-policy.schema.js';
import { normalizeBillText } from '../../core/texts/bill-text-normalize.js';
import { scoreMissing } from './score-texts.js';
import { extractText } from '../texts/text-extract.js';

/** What a texts run did, for the CLI and tests. */
export type TextRunReport = {
  bills: number;
  /** Version documents looked at. */
  versions: number;
  /** Fetched over HTTP (or read from a file). */
  fetched: number;
  /** New texts stored. */
  stored: number;
  /** Fetched, but the text's hash was already stored for the bill. */
  unchanged: number;
  /** Not fetched: a text from that URL is already stored (use `refetch` to check again). */
  skipped: number;
  /** Scores written (one per text and model). */
  scored: number;
  failed: number;
  errors: RunErrorEntry[];
  /** Documents read, with something the reader should know (an unknown format read as plain text). */
  warnings: { url: string | null; message: string }[];
};

export type FetchTextsOptions = {
  /** These bills (tagged with a policy or not); otherwise every bill tagged with a policy. */
  billIds?: number[];
  /** Only bills tagged with this policy. */
  policyId?: string;
  /** At most this many bills. */
  limit?: number;
  /** Score against every model, not only the bill's policies. */
  allModels?: boolean;
  /** Fetch versions whose URL already has a stored text again (to notice a changed document). */
  refetch?: boolean;
  onProgress?: (report: TextRunReport) => void;
};

function emptyReport(): TextRunReport {
  return { bills: 0, versions: 0, fetched: 0, stored: 0, unchanged: 0, skipped: 0, scored: 0, failed: 0, errors: [], warnings: [] };
}

function errorEntry(error: unknown, url: string | null): RunErrorEntry {
  const e = error as Error;
  return { url: (error instanceof ScrapeError ? error.url : null) ?? url, message: e.message ?? String(error), code: error instanceof ScrapeError ? error.code : 'error' };
}

/**
 * For each chosen bill, fetches every version document through `client` (its per-host
 * spacing keeps us polite), extracts and normalizes the text, stores it when its hash is
 * new for the bill, and scores every stored text of the bill against the relevant models
 * (the bill's policies, or all with `allModels`) where no score exists at the model's
 * version. A failing document is reported with its URL and the run goes on. Versions whose
 * URL already has a stored text are not fetched again unless `refetch`.
 */
export async function fetchBillTexts(db: Db, client: HttpClient, models: ModelPolicy[], options: FetchTextsOptions = {}): Promise<TextRunReport> {
  const report = emptyReport();
  for (const billId of await selectBillsForTexts(db, options)) {
    report.bills += 1;
    const versions = await listVersionDocuments(db, billId);
    const knownUrls = await storedTextUrls(db, billId);
    for (const v of versions) {
      report.versions += 1;
      if (!options.refetch && knownUrls.has(v.url)) {
        report.skipped += 1;
        await relinkTextDocument(db, billId, v.url, v.id);
        continue;
      }
      try {
        const response = await client.getBuffer(v.url);
        report.fetched += 1;
        const mediaType = response.headers.get('content-type') ?? v.mediaType;
        const extracted = await extractText({ body: response.body, mediaType, url: v.url });
        for (const message of extracted.warnings) report.warnings.push({ url: v.url, message });
        const normalized = normalizeBillText(extracted.raw);
        if (normalized.text.trim() === '') throw new ScrapeError('empty_text', `version text is empty after extraction (${v.url})`, { url: v.url });
        const { created } = await storeText(db, {
          billId, documentId: v.id, versionNote: v.note, versionUrl: v.url, versionDate: v.date, versionPosition: v.position,
          mediaType: mediaType ?? null, format: extracted.format, normalized,
        });
        if (created) report.stored += 1; else report.unchanged += 1;
      } catch (error) {
        report.failed += 1;
        report.errors.push(errorEntry(error, v.url));
      }
      options.onProgress?.(report);
    }
    report.scored += await scoreMissing(db, await readStoredTexts(db, 0, 10_000, { billId }), models, { all: options.allModels });
    options.onProgress?.(report);
  }
  return report;
}

export type AttachFileInput = TextOwner & {
  file: string;
  /** Shown as the version's name; defaults to the file name. */
  note?: string;
  mediaType?: string | null;
  allModels?: boolean;
};

/**
 * Attaches a saved text file to a bill or a curated law (for offline use): extracts,
 * normalizes, stores it when its hash is new, and scores the owner's texts. Throws
 * NotFoundError when the bill or law does not exist, ScrapeError when the file
 * cannot be extracted, and the file system's error when it cannot be read.
 */
export async function attachTextFile(db: Db, models: ModelPolicy[], input: AttachFileInput): Promise<{ textId: number; created: boolean; scored: number; format: string; warnings: string[] }> {
  const owner: TextOwner = input.billId !== undefined ? { billId: input.billId } : { curatedLawId: input.curatedLawId! };
  if (!(await textOwnerExists(db, owner))) throw new NotFoundError(input.billId !== undefined ? `bill ${input.billId}` : `curated law ${input.curatedLawId}`);
  const body = await readFile(input.file);
  const name = path.basename(input.file);
  const extracted = await extractText({ body, mediaType: input.mediaType ?? null, url: name });
  const normalized = normalizeBillText(extracted.raw);
  if (normalized.text.trim() === '') throw new ScrapeError('empty_text', `${name}: the text is empty after extraction`);
  const { textId, created } = await storeText(db, { ...owner, versionNote: input.note ?? name, format: extracted.format, mediaType: input.mediaType ?? null, normalized });
  const texts = (await readStoredTexts(db, textId - 1, 1)).filter((t) => t.id === textId);
  const scored = await scoreMissing(db, texts, models, { all: input.allModels });
  return { textId, created, scored, format: extracted.format, warnings: extracted.warnings };
}

/**
 * Re-scores every stored text (or only against `modelId`) without fetching anything: each
 * text is read from the database, rebuilt and scored against its models at their current
 * version, rewriting the machine scores. Staff overrides are stored apart and keep
 * applying while the text hash is unchanged. Returns texts read and scores written.
 */
export async function rescoreTexts(db: Db, models: ModelPolicy[], options: { modelId?: string; onProgress?: (texts: number) => void } = {}): Promise<{ texts: number; scored: number }> {
  const chosen = options.modelId ? models.filter((m) => m.policyId === options.modelId) : models;
  let last = 0;
  let texts = 0;
  let scored = 0;
  for (;;) {
    const batch = await readStoredTexts(db, last, 100);
    if (batch.length === 0) break;
    last = batch[batch.length - 1].id;
    texts += batch.length;
    scored += await scoreMissing(db, batch, chosen, { force: true });
    options.onProgress?.(texts);
  }
  return { texts, scored };
}

export { scoreCuratedLawTexts, scoreMissing } from './score-texts.js';
