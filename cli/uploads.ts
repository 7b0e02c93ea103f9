/**
 * The upload port (server/uploads/upload-control.ts) over the import pipeline and the text
 * scorer: imports run in the background of the server process, one at a time per source
 * like any run, recorded in scrape_runs; texts are stored and scored at once.
 */
import { randomUUID } from 'node:crypto';
import { rm, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseHandle } from '../db/connect.js';
import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import { FILE_IMPORTERS } from '../scrapers/sources/file-importers.js';
import { importFiles } from '../scrapers/sources/import-files.js';
import { attachTextFile } from '../scrapers/pipeline/fetch-bill-texts.js';
import { HttpClient } from '../scrapers/kit/http-client.js';
import { loadModelPolicies } from '../db/seed/model-policies.js';
import { emptyCounts } from '../core/sources/source-health.js';
import { ValidationError } from '../core/errors.js';
import type { ImportJob, UploadControl, UploadKind } from '../server/uploads/upload-control.js';

const NEEDS: Record<string, UploadKind['needs']> = { 'legistar-html': ['client'] };
const KEEP_JOBS = 50;

/**
 * The items one by one, letting the event loop run between them. PGlite answers from
 * WebAssembly in this thread and its promises settle as microtasks, so an import that never
 * yields would hold every request to the site (the upload's own progress page included)
 * until it ends.
 */
async function* yieldingEach<T>(items: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  for await (const item of items) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    yield item;
  }
}

/** Builds the port for one running server; `onSettled` lets tests wait for a job. */
export function createUploadControl(handle: DatabaseHandle, config: Config, logger: Pick<Logger, 'error' | 'info'>, options: { httpClient?: HttpClient } = {}): UploadControl {
  const jobs = new Map<string, ImportJob>();
  const models = loadModelPolicies();
  const http = options.httpClient ?? new HttpClient({ minIntervalMs: 1000 });

  const remember = (job: ImportJob) => {
    jobs.set(job.id, job);
    for (const id of [...jobs.keys()].slice(0, Math.max(0, jobs.size - KEEP_JOBS))) jobs.delete(id);
  };

  return {
    kinds: () => FILE_IMPORTERS.map((i) => ({ kind: i.kind, usage: i.usage, needs: NEEDS[i.kind] ?? [] })),

    startImport({ kind, files, options: opts }) {
      const importer = FILE_IMPORTERS.find((i) => i.kind === kind);
      if (!importer) throw new ValidationError('unknown kind', [{ parameter: 'kind', message: `unknown import kind ${kind}; known: ${FILE_IMPORTERS.map((i) => i.kind).join(', ')}` }]);
      if (files.length === 0) throw new ValidationError('no file', [{ parameter: 'files', message: 'choose at least one file' }]);
      if ((NEEDS[kind] ?? []).includes('client') && !opts.client) throw new ValidationError('client needed', [{ parameter: 'client', message: 'legistar-html needs the city (its Legistar client name)' }]);
      const job: ImportJob = {
        id: randomUUID(), kind, files: files.map((f) => f.name), state: 'running', startedAt: new Date().toISOString(), finishedAt: null,
        total: null, counts: emptyCounts(), report: null, error: null,
      };
      remember(job);
      let counted = () => undefined as void;
      const ready = new Promise<void>((resolve) => (counted = resolve));
      void (async () => {
        try {
          // Read as `tracker import` reads them: files read whole give a total, so progress can say how far it is.
          const summary = await importFiles(handle, config, importer, files.map((f) => f.path), opts, {
            trigger: 'api',
            params: { files: job.files, uploaded: true },
            onTotal: (total) => {
              job.total = total;
              counted();
            },
            onProgress: (c) => (job.counts = c),
            pace: yieldingEach,
          });
          job.counts = summary.counts;
          job.report = { runId: summary.runId, sourceId: summary.sourceId, outcome: summary.outcome, errors: summary.errors };
          job.state = summary.outcome === 'failed' ? 'failed' : 'done';
          logger.info({ job: job.id, kind, runId: summary.runId, outcome: summary.outcome }, 'upload imported');
        } catch (error) {
          job.state = 'failed';
          job.error = (error as Error).message;
          logger.error({ err: error, job: job.id, kind }, 'upload import failed');
        } finally {
          job.finishedAt = new Date().toISOString();
          await Promise.all(files.map((f) => rm(path.dirname(f.path), { recursive: true, force: true })));
          counted();
        }
      })();
      return ready.then(() => job);
    },

    job: (id) => jobs.get(id) ?? null,
    jobs: () => [...jobs.values()].reverse(),

    async attachText(input) {
      const owner = input.owner;
      if (input.file) {
        return attachTextFile(handle.db, models, { ...owner, file: input.file.path, note: input.note ?? input.file.name });
      }
      if (!input.url) throw new ValidationError('no text', [{ parameter: 'file', message: 'choose a file or give the URL of the official text' }]);
      // Fetched through the polite client (timeouts, retries), saved beside the uploads, read like a file.
      const fetched = await http.getBuffer(input.url);
      const dir = await mkdtemp(path.join(tmpdir(), 'tracker-text-'));
      const name = path.basename(new URL(input.url).pathname) || 'text';
      const file = path.join(dir, name.replace(/[^\w.-]/g, '_'));
      try {
        await writeFile(file, fetched.body);
        return await attachTextFile(handle.db, models, { ...owner, file, note: input.note ?? input.url, mediaType: fetched.headers.get('content-type') });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}
