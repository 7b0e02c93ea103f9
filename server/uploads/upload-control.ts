/**
 * The port through which staff uploads reach the import pipeline and the text scorer,
 * which live in scrapers/ (the server may not import them): cli/ builds it and hands it
 * to the app, as it does the scheduler. The work runs inside the server process, so it
 * works on the embedded database, which only this process may open.
 */
import type { RunCounts, RunErrorEntry } from '../../core/sources/source-health.js';

/** One kind of saved file `tracker import` reads, as the upload form offers it. */
export type UploadKind = { kind: string; usage: string; needs: ('session' | 'client')[] };

/** A file saved by the upload route: its original name (importers read meaning from it) and where it lies. */
export type UploadedFile = { name: string; path: string; bytes: number };

/** An import running (or run) in this process: progress while it runs, the run's report after. */
export type ImportJob = {
  id: string;
  kind: string;
  files: string[];
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** Records read from the files (known once they are parsed). */
  total: number | null;
  counts: RunCounts;
  /** The recorded run (scrape_runs) once finished. */
  report: { runId: number; sourceId: string; outcome: string; errors: RunErrorEntry[] } | null;
  /** Why the import could not run at all (a file that is not what the kind expects). */
  error: string | null;
};

/** Whose text, and where it comes from: an uploaded file or an official URL. */
export type TextUpload = {
  owner: { billId: number } | { curatedLawId: number };
  file?: UploadedFile;
  url?: string;
  note?: string;
};

export type UploadControl = {
  kinds(): UploadKind[];
  /**
   * Starts an import of saved files in the background; the job is followed with `job()`.
   * Resolves once its records are counted (or it ended), so the first view shows the total.
   * @throws ValidationError for an unknown kind or a missing option.
   */
  startImport(input: { kind: string; files: UploadedFile[]; options: { session?: string; client?: string } }): Promise<ImportJob>;
  job(id: string): ImportJob | null;
  /** Recent jobs of this process, newest first. */
  jobs(): ImportJob[];
  /** Stores and scores a text for a bill or a curated law. @throws NotFoundError, ValidationError, or the fetch/extract error. */
  attachText(input: TextUpload): Promise<{ textId: number; created: boolean; scored: number }>;
};
