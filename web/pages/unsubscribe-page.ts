import { escapeHtml } from '../escape-html.js';

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
}

/**
 * The confirmation page: a GET only shows this form (mail scanners follow links), the
 * POST it submits stops the watch.
 */
export function renderUnsubscribeConfirm(watch: { description: string; active: boolean }, actionPath: string): string {
  if (!watch.active) return renderUnsubscribed(watch);
  return page(
    'Stop these alerts?',
    `<p>You are receiving alerts for ${escapeHtml(watch.description)}.</p>
<form method="post" action="${escapeHtml(actionPath)}"><button type="submit">Stop alerts for ${escapeHtml(watch.description)}</button></form>`,
  );
}

/** Shown after stopping a watch (and for one already stopped). */
export function renderUnsubscribed(watch: { description: string }): string {
  return page('Alerts stopped', `<p>You will get no more alerts for ${escapeHtml(watch.description)}.</p>`);
}

/** Shown for an unknown or malformed token. */
export function renderUnknownUnsubscribe(): string {
  return page('Link not recognized', '<p>This unsubscribe link is not valid (the watch may have been deleted).</p>');
}
