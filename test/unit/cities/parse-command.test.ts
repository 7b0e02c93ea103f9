import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/run-cli.js';
import { referencePath, repoRoot } from '../../helpers/reference.js';
import { PARSERS, parserFor } from '../../../scrapers/parsers/parser-registry.js';
import { readFileSync } from 'node:fs';

/** `tracker parse <kind> <file|url>`: one parser, JSON out, no database. */
const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'parse-')), 'data');
const env = { DATA_DIR: dataDir };

test('an OnBase outline prints every agenda item with its id and title, and touches no database', async () => {
  const file = referencePath('cities', 'san-diego', 'onbase_211agendaonlinecouncil_ViewMeetingAgenda_meetingId6892_2026-03-10.html');
  const result = await runCli(['parse', 'onbase-agenda', file, '--url', 'https://sandiego.hylandcloud.com/211agendaonlinecouncil/Meetings/ViewMeetingAgenda?meetingId=6892&type=agenda'], env);
  expect(result.code).toBe(0);
  const out = JSON.parse(result.stdout) as { kind: string; url: string; count: number; layout: string; meeting: unknown; records: { itemId: number; title: string }[] };
  expect(out).toMatchObject({ kind: 'onbase-agenda', count: 25, layout: 'outline', meeting: { name: 'City Council', date: '2026-03-10', time: '10:00' } });
  expect(out.records[8]).toMatchObject({ itemId: 256419, title: expect.stringMatching(/^Actions Related to the East Village Green/) });
  expect(existsSync(dataDir)).toBe(false);
});

test("the product's error page and a changed layout exit 1 with the reason and the address; bad usage exits 2", async () => {
  const notFound = await runCli(['parse', 'onbase-agenda', referencePath('cities', 'onbase-agenda-online', 'santabarbara_view_meeting_agenda_notfound.html')], env);
  expect(notFound.code).toBe(1);
  expect(notFound.stderr).toMatch(/parse onbase-agenda: OnBase Agenda Online would not serve file:\/\/.*santabarbara_view_meeting_agenda_notfound\.html: "The web page that you have requested is not available"/);
  const wrongKind = await runCli(['parse', 'novusagenda', referencePath('cities', 'austin', 'austintexas-gov_cityclerk_bandc_meetings_2014_12_1_music-commission.html')], env);
  expect(wrongKind.code).toBe(1);
  expect(wrongKind.stderr).toMatch(/SearchAgendasMeetings_radGridMeetings_ctl00.*music-commission\.html/);
  const unknown = await runCli(['parse', 'granicus-things', 'x.html'], env);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/unknown parser kind "granicus-things" \(known: onbase-agenda, /);
});

describe('every kind reads its recorded file in process (the same registry the command uses)', () => {
  // Every row has its four values: jest reads a fourth parameter missing from a row as `done`.
  const cases: [string, string[], number, string | null][] = [
    ['onbase-meetings', ['cities', 'san-diego', 'onbase_211agendaonlinecomm_meetings-search_2022-09.html'], 10, null],
    ['legistar-histories', ['cities', 'legistar-api', 'chicago_matters_histories_dupe-event.json'], 4, null],
    ['legistar-histories', ['cities', 'legistar-api', 'chicago_matters_histories_no-dupe-event.json'], 3, null],
    ['legistar-event-items', ['cities', 'legistar-api', 'oakland_events_8172_eventitems_2019-04-23.json'], 15, null],
    ['legistar-events', ['cities', 'philadelphia', 'legistar-api_phila_events.json'], 3, null],
    ['legistar-matters', ['cities', 'philadelphia', 'legistar-api_phila_matters.json'], 1, null],
    ['legistar-histories', ['cities', 'philadelphia', 'legistar-api_phila_matter_27257_histories.json'], 1, null],
    ['legistar-search', ['cities', 'legistar-web', 'chicago_legistar_Legislation.aspx_search-bus_lxml-reserialized_2019.html'], 100, null],
    ['legistar-calendar', ['cities', 'legistar-web', 'chicago_legistar_Calendar.aspx_lxml-reserialized_2019.html'], 8, null],
    ['legistar-detail', ['pages', 'chicago', 'legistar-LegislationDetail-R2012-1118.html'], 1, null],
    ['south-carolina', ['pages', 'south-carolina', 'bill-status-S0494-2011.html'], 1, null],
    ['texas-search', ['pages', 'texas', 'tlo-bill-search-results-86R-2019.html'], 1, null],
    ['missouri-senate', ['pages', 'missouri', 'senate-bill-detail-SB70-2011.html'], 1, '2011'],
    ['california-history', ['pages', 'california', 'pubinfo-BILL_HISTORY_TBL-2025-26-slice.dat'], 89, null],
  ];
  test.each(cases)('%s: %j', async (kind, file, count, session) => {
    const result = await parserFor(kind).parse({ content: readFileSync(referencePath(...file)), url: 'https://example.test/page', options: { session: session ?? undefined } });
    expect(result.records).toHaveLength(count);
  });

  test('Open States events: meetings linked to bills by ocd-bill id; a malformed event is a problem, not a crash', async () => {
    const result = await parserFor('openstates-events').parse({ content: readFileSync(path.join(repoRoot, 'test/fixtures/cities/openstates-events-va.json')), url: 'https://v3.openstates.org/events?jurisdiction=va', options: {} });
    expect(result.records).toHaveLength(2);
    expect(result.records[0]).toMatchObject({
      source: 'openstates', externalId: 'ocd-event/3f1b2c4d-0000-4000-8000-000000000001', body: 'Courts of Justice - Criminal', date: '2020-08-25', time: '09:00', location: 'House Room 1, The Capitol',
      items: [{ matterFile: 'HB 5099', matterExternalId: 'ocd-bill/6a6c1b1e-0000-4000-8000-000000005099' }, { title: 'Public comment' }],
    });
    expect(result.records[1]).toMatchObject({ status: 'cancelled', time: null, items: [] });
    expect(result.context?.problems).toEqual([expect.stringMatching(/event 2: start_date: expected start_date to begin with YYYY-MM-DD/)]);
  });

  test('the registry names each kind once', () => {
    expect(new Set(PARSERS.map((p) => p.kind)).size).toBe(PARSERS.length);
  });
});
