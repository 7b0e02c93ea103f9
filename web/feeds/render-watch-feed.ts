import { escapeHtml } from '../escape-html.js';
import { billUrl, describeChange } from '../../server/alerts/alert-event.js';
import type { WatchFeed } from '../../server/alerts/watches-service.js';

/** XML text: characters XML 1.0 forbids (scraped text has them) dropped, the rest escaped. */
function xml(value: string | number | null | undefined): string {
  return escapeHtml(value === null || value === undefined ? '' : String(value).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
}

/** The Atom document of a watch's feed; `selfUrl` is the feed's own (secret) address. */
export function renderWatchFeed(feed: WatchFeed, options: { publicUrl: string; selfUrl: string }): string {
  const updated = feed.events[0]?.event.changed_at ?? feed.watch.createdAt;
  const entries = feed.events.map(({ eventKey, event: e }) => {
    const link = billUrl(options.publicUrl, e.bill.id);
    const summary = [
      `${e.bill.identifier} (${e.jurisdiction.name}), session ${e.bill.session}: ${e.bill.title}`,
      `What changed: ${describeChange(e)}`,
      e.action_description ? `Action${e.action_date ? ` (${e.action_date})` : ''}: ${e.action_description}` : null,
      e.policies.length ? `Policies: ${e.policies.join(', ')}` : null,
    ].filter((l): l is string => l !== null).join('\n');
    return `  <entry>
    <id>${xml(`${link}#${eventKey}`)}</id>
    <title>${xml(`${e.bill.identifier} (${e.jurisdiction.name}): ${describeChange(e)}`)}</title>
    <updated>${xml(e.changed_at)}</updated>
    <link rel="alternate" type="text/html" href="${xml(link)}"/>
${e.policies.map((p) => `    <category term="${xml(p)}"/>`).join('\n')}
    <summary type="text">${xml(summary)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(`${options.publicUrl}/watches/${feed.watch.id}`)}</id>
  <title>${xml(`Policy tracker: ${feed.watch.description}`)}</title>
  <updated>${xml(updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(options.selfUrl)}"/>
  <generator>policy-tracker</generator>
${entries.join('\n')}
</feed>
`;
}
