import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { createHmac } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { AlertEvent } from '../../../core/alerts/alert-event.js';
import { describeChange } from '../../../core/alerts/alert-event.js';
import { renderAlertEmail, renderDigestEmail } from '../../../web/emails/render-alert-email.js';
import { renderWatchFeed } from '../../../web/feeds/render-watch-feed.js';
import { renderUnsubscribeConfirm } from '../../../web/pages/unsubscribe-page.js';
import { buildWebhookPayload, signWebhook, verifyWebhookSignature, webhookPayloadJsonSchema } from '../../../server/alerts/webhook-sender.js';

const PUBLIC_URL = 'https://tracker.example.org';

/** Louisville's no-knock ban (Breonna's Law, 2020), with hostile text where scraped text goes. */
function event(overrides: Partial<AlertEvent> = {}): AlertEvent {
  return {
    kind: 'status-change',
    status_change_id: 41,
    changed_at: '2026-11-24T10:15:00.000Z',
    bill: { id: 7, identifier: 'O-069-20', title: 'Breonna\'s Law <img src=x onerror=alert(1)> & "no-knock"', session: '2020', source_url: 'javascript:alert(1)' },
    jurisdiction: { id: 'ocd-jurisdiction/country:us/state:ky/place:louisville/government', name: 'Louisville' },
    from_stage: 'committee', to_stage: 'enacted', from_status: 'pending', to_status: 'enacted',
    action_date: '2020-06-11', action_description: 'Passed <b>unanimously</b>\r\nBcc: victim@example.org',
    policies: ['no-knock'],
    ...overrides,
  };
}

const ctx = { publicUrl: PUBLIC_URL, watchDescription: 'policy <No-knock>', unsubscribeToken: 'tok_abc-123' };

describe('alert emails', () => {
  test('say what changed, link the bill and the unsubscribe page, and escape every scraped value in HTML', () => {
    const mail = renderAlertEmail(event(), ctx);
    expect(mail.subject).toBe('[Policy tracker] O-069-20 (Louisville): in committee → enacted');
    expect(mail.text).toContain('Breonna\'s Law <img src=x onerror=alert(1)> & "no-knock"');
    expect(mail.text).toContain('What changed: in committee → enacted');
    expect(mail.text).toContain(`Bill page: ${PUBLIC_URL}/bills/7`);
    expect(mail.text).toContain(`Stop this watch: ${PUBLIC_URL}/unsubscribe/tok_abc-123`);
    expect(mail.html).toContain('Breonna&#39;s Law &lt;img src=x onerror=alert(1)&gt; &amp; &quot;no-knock&quot;');
    expect(mail.html).toContain('Passed &lt;b&gt;unanimously&lt;/b&gt;');
    expect(mail.html).toContain('policy &lt;No-knock&gt;');
    expect(mail.html).not.toMatch(/<img|<b>|javascript:/);
    expect(mail.text).not.toContain('javascript:');
    expect(mail.headers).toEqual({ 'List-Unsubscribe': `<${PUBLIC_URL}/unsubscribe/tok_abc-123>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });

  test('keep scraped line breaks out of the subject', () => {
    const mail = renderAlertEmail(event({ bill: { ...event().bill, identifier: 'O-069-20\r\nBcc: victim@example.org' } }), ctx);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('[Policy tracker] O-069-20 Bcc: victim@example.org (Louisville): in committee → enacted');
  });

  test('a new bill is described as new; a terminal status wins over the stage', () => {
    expect(describeChange(event({ kind: 'new-bill', from_stage: null, from_status: null, to_stage: 'committee', to_status: 'pending' }))).toBe('new bill, in committee');
    expect(describeChange(event({ to_stage: 'passed_one_chamber', to_status: 'vetoed' }))).toBe('in committee → vetoed');
  });

  test('a digest lists every change in one message', () => {
    const mail = renderDigestEmail([event(), event({ status_change_id: 42, bill: { ...event().bill, id: 8, identifier: 'O-070-20' } })], ctx);
    expect(mail.subject).toBe('[Policy tracker] Daily digest: 2 changes for policy <No-knock>');
    expect(mail.text).toContain('O-069-20 (Louisville)');
    expect(mail.text).toContain('O-070-20 (Louisville)');
    expect(mail.html).toContain('<h1 style="font-size:1.2em">[Policy tracker] Daily digest: 2 changes for policy &lt;No-knock&gt;</h1>');
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_test';
  const body = '{"id":"1"}';

  test('v1 is the hex HMAC-SHA256 of "<t>.<body>"', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(signWebhook(secret, body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });

  test('verify accepts the signature, and rejects tampering, another secret, replays and junk', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(verifyWebhookSignature(secret, header, body, { now: 1_700_000_100 })).toEqual({ ok: true, timestamp: 1_700_000_000 });
    expect(verifyWebhookSignature(secret, header, '{"id":"2"}', { now: 1_700_000_100 })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature('whsec_other', header, body, { now: 1_700_000_100 })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature(secret, header, body, { now: 1_700_000_301 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhookSignature(secret, header.replace('t=1700000000', 't=1700000100'), body, { now: 1_700_000_100 })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature(secret, 'v1=abc', body)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyWebhookSignature(secret, undefined, body)).toEqual({ ok: false, reason: 'malformed' });
  });

  test('the payload matches its published JSON Schema', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormatsModule.default(ajv);
    const validate = ajv.compile(webhookPayloadJsonSchema);
    const payload = buildWebhookPayload(
      { id: 12, eventKey: 'status-change:41', createdAt: '2026-11-24T10:16:00.000Z', event: event(), watch: { id: 3, userId: 1, channel: 'webhook', target: 'https://example.org/h', secret: 's', unsubscribeToken: 't', description: 'policy No-knock' } },
      PUBLIC_URL,
    );
    expect(validate(payload)).toBe(true);
    expect(validate.errors ?? null).toBeNull();
    expect(payload).toMatchObject({ id: '12', type: 'bill.status_changed', bill: { url: `${PUBLIC_URL}/bills/7` }, change: { summary: 'in committee → enacted' } });
    expect(validate({ ...payload, extra: true })).toBe(false);
  });
});

describe('watch feeds and pages', () => {
  test('the Atom feed escapes scraped text and drops characters XML forbids', () => {
    const xml = renderWatchFeed(
      { watch: { id: 3, description: 'policy No-knock', createdAt: '2026-01-01T00:00:00.000Z' }, events: [{ eventKey: 'status-change:41', event: event({ action_description: 'Adopted\u0000\u0008 <now>' }) }] },
      { publicUrl: PUBLIC_URL, selfUrl: `${PUBLIC_URL}/api/feeds/watch/abc.atom` },
    );
    expect(xml).toContain('<id>https://tracker.example.org/bills/7#status-change:41</id>');
    expect(xml).toContain('Action (2020-06-11): Adopted &lt;now&gt;');
    expect(xml).toContain('<updated>2026-11-24T10:15:00.000Z</updated>');
    expect(xml).not.toMatch(/[\u0000\u0008]/);
    expect(xml).not.toContain('<img');
  });

  test('the watch feed is well-formed Atom with an author, a generator and typed links to the bill pages', () => {
    const xml = renderWatchFeed(
      {
        watch: { id: 3, description: 'policy No-knock & <more>', createdAt: '2026-01-01T00:00:00.000Z' },
        events: [
          { eventKey: 'status-change:41', event: event() },
          { eventKey: 'new-bill:8', event: event({ kind: 'new-bill', from_stage: null, from_status: null, policies: [], bill: { ...event().bill, id: 8, identifier: 'O-070-20' } }) },
        ],
      },
      { publicUrl: PUBLIC_URL, selfUrl: `${PUBLIC_URL}/api/feeds/watch/abc.atom` },
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false }).parse(xml).feed;
    expect(feed).toMatchObject({
      id: `${PUBLIC_URL}/watches/3`, title: 'Policy tracker: policy No-knock & <more>', updated: '2026-11-24T10:15:00.000Z',
      author: { name: 'Policy tracker' }, generator: 'policy-tracker',
      link: { '@_rel': 'self', '@_type': 'application/atom+xml', '@_href': `${PUBLIC_URL}/api/feeds/watch/abc.atom` },
    });
    expect(feed.entry.map((e: { id: string; link: Record<string, string> }) => [e.id, e.link])).toEqual([
      [`${PUBLIC_URL}/bills/7#status-change:41`, { '@_rel': 'alternate', '@_type': 'text/html', '@_href': `${PUBLIC_URL}/bills/7` }],
      [`${PUBLIC_URL}/bills/8#new-bill:8`, { '@_rel': 'alternate', '@_type': 'text/html', '@_href': `${PUBLIC_URL}/bills/8` }],
    ]);
    expect(feed.entry[0].category).toEqual({ '@_term': 'no-knock' });
    expect(feed.entry[1].title).toBe('O-070-20 (Louisville): new bill, enacted');
  });

  test('an empty watch feed is dated by the watch\'s creation', () => {
    const xml = renderWatchFeed({ watch: { id: 4, description: 'bill X', createdAt: '2026-01-01T00:00:00.000Z' }, events: [] }, { publicUrl: PUBLIC_URL, selfUrl: `${PUBLIC_URL}/api/feeds/watch/abc.atom` });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<updated>2026-01-01T00:00:00.000Z</updated>');
    expect(xml).not.toContain('<entry>');
  });

  test('the unsubscribe confirmation escapes the watch description', () => {
    const html = renderUnsubscribeConfirm({ description: 'bill <script>x</script>', active: true }, '/unsubscribe/abc');
    expect(html).toContain('bill &lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('<form method="post" action="/unsubscribe/abc">');
  });
});
