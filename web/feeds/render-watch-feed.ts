import { billUrl, describeChange, type WatchFeed } from '../../core/alerts/alert-event.js';
import { renderAtomFeed } from './atom-feed.js';

/**
 * The Atom document of a watch's feed; `selfUrl` is the feed's own (secret) address. One
 * entry per event, its id the bill page plus the outbox's event key, so a reader never sees
 * the same change twice.
 */
export function renderWatchFeed(feed: WatchFeed, options: { publicUrl: string; selfUrl: string }): string {
  return renderAtomFeed({
    id: `${options.publicUrl}/watches/${feed.watch.id}`,
    title: `Policy tracker: ${feed.watch.description}`,
    updated: feed.events[0]?.event.changed_at ?? feed.watch.createdAt,
    selfUrl: options.selfUrl,
    authorName: 'Policy tracker',
    generator: 'policy-tracker',
    entries: feed.events.map(({ eventKey, event: e }) => {
      const link = billUrl(options.publicUrl, e.bill.id);
      return {
        id: `${link}#${eventKey}`,
        title: `${e.bill.identifier} (${e.jurisdiction.name}): ${describeChange(e)}`,
        updated: e.changed_at,
        link,
        linkType: 'text/html',
        categories: e.policies,
        summary: [
          `${e.bill.identifier} (${e.jurisdiction.name}), session ${e.bill.session}: ${e.bill.title}`,
          `What changed: ${describeChange(e)}`,
          e.action_description ? `Action${e.action_date ? ` (${e.action_date})` : ''}: ${e.action_description}` : null,
          e.policies.length ? `Policies: ${e.policies.join(', ')}` : null,
        ].filter((l): l is string => l !== null).join('\n'),
      };
    }),
  });
}
