/** Sources for staff: each source's health from its recent runs, and one source's run history with errors. */
import type { RunRow, SourceRuns } from '../../db/queries/runs-query.js';
import { html, type SafeHtml } from './html.js';
import { renderLayout, type Viewer } from './layout.js';
import { externalLink, formatAge, plural } from './page-parts.js';

const HEALTH_LABELS: Readonly<Record<SourceRuns['health'], string>> = {
  'never-run': 'Never run',
  running: 'Running',
  ok: 'OK',
  partial: 'Partial',
  failed: 'Last run failed',
  failing: 'Failing',
};

function when(iso: string | null, now: Date): SafeHtml {
  if (!iso) return html`<span class="muted">never</span>`;
  return html`<time datetime="${iso}" title="${iso}">${formatAge(now.getTime() - Date.parse(iso))}</time>`;
}

function duration(ms: number | null): string {
  if (ms === null) return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Health as words with a class for colour (the words carry the meaning). */
export function healthTag(health: SourceRuns['health']): SafeHtml {
  return html`<span class="outcome-${health === 'failing' ? 'failing' : health}">${HEALTH_LABELS[health]}</span>`;
}

/** All sources. */
export function renderSourcesPage(input: { sources: SourceRuns[]; viewer: Viewer; now?: Date }): string {
  const now = input.now ?? new Date();
  const rows = input.sources.map((s) => {
    const last = s.runs[0];
    return html`<tr><th scope="row"><a href="/staff/sources/${encodeURIComponent(s.id)}">${s.name}</a><div class="small mono">${s.id}</div></th><td>${s.kind}</td>
<td data-sort-value="${s.health}">${healthTag(s.health)}${s.failuresInARow ? html` <span class="small">(${plural(s.failuresInARow, 'failure')} in a row)</span>` : ''}</td>
<td>${last ? html`${when(last.startedAt, now)} <span class="outcome-${last.outcome}">${last.outcome}</span>` : html`<span class="muted">—</span>`}</td>
<td>${when(s.lastSuccessAt, now)}</td>
<td>${last ? `${last.fetched} fetched, ${last.created} new, ${last.updated} updated, ${last.failed} failed` : ''}</td>
<td>${s.enabled ? s.schedule ?? 'manual' : 'disabled'}</td></tr>`;
  });
  const main = html`<h1>Sources</h1>
<p>Every configured source and every source that has run, with its recent runs. A source is failing after three failed runs in a row.</p>
<div class="table-wrap"><table class="sortable"><caption>${plural(input.sources.length, 'source')}</caption>
<thead><tr><th scope="col">Source</th><th scope="col">Kind</th><th scope="col">Health</th><th scope="col">Last run</th><th scope="col">Last success</th><th scope="col" data-sort="none">Last counts</th><th scope="col">Schedule</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
  return renderLayout({ title: 'Sources', main, viewer: input.viewer, nav: 'sources', scripts: ['table-sort.js'] });
}

function runRow(r: RunRow, now: Date): SafeHtml {
  const errors = r.errors.length
    ? html`<details class="error-list"><summary>${plural(r.errors.length, 'error')}</summary><ul>${r.errors.map((e) => html`<li><code>${e.code}</code> ${e.message}${e.url ? html` <br>${externalLink(e.url, e.url)}` : ''}</li>`)}</ul></details>`
    : html`<span class="muted">none</span>`;
  return html`<tr><td>${when(r.startedAt, now)}<div class="small muted">${r.startedAt}</div></td><td><span class="outcome-${r.outcome}">${r.outcome}</span>${r.flag ? html` <span class="tag">${r.flag}</span>` : ''}</td>
<td>${r.trigger}</td><td>${duration(r.durationMs)}</td><td>${r.requests}</td><td>${r.fetched}</td><td>${r.created}</td><td>${r.updated}</td><td>${r.unchanged}</td><td>${r.failed}</td><td>${errors}</td></tr>`;
}

/** One source's run history. */
export function renderSourceRunsPage(input: { source: SourceRuns; viewer: Viewer; now?: Date }): string {
  const now = input.now ?? new Date();
  const s = input.source;
  const main = html`<p class="small"><a href="/staff/sources">Sources</a> › ${s.name}</p>
<h1>${s.name}</h1>
<dl class="facts"><dt>Id</dt><dd class="mono">${s.id}</dd><dt>Kind</dt><dd>${s.kind}</dd><dt>Health</dt><dd>${healthTag(s.health)}</dd><dt>Last success</dt><dd>${when(s.lastSuccessAt, now)}</dd><dt>Schedule</dt><dd>${s.enabled ? s.schedule ?? 'manual' : 'disabled'}</dd></dl>
<h2>Runs</h2>
${s.runs.length ? html`<div class="table-wrap"><table><caption>Latest ${plural(s.runs.length, 'run')}, newest first</caption>
<thead><tr><th scope="col">Started</th><th scope="col">Outcome</th><th scope="col">Trigger</th><th scope="col">Took</th><th scope="col">Requests</th><th scope="col">Fetched</th><th scope="col">New</th><th scope="col">Updated</th><th scope="col">Unchanged</th><th scope="col">Failed</th><th scope="col">Errors</th></tr></thead>
<tbody>${s.runs.map((r) => runRow(r, now))}</tbody></table></div>` : html`<p class="muted">This source has never run.</p>`}`;
  return renderLayout({ title: s.name, main, viewer: input.viewer, nav: 'sources' });
}
