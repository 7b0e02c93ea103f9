import { escapeHtml } from '../escape-html.js';
import { billUrl, describeChange, unsubscribeUrl, type AlertEvent } from '../../core/alerts/alert-event.js';

/** An email ready for the transport: both parts, plus list headers. */
export type RenderedEmail = { subject: string; text: string; html: string; headers: Record<string, string> };

export type EmailContext = {
  publicUrl: string;
  /** What the watch covers, in words ("bill HB 5099"), to say why the mail came. */
  watchDescription: string;
  unsubscribeToken: string;
};

/** Scraped text in a header: one line, no control characters, bounded. */
function headerText(value: string, max = 180): string {
  const line = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Only http(s) links from scraped data become anchors (no `javascript:` and the like). */
function safeHttpUrl(value: string | null): string | null {
  if (!value) return null;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}

function billLabel(e: AlertEvent): string {
  return `${e.bill.identifier} (${e.jurisdiction.name})`;
}

function textBlock(e: AlertEvent, publicUrl: string): string {
  const lines = [
    `${billLabel(e)}, session ${e.bill.session}`,
    e.bill.title,
    '',
    `What changed: ${describeChange(e)}`,
  ];
  if (e.action_description) lines.push(`Action${e.action_date ? ` (${e.action_date})` : ''}: ${e.action_description}`);
  if (e.policies.length) lines.push(`Policies: ${e.policies.join(', ')}`);
  lines.push(`Bill page: ${billUrl(publicUrl, e.bill.id)}`);
  const source = safeHttpUrl(e.bill.source_url);
  if (source) lines.push(`Source: ${source}`);
  return lines.join('\n');
}

function htmlBlock(e: AlertEvent, publicUrl: string): string {
  const source = safeHttpUrl(e.bill.source_url);
  const rows = [
    `<p style="margin:0 0 4px"><strong>${escapeHtml(billLabel(e))}</strong>, session ${escapeHtml(e.bill.session)}</p>`,
    `<p style="margin:0 0 8px">${escapeHtml(e.bill.title)}</p>`,
    `<p style="margin:0 0 4px">What changed: <strong>${escapeHtml(describeChange(e))}</strong></p>`,
  ];
  if (e.action_description) {
    rows.push(`<p style="margin:0 0 4px">Action${e.action_date ? ` (${escapeHtml(e.action_date)})` : ''}: ${escapeHtml(e.action_description)}</p>`);
  }
  if (e.policies.length) rows.push(`<p style="margin:0 0 4px">Policies: ${escapeHtml(e.policies.join(', '))}</p>`);
  const links = [`<a href="${escapeHtml(billUrl(publicUrl, e.bill.id))}">Bill page</a>`];
  if (source) links.push(`<a href="${escapeHtml(source)}">Source</a>`);
  rows.push(`<p style="margin:0">${links.join(' · ')}</p>`);
  return rows.join('\n');
}

function footer(ctx: EmailContext): { text: string; html: string; headers: Record<string, string> } {
  const unsubscribe = unsubscribeUrl(ctx.publicUrl, ctx.unsubscribeToken);
  return {
    text: `You get this because you watch ${ctx.watchDescription}.\nStop this watch: ${unsubscribe}\n`,
    html: `<p style="color:#555;font-size:small">You get this because you watch ${escapeHtml(ctx.watchDescription)}. <a href="${escapeHtml(unsubscribe)}">Stop this watch</a>.</p>`,
    // One-click unsubscribe (RFC 8058): the POST handler accepts the mail client's request.
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:sans-serif;line-height:1.4">
${body}
</body></html>`;
}

/** The email for one change: subject, plain text and HTML (every value escaped). */
export function renderAlertEmail(event: AlertEvent, ctx: EmailContext): RenderedEmail {
  const subject = headerText(`[Policy tracker] ${billLabel(event)}: ${describeChange(event)}`);
  const f = footer(ctx);
  return {
    subject,
    text: `${textBlock(event, ctx.publicUrl)}\n\n--\n${f.text}`,
    html: page(subject, `${htmlBlock(event, ctx.publicUrl)}\n<hr>\n${f.html}`),
    headers: f.headers,
  };
}

/** The daily digest of one watch: every change since the last one, oldest first, in one email. */
export function renderDigestEmail(events: AlertEvent[], ctx: EmailContext): RenderedEmail {
  const n = events.length;
  const subject = headerText(`[Policy tracker] Daily digest: ${n} change${n === 1 ? '' : 's'} for ${ctx.watchDescription}`);
  const f = footer(ctx);
  return {
    subject,
    text: `${events.map((e) => textBlock(e, ctx.publicUrl)).join('\n\n* * *\n\n')}\n\n--\n${f.text}`,
    html: page(subject, `<h1 style="font-size:1.2em">${escapeHtml(subject)}</h1>\n${events.map((e) => htmlBlock(e, ctx.publicUrl)).join('\n<hr>\n')}\n<hr>\n${f.html}`),
    headers: f.headers,
  };
}
