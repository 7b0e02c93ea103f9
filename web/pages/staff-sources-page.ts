/**
 * Sources for staff: every source's health at a glance (failing in red, probable site
 * changes flagged), and one source's run history with each run's errors and the form that
 * edits its schedule. Shapes come from db/runs/source-health.ts.
 */
import type { RunWithErrors, SourceHealth, SourceStatus } from '../../core/sources/source-health.js';
import { FAILING_AFTER } from '../../core/sources/source-health.js';
import { html, type SafeHtml } from './html.js';
import { renderLayout, type Viewer } from './layout.js';
import { externalLink, formatAge, plural, queryString } from './page-parts.js';

const STATUS_LABELS: Readonly<Record<SourceStatus, string>> = {
  'never-run': 'Never run',
  ok: 'OK',
  partial: 'Partial',
  'probable-site-change': 'Probable site change',
  failed: 'Last run failed',
  failing: 'Failing',
};

/** Worst first, so the sources needing attention top the list. */
const STATUS_ORDER: readonly SourceStatus[] = ['failing', 'probable-site-change', 'failed', 'partial', 'never-run', 'ok'];

function when(iso: string | null, now: Date): SafeHtml {
  if (!iso) return html`<span class="muted">never</span>`;
  return html`<time datetime="${iso}" title="${iso}">${formatAge(now.getTime() - Date.parse(iso))}</time>`;
}

function dataAge(s: SourceHealth): SafeHtml {
  if (s.dataAgeMs === null) return html`<span class="muted">no data yet</span>`;
  const age = formatAge(s.dataAgeMs).replace(/ ago$/, '');
  return s.stale ? html`${age} <span class="tag tag-stale">Stale</span>` : html`${age}`;
}

function duration(ms: number | null): string {
  if (ms === null) return '';
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function scheduleText(s: SourceHealth): SafeHtml {
  if (!s.configured) return html`<span class="muted">not configured</span>`;
  if (!s.enabled) return html`<span class="muted">disabled</span>${s.schedule ? html` <span class="small mono">(${s.schedule})</span>` : ''}`;
  return s.schedule ? html`<span class="mono">${s.schedule}</span> <span class="small">${s.timezone}</span>` : html`manual only`;
}

/** A source's status in words with a class for colour (the words carry the meaning); a source that cannot run says why first. */
export function statusBadge(s: Pick<SourceHealth, 'status' | 'running' | 'consecutiveFailures'> & Partial<Pick<SourceHealth, 'notConfigured'>>): SafeHtml {
  const streak = s.consecutiveFailures > 0 ? html` <span class="small">(${plural(s.consecutiveFailures, 'failure')} in a row)</span>` : '';
  const unconfigured = s.notConfigured ? html`<span class="source-status outcome-failed">Not configured</span> <span class="small">${s.notConfigured}</span><br>` : '';
  return html`${unconfigured}<span class="source-status outcome-${s.status}">${STATUS_LABELS[s.status]}</span>${streak}${s.running ? html` <span class="tag outcome-running">Running</span>` : ''}`;
}

/** Attention rank: a source that cannot run comes with the failing ones. */
function attentionRank(s: SourceHealth): number {
  return s.notConfigured ? 0 : STATUS_ORDER.indexOf(s.status);
}

function sortedByAttention(sources: SourceHealth[]): SourceHealth[] {
  return [...sources].sort((a, b) => attentionRank(a) - attentionRank(b) || a.sourceId.localeCompare(b.sourceId));
}

/**
 * The line above the table: every kind of trouble the rows show, counted, or the all-clear
 * only when no row needs attention (a source whose last run failed is trouble too, before it
 * reaches FAILING_AFTER failures in a row).
 */
export function renderHealthSummary(sources: SourceHealth[]): SafeHtml {
  const count = (test: (s: SourceHealth) => boolean) => sources.filter(test).length;
  const parts: SafeHtml[] = [];
  const unconfigured = count((s) => s.notConfigured !== null && s.enabled);
  const failing = count((s) => s.status === 'failing');
  const failed = count((s) => s.status === 'failed');
  const siteChange = count((s) => s.status === 'probable-site-change');
  const stale = count((s) => s.stale);
  if (unconfigured) parts.push(html`<strong class="outcome-failed">${plural(unconfigured, 'source')} not configured</strong> (${sources.filter((s) => s.notConfigured && s.enabled).map((s) => s.notConfigured).join('; ')}). `);
  if (failing) parts.push(html`<strong class="outcome-failing">${plural(failing, 'source')} failing</strong>. `);
  if (failed) parts.push(html`<strong class="outcome-failed">${plural(failed, 'source')} whose last run failed</strong>. `);
  if (siteChange) parts.push(html`<strong class="outcome-probable-site-change">${plural(siteChange, 'source')} with a probable site change</strong>. `);
  if (stale) parts.push(html`${plural(stale, 'source')} with stale data.`);
  return parts.length
    ? html`<div class="notice error" role="status"><p>${parts}</p></div>`
    : html`<div class="notice success" role="status"><p>No source needs attention: every source can run, and none has a failed last run.</p></div>`;
}

function sourceHref(id: string): string {
  return `/staff/sources/${encodeURIComponent(id)}`;
}

/** All sources, those needing attention first. */
export function renderSourcesPage(input: { sources: SourceHealth[]; viewer: Viewer; now?: Date }): string {
  const now = input.now ?? new Date();
  const rows = sortedByAttention(input.sources).map((s) => {
    const last = s.lastRun;
    return html`<tr data-source="${s.sourceId}" data-status="${s.status}"><th scope="row"><a href="${sourceHref(s.sourceId)}">${s.name}</a><div class="small mono">${s.sourceId}</div></th><td>${s.kind}</td>
<td data-sort-value="${attentionRank(s)}">${statusBadge(s)}</td>
<td>${last ? html`${when(last.startedAt, now)} <span class="outcome-${last.outcome}">${last.outcome}</span>` : html`<span class="muted">—</span>`}</td>
<td>${when(s.lastSuccess?.finishedAt ?? null, now)}</td>
<td data-sort-value="${s.dataAgeMs ?? ''}">${dataAge(s)}</td>
<td>${last ? `${last.fetched} fetched, ${last.created} new, ${last.updated} updated, ${last.failed} failed` : ''}</td>
<td>${scheduleText(s)}${s.configured ? html` <a class="small" href="${sourceHref(s.sourceId)}#schedule" aria-label="Edit the schedule of ${s.name}">Edit</a>` : ''}</td></tr>`;
  });
  const summary = renderHealthSummary(input.sources);
  const main = html`<h1>Sources</h1>
<p>Every configured source and every source that has run. A source is failing after ${FAILING_AFTER} failed runs in a row; a run that fetched far fewer items than usual is flagged as a probable site change.</p>
${summary}
<div class="table-wrap"><table class="sortable"><caption>${plural(input.sources.length, 'source')}, those needing attention first</caption>
<thead><tr><th scope="col">Source</th><th scope="col">Kind</th><th scope="col">Status</th><th scope="col">Last run</th><th scope="col">Last success</th><th scope="col">Data age</th><th scope="col" data-sort="none">Last counts</th><th scope="col">Schedule</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
  return renderLayout({ title: 'Sources', main, viewer: input.viewer, nav: 'sources', scripts: ['table-sort.js'] });
}

function runRow(r: RunWithErrors, now: Date): SafeHtml {
  const errors = r.errors.length
    ? html`<details class="error-list"><summary>${plural(r.errors.length, 'error')}</summary><ul>${r.errors.map((e) => html`<li><code>${e.code}</code> ${e.message}${e.url ? html` <br>${externalLink(e.url, e.url)}` : ''}</li>`)}</ul></details>`
    : html`<span class="muted">none</span>`;
  return html`<tr id="run-${r.id}"><td>${when(r.startedAt, now)}<div class="small muted">${r.startedAt}</div></td><td><span class="outcome-${r.outcome}">${r.outcome}</span>${r.flag ? html` <span class="tag tag-flag-${r.flag}">${r.flag}</span>` : ''}</td>
<td>${r.trigger}</td><td>${duration(r.durationMs)}</td><td>${r.requests}</td><td>${r.fetched}</td><td>${r.created}</td><td>${r.updated}</td><td>${r.unchanged}</td><td>${r.failed}</td><td>${errors}</td></tr>`;
}

/** The schedule form's values and errors (per field name), as posted or as stored. */
export type ScheduleFormState = {
  values: { schedule: string; timezone: string; enabled: boolean };
  errors: Partial<Record<'schedule' | 'timezone' | 'enabled' | 'body', string>>;
};

/** The form state of a source as stored. */
export function scheduleFormOf(s: SourceHealth): ScheduleFormState {
  return { values: { schedule: s.schedule ?? '', timezone: s.timezone, enabled: s.enabled }, errors: {} };
}

let timeZones: readonly string[] | null = null;

function timeZoneOptions(): SafeHtml {
  timeZones ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  return html`<datalist id="time-zones">${timeZones.map((z) => html`<option value="${z}">`)}</datalist>`;
}

function fieldError(form: ScheduleFormState, name: keyof ScheduleFormState['errors']): SafeHtml {
  const message = form.errors[name];
  return message ? html`<p class="field-error" id="${name}-error">${message}</p>` : html``;
}

function described(form: ScheduleFormState, name: keyof ScheduleFormState['errors']): SafeHtml {
  return form.errors[name] ? html` aria-invalid="true" aria-describedby="${name}-error"` : html``;
}

function scheduleForm(s: SourceHealth, form: ScheduleFormState, csrf: string): SafeHtml {
  const v = form.values;
  return html`<section aria-labelledby="schedule-heading" id="schedule"><h2 id="schedule-heading">Schedule</h2>
<form method="post" action="${sourceHref(s.sourceId)}" class="narrow-form">
<input type="hidden" name="_csrf" value="${csrf}">
${fieldError(form, 'body')}
<div class="field"><label for="schedule-cron">Cron expression <span class="hint">minute hour day month weekday (6 fields: seconds first); blank for manual runs only</span></label><input type="text" id="schedule-cron" name="schedule" class="mono" value="${v.schedule}" maxlength="200" spellcheck="false" autocomplete="off"${described(form, 'schedule')}>${fieldError(form, 'schedule')}</div>
<div class="field"><label for="schedule-timezone">Time zone <span class="hint">IANA name, e.g. America/New_York</span></label><input type="text" id="schedule-timezone" name="timezone" value="${v.timezone}" maxlength="100" list="time-zones" required autocomplete="off"${described(form, 'timezone')}>${timeZoneOptions()}${fieldError(form, 'timezone')}</div>
<div class="field"><label><input type="checkbox" name="enabled" value="on"${v.enabled ? html` checked` : ''}> Enabled <span class="hint">runs on its schedule</span></label></div>
<button type="submit">Save schedule</button>
</form></section>`;
}

const SAVED_NOTES: Readonly<Record<string, string>> = {
  reloaded: 'Schedule saved; the scheduler is using it now.',
  off: 'Schedule saved. This server does not run the scheduler: the instance that does picks it up within a minute.',
  reload_failed: 'Schedule saved, but the scheduler could not reload it now; it picks it up within a minute.',
};

export type SourceRunsPageInput = {
  source: SourceHealth;
  /** Newest first. */
  runs: RunWithErrors[];
  /** `before` for the next (older) page, or null. */
  olderBefore: number | null;
  /** This page started before a run (not the newest page). */
  paged: boolean;
  form?: ScheduleFormState;
  /** After a save: how the scheduler took it (reloaded, off, reload_failed). */
  saved?: string | null;
  viewer: Viewer;
  now?: Date;
};

/** One source: health, schedule form, run history with errors. */
export function renderSourceRunsPage(input: SourceRunsPageInput): string {
  const now = input.now ?? new Date();
  const s = input.source;
  const form = input.form ?? scheduleFormOf(s);
  const savedNote = input.saved ? SAVED_NOTES[input.saved] : undefined;
  const pager = input.olderBefore || input.paged
    ? html`<p class="pager">${input.paged ? html`<a href="${sourceHref(s.sourceId)}">Newest runs</a> ` : ''}${input.olderBefore ? html`<a href="${sourceHref(s.sourceId)}${queryString({ before: input.olderBefore })}" rel="next">Older runs</a>` : ''}</p>`
    : html``;
  const main = html`<p class="small"><a href="/staff/sources">Sources</a> › ${s.name}</p>
<h1>${s.name}</h1>
${savedNote ? html`<div class="notice success" role="status"><p>${savedNote}</p></div>` : ''}
<dl class="facts"><dt>Id</dt><dd class="mono">${s.sourceId}</dd><dt>Kind</dt><dd>${s.kind}</dd><dt>Status</dt><dd>${statusBadge(s)}</dd>
<dt>Last success</dt><dd>${when(s.lastSuccess?.finishedAt ?? null, now)}</dd><dt>Data age</dt><dd>${dataAge(s)}</dd><dt>Schedule</dt><dd>${scheduleText(s)}</dd></dl>
${s.configured ? scheduleForm(s, form, input.viewer.csrfToken ?? '') : html`<p class="muted">This source is not configured (it ran from the command line), so it has no schedule.</p>`}
<h2>Runs</h2>
${input.runs.length ? html`<div class="table-wrap"><table><caption>${plural(input.runs.length, 'run')}, newest first</caption>
<thead><tr><th scope="col">Started</th><th scope="col">Outcome</th><th scope="col">Trigger</th><th scope="col">Took</th><th scope="col">Requests</th><th scope="col">Fetched</th><th scope="col">New</th><th scope="col">Updated</th><th scope="col">Unchanged</th><th scope="col">Failed</th><th scope="col">Errors</th></tr></thead>
<tbody>${input.runs.map((r) => runRow(r, now))}</tbody></table></div>${pager}` : html`<p class="muted">${input.paged ? 'No older runs.' : 'This source has never run.'}</p>${pager}`}`;
  return renderLayout({ title: s.name, main, viewer: input.viewer, nav: 'sources' });
}
