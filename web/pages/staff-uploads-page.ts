/**
 * Staff uploads while the site runs: a saved source file of any `import` kind, or a text
 * for a bill or a curated law (a file, or the URL of the official text). An import runs
 * in the server and its page shows progress (reloading itself every two seconds, no
 * JavaScript needed) and then the run's report, errors with where they came from.
 */
import { html, type SafeHtml } from './html.js';
import { renderLayout, type Viewer } from './layout.js';
import { formatDate, plural } from './page-parts.js';

export type UploadKindView = { kind: string; usage: string; needs: string[] };
export type ImportJobView = {
  id: string; kind: string; files: string[]; state: 'running' | 'done' | 'failed'; startedAt: string; finishedAt: string | null; total: number | null;
  counts: { fetched: number; created: number; updated: number; unchanged: number; failed: number };
  report: { runId: number; sourceId: string; outcome: string; errors: { url: string | null; message: string; code: string }[] } | null;
  error: string | null;
};

export type UploadsPageInput = {
  kinds: UploadKindView[] | null;
  jobs: ImportJobView[];
  viewer: Viewer;
  /** Prefill the text form for this curated law (from the law's page). */
  lawId?: number | null;
  billId?: number | null;
  notice?: SafeHtml | null;
  error?: string | null;
};

const STATE_WORDS = { running: 'Running', done: 'Done', failed: 'Failed' } as const;

function jobLine(j: ImportJobView): SafeHtml {
  return html`<li><a href="/staff/imports/${j.id}">${j.kind}: ${j.files.join(', ')}</a> <span class="tag tag-${j.state === 'done' ? 'enacted' : j.state === 'failed' ? 'failed' : 'pending'}">${STATE_WORDS[j.state]}</span> <span class="muted small">${formatDate(j.startedAt)}</span></li>`;
}

/** The uploads page: both forms and the recent imports. */
export function renderUploadsPage(input: UploadsPageInput): string {
  const csrf = input.viewer.csrfToken ?? '';
  const unavailable = input.kinds === null;
  const main = html`<h1>Uploads</h1>
<p>Files go through the running server, so this works while the site is up, on the embedded database too.</p>
${input.notice ? html`<div class="notice success" role="status">${input.notice}</div>` : ''}
${input.error ? html`<div class="notice error" role="alert"><p>${input.error}</p></div>` : ''}
${unavailable ? html`<p class="notice">Uploads are not available in this process.</p>` : html`
<section aria-labelledby="import-heading"><h2 id="import-heading">Import a saved source file</h2>
<form method="post" action="/staff/imports" enctype="multipart/form-data" class="narrow-form"><input type="hidden" name="_csrf" value="${csrf}">
<div class="field"><label for="kind">Kind of file</label><select id="kind" name="kind">${input.kinds!.map((k) => html`<option value="${k.kind}">${k.kind}: ${k.usage}</option>`)}</select></div>
<div class="field"><label for="session">Session <span class="hint">Virginia LIS code such as 20251, when the file name does not say</span></label><input type="text" id="session" name="session" maxlength="20"></div>
<div class="field"><label for="client">City <span class="hint">Legistar client name, for legistar-html</span></label><input type="text" id="client" name="client" maxlength="100"></div>
<div class="field"><label for="files">Files</label><input type="file" id="files" name="files" multiple required></div>
<button type="submit">Import</button>
</form></section>
<section aria-labelledby="text-heading"><h2 id="text-heading">Attach a text to a bill or a curated law</h2>
<p class="small">The text is stored, split into sections and scored against the model policies; the checklist then shows on the bill's or the law's page.</p>
<form method="post" action="/staff/texts" enctype="multipart/form-data" class="narrow-form"><input type="hidden" name="_csrf" value="${csrf}">
<fieldset class="checks"><legend>Whose text</legend>
<label><input type="radio" name="owner" value="law"${input.billId ? '' : html` checked`}> Curated law</label>
<label><input type="radio" name="owner" value="bill"${input.billId ? html` checked` : ''}> Bill</label></fieldset>
<div class="field"><label for="owner-id">Law or bill id</label><input type="text" id="owner-id" name="id" inputmode="numeric" pattern="[0-9]+" required value="${input.lawId ?? input.billId ?? ''}"></div>
<div class="field"><label for="text-file">Text file <span class="hint">PDF, HTML, XML, Markdown or plain text</span></label><input type="file" id="text-file" name="file"></div>
<div class="field"><label for="text-url">or the URL of the official text</label><input type="url" id="text-url" name="url" maxlength="2000" placeholder="https://"></div>
<div class="field"><label for="note">Version name <span class="hint">e.g. Ordinance as enacted</span></label><input type="text" id="note" name="note" maxlength="200"></div>
<button type="submit">Attach and score</button>
</form></section>`}
<section aria-labelledby="jobs-heading"><h2 id="jobs-heading">Recent imports</h2>
${input.jobs.length ? html`<ul>${input.jobs.map(jobLine)}</ul>` : html`<p class="muted">None since the server started. Every run is also in <a href="/staff/sources">Sources</a>.</p>`}</section>`;
  return renderLayout({ title: 'Uploads', main, viewer: input.viewer, nav: 'imports' });
}

/** One import: progress while running (the page reloads itself), the run report once done. */
export function renderImportJobPage(input: { job: ImportJobView; viewer: Viewer; now?: Date }): string {
  const j = input.job;
  const c = j.counts;
  const processed = c.created + c.updated + c.unchanged + c.failed;
  const share = j.total ? Math.min(100, Math.floor((processed / j.total) * 100)) : null;
  const elapsed = ((j.finishedAt ? Date.parse(j.finishedAt) : (input.now ?? new Date()).getTime()) - Date.parse(j.startedAt)) / 1000;
  const eta = j.state === 'running' && j.total && processed > 0 ? Math.round((elapsed / processed) * (j.total - processed)) : null;
  const progress = html`<p class="progress-line" role="status" id="import-progress">${STATE_WORDS[j.state]}: ${processed.toLocaleString('en-US')}${j.total !== null ? html` of ${j.total.toLocaleString('en-US')} records (${share}%)` : ' records'}${eta !== null ? html`, about ${eta} s left` : ''}.</p>
${j.total ? html`<progress max="${j.total}" value="${processed}" aria-labelledby="import-progress">${share}%</progress>` : ''}`;
  const report = j.report
    ? html`<section aria-labelledby="report-heading"><h2 id="report-heading">Run report</h2>
<dl class="facts" id="run-report"><dt>Run</dt><dd><a href="/staff/sources/${encodeURIComponent(j.report.sourceId)}">${j.report.sourceId}</a> run ${j.report.runId}: ${j.report.outcome}</dd>
<dt>Created</dt><dd>${c.created}</dd><dt>Updated</dt><dd>${c.updated}</dd><dt>Unchanged</dt><dd>${c.unchanged}</dd><dt>Failed</dt><dd>${c.failed}</dd>
<dt>Took</dt><dd>${Math.round(elapsed)} s</dd></dl>
${j.report.errors.length ? html`<h3>Errors (${j.report.errors.length})</h3><ul class="errors">${j.report.errors.slice(0, 200).map((e) => html`<li><span class="mono">${e.code}</span> ${e.message}${e.url ? html` <span class="muted small">(${e.url})</span>` : ''}</li>`)}</ul>` : html`<p>No errors.</p>`}</section>`
    : '';
  const main = html`<p class="small"><a href="/staff/imports">Uploads</a> › ${j.kind}</p>
<h1>Import: ${j.files.join(', ')}</h1>
${progress}
${j.error ? html`<div class="notice error" role="alert"><p>The files could not be imported: ${j.error}</p></div>` : ''}
${report}
<p class="small muted">${plural(j.files.length, 'file')}, started ${formatDate(j.startedAt)}.</p>`;
  return renderLayout({ title: `Import ${j.kind}`, main, viewer: input.viewer, nav: 'imports', refreshSeconds: j.state === 'running' ? 2 : undefined });
}
