import { escapeHtml } from '../escape-html.js';

/** One entry of an Atom feed; every text is untrusted and escaped when rendered. */
export type AtomEntry = {
  /** A permanent IRI naming the entry (never changes once published). */
  id: string;
  title: string;
  /** ISO date-time. */
  updated: string;
  /** Where the entry points (rel="alternate"). */
  link: string;
  /** Media type of what `link` points at (e.g. `text/html`), for readers choosing how to open it. */
  linkType?: string;
  /** Further links, such as the source's own page (rel="related"). */
  related?: string | null;
  summary: string;
  categories?: string[];
};

export type AtomFeed = {
  id: string;
  title: string;
  subtitle?: string;
  /** ISO date-time of the newest entry (or a fixed instant for an empty feed, so its ETag holds). */
  updated: string;
  /** The feed's own URL (rel="self"). */
  selfUrl: string;
  authorName: string;
  /** The software that wrote the feed (atom:generator). */
  generator?: string;
  entries: AtomEntry[];
};

// XML 1.0 forbids most control characters outright (escaping cannot save them), and scraped
// text sometimes carries them: drop them so one bad title cannot break every reader.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string | null | undefined): string {
  return escapeHtml((value ?? '').replace(XML_INVALID, ''));
}

/** Renders an Atom 1.0 (RFC 4287) document; every value is escaped. */
export function renderAtomFeed(feed: AtomFeed): string {
  const entries = feed.entries.map((e) =>
    [
      '  <entry>',
      `    <id>${text(e.id)}</id>`,
      `    <title>${text(e.title)}</title>`,
      `    <updated>${text(e.updated)}</updated>`,
      `    <link rel="alternate"${e.linkType ? ` type="${text(e.linkType)}"` : ''} href="${text(e.link)}"/>`,
      ...(e.related ? [`    <link rel="related" href="${text(e.related)}"/>`] : []),
      ...(e.categories ?? []).map((c) => `    <category term="${text(c)}"/>`),
      `    <summary>${text(e.summary)}</summary>`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${text(feed.id)}</id>`,
    `  <title>${text(feed.title)}</title>`,
    ...(feed.subtitle ? [`  <subtitle>${text(feed.subtitle)}</subtitle>`] : []),
    `  <updated>${text(feed.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${text(feed.selfUrl)}"/>`,
    `  <author><name>${text(feed.authorName)}</name></author>`,
    ...(feed.generator ? [`  <generator>${text(feed.generator)}</generator>`] : []),
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
