import type { NormalizedBillInput } from '../../core/bill/bill.schema.js';
import { parseOnBaseAgenda } from '../onbase/onbase-agenda.parser.js';
import { parseOnBaseMeetingList } from '../onbase/onbase-meetings.parser.js';
import { parseOnBaseMeetingPage } from '../onbase/onbase-meeting.parser.js';
import { parseClerkEnactments } from '../san-diego/clerk-enactments.parser.js';
import { parseSanDiegoMeetingsCalendar } from '../san-diego/meetings-calendar.parser.js';
import { parseNovusSearchPage } from '../novusagenda/novusagenda.parser.js';
import { parseAustinCouncilMeetings } from '../austin/austin-council.parser.js';
import { parseAgendaText, parseAustinAgendaPage } from '../austin/austin-agenda.parser.js';
import { parseBoardsDirectory, parseBoardsMeetings } from '../austin/boards-meetings.parser.js';
import { extractPdfText } from '../texts/pdf-text-extract.js';
import { parseLegislationDetail } from '../legistar/html/legislation-detail.parser.js';
import { billFromLegislationDetail } from '../legistar/html/legistar-html.adapter.js';
import { parseLegislationSearch } from '../legistar/html/legislation-search.parser.js';
import { parseCalendar } from '../legistar/html/calendar.parser.js';
import { parseMeetingDetail } from '../legistar/html/meeting-detail.parser.js';
import { parsePeople } from '../legistar/html/people.parser.js';
import { eventItemsToAgenda, parseEventItems } from '../legistar/event-items.js';
import { eventToMeeting, legistarEventSchema } from '../legistar/legistar-events.js';
import { legistarHistorySchema, legistarMatterSchema } from '../legistar/legistar-api.schema.js';
import { parseVirginiaBillsCsv, toVirginiaNormalizedBill } from '../virginia/virginia-bills.parser.js';
import { parseVirginiaHistoryCsv } from '../virginia/virginia-history.parser.js';
import { parseVirginiaSessionCode } from '../virginia/virginia-session.js';
import { parseCaliforniaAuthorTable, parseCaliforniaBillTable, parseCaliforniaHistoryTable, parseCaliforniaVersionTable } from '../california/california-bills.parser.js';
import { parseTexasBillHistory } from '../texas/texas-bill-history.parser.js';
import { parseTexasSearchResults } from '../texas/texas-search-results.parser.js';
import { parseMissouriHouseActivity, parseMissouriHouseBillSummary, toMissouriHouseBill } from '../missouri/missouri-house.parser.js';
import { parseMissouriSenateActions, parseMissouriSenateBillDetail, toMissouriSenateBill } from '../missouri/missouri-senate.parser.js';
import { parseSouthCarolinaBillStatus, toSouthCarolinaBill } from '../south-carolina/south-carolina-bill.parser.js';
import { readOpenStatesFile } from '../openstates/normalize-openstates-bill.js';
import { readOpenStatesEvents } from '../openstates/openstates-events.js';
import { InvalidRecordError } from '../../core/scrape-errors.js';
import type { z } from 'zod';

/**
 * Every parser of the project by kind, for `tracker parse <kind> <file|url>`: staff check a
 * page that changed, or try a new city's page, before enabling a source. A parser gets the
 * saved or fetched content and the page's address, and returns its records (normalized bills
 * and meetings where the parser has that mapping, otherwise what the page shows) without
 * touching any database. A page whose layout changed throws as it would in a run, naming the
 * selector and the address.
 */

export type ParseOptions = {
  /** Session for parsers whose page does not say it (Virginia `20251`, Missouri `2011`). */
  session?: string;
  /** Legistar client, for a LegislationDetail page as the city's normalized bill. */
  client?: string;
  /** The jurisdiction the records belong to, where the page does not say (an OCD id). */
  jurisdiction?: string;
};

export type ParseInput = { content: Buffer; url: string; options: ParseOptions };
export type ParseResult = { records: unknown[]; context?: Record<string, unknown> };

export type ParserEntry = {
  kind: string;
  /** What page or file it reads, for `--help`. */
  reads: string;
  parse: (input: ParseInput) => ParseResult | Promise<ParseResult>;
};

/** A parser of text content that always gives its records as a list. */
function text(kind: string, reads: string, parse: (html: string, url: string, options: ParseOptions) => unknown[] | ParseResult): ParserEntry {
  return {
    kind,
    reads,
    parse: ({ content, url, options }) => {
      const result = parse(content.toString('utf8'), url, options);
      return Array.isArray(result) ? { records: result } : result;
    },
  };
}

/** A JSON array of Legistar API rows, each checked against a schema. */
function legistarRows<S extends z.ZodType>(json: string, url: string, schema: S, what: string): z.infer<S>[] {
  const body: unknown = JSON.parse(json);
  if (!Array.isArray(body)) throw new InvalidRecordError(`expected a JSON array of Legistar ${what}`, url);
  return body.map((row, i) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new InvalidRecordError(`Legistar ${what} row ${i}: ${parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`, url);
    return parsed.data;
  });
}

function requireOption(options: ParseOptions, name: keyof ParseOptions, why: string): string {
  const value = options[name];
  if (!value) throw new Error(`give --${name}: ${why}`);
  return value;
}

const MEETING_JURISDICTION = 'ocd-jurisdiction/country:us/state:xx/place:unknown/government';

export const PARSERS: readonly ParserEntry[] = [
  // --- Hyland OnBase Agenda Online (San Diego and other cities).
  text('onbase-agenda', 'OnBase Agenda Online agenda: outline (Meetings/ViewMeetingAgenda) or converted document (Documents/ViewAgenda)', (html, url) => {
    const agenda = parseOnBaseAgenda(html, url);
    return {
      records: agenda.items,
      context: { layout: agenda.layout, meeting: { name: agenda.meetingName, date: agenda.meetingDate, time: agenda.meetingTime }, sections: agenda.sections },
    };
  }),
  text('onbase-meetings', 'OnBase Agenda Online home page or meeting search results', (html, url) => parseOnBaseMeetingList(html, url)),
  text('onbase-meeting', 'OnBase Agenda Online meeting page (Meetings/ViewMeeting): name, date, agenda addresses', (html, url) => [parseOnBaseMeetingPage(html, url)]),
  text('sandiego-enactments', "San Diego City Clerk's list of final resolutions and ordinances (council-resolutions-ordinances)", (html, url) => {
    const page = parseClerkEnactments(html, url);
    return { records: page.enactments, context: { nextPageUrl: page.nextPageUrl } };
  }),
  text('sandiego-calendar', 'San Diego City Clerk meetings calendar (month view)', (html, url) => parseSanDiegoMeetingsCalendar(html, url)),

  // --- NovusAGENDA (Houston and other cities).
  text('novusagenda', 'NovusAGENDA public search page (agendapublic/, meetingsgeneral.aspx): meetings and items grids', (html, url) => {
    const page = parseNovusSearchPage(html, url);
    return { records: page.items, context: { meetings: page.meetings, itemsPager: page.itemsPager, nextItemsPage: page.nextItemsPage } };
  }),

  // --- Austin (austintexas.gov and EDIMS).
  text('austin-council', 'Austin Council Meeting Information Center or a year index (…_master_index.htm)', (html, url) => parseAustinCouncilMeetings(html, url)),
  text('austin-agenda', 'Austin City Council meeting page (YYYYMMDD-reg.htm): numbered agenda items', (html, url) => parseAustinAgendaPage(html, url)),
  text('austin-boards', 'Austin boards and commissions year page (cityclerk/boards_commissions/meetings/YYYY_ID_N.htm)', (html, url) => {
    const page = parseBoardsMeetings(html, url);
    return { records: page.meetings, context: { body: page.body, year: page.year, page: page.page, pageCount: page.pageCount, nextPageUrl: page.nextPageUrl } };
  }),
  text('austin-boards-directory', 'Austin Boards and Commissions Information Center (list of bodies)', (html, url) => parseBoardsDirectory(html, url)),
  {
    kind: 'edims-agenda',
    reads: 'an agenda PDF from Austin EDIMS (document.cfm?id=…), through the PDF text extractor',
    parse: async ({ content, url }) => ({ records: parseAgendaText(await extractPdfText(content, url)) }),
  },

  // --- Legistar InSite pages and Web API answers.
  text('legistar-detail', 'Legistar LegislationDetail.aspx page (with --client: as the city’s normalized bill)', (html, url, options) => {
    const detail = parseLegislationDetail(html, url);
    if (!options.client) return [detail];
    const bill: NormalizedBillInput = billFromLegislationDetail(detail, { client: options.client, jurisdictionId: options.jurisdiction ?? MEETING_JURISDICTION });
    return [bill];
  }),
  text('legistar-search', 'Legistar Legislation.aspx search results', (html, url) => {
    const page = parseLegislationSearch(html, url);
    return { records: page.rows, context: { pager: page.pager } };
  }),
  text('legistar-calendar', 'Legistar Calendar.aspx meeting grid', (html, url) => parseCalendar(html, url, { allowNoRecords: true })),
  text('legistar-meeting', 'Legistar MeetingDetail.aspx: the meeting and its agenda items', (html, url) => {
    const detail = parseMeetingDetail(html, url);
    const { items, ...meeting } = detail;
    return { records: items, context: { meeting } };
  }),
  text('legistar-people', 'Legistar People.aspx members grid', (html, url) => parsePeople(html, url)),
  text('legistar-events', 'Legistar Web API /events (JSON), as meetings', (json, url, options) =>
    legistarRows(json, url, legistarEventSchema, 'events').map((e) => eventToMeeting(e, [], { source: `legistar:${options.client ?? 'client'}`, jurisdictionId: options.jurisdiction ?? MEETING_JURISDICTION })),
  ),
  text('legistar-event-items', 'Legistar Web API /events/{id}/eventitems (JSON), in agenda order', (json, url) => eventItemsToAgenda(parseEventItems(JSON.parse(json), url))),
  text('legistar-matters', 'Legistar Web API /matters (JSON)', (json, url) => legistarRows(json, url, legistarMatterSchema, 'matters')),
  text('legistar-histories', 'Legistar Web API /matters/{id}/histories (JSON)', (json, url) => legistarRows(json, url, legistarHistorySchema, 'histories')),

  // --- State legislatures and Open States.
  text('openstates', 'Open States API v3 bill JSON (a bill, a /bills page or an array), as normalized bills', (json) => {
    const read = readOpenStatesFile(json);
    return { records: read.bills, context: { problems: read.problems } };
  }),
  text('openstates-events', 'Open States API v3 /events JSON, as meetings', (json, url) => {
    const read = readOpenStatesEvents(JSON.parse(json), url);
    return { records: read.meetings, context: { problems: read.problems.map((p) => p.message) } };
  }),
  text('virginia', 'Virginia LIS BILLS.CSV, as normalized bills (--session 20251)', (csv, url, options) => {
    const session = parseVirginiaSessionCode(requireOption(options, 'session', 'the LIS session code, e.g. 20251'));
    const parsed = parseVirginiaBillsCsv(csv, url);
    return { records: parsed.records.map((r) => toVirginiaNormalizedBill(r, session)), context: { rejected: parsed.rejected.map((e) => e.message) } };
  }),
  text('virginia-history', 'Virginia LIS HISTORY.CSV', (csv, url) => {
    const parsed = parseVirginiaHistoryCsv(csv, url);
    return { records: parsed.records, context: { rejected: parsed.rejected.map((e) => e.message) } };
  }),
  text('california-bills', 'California pubinfo BILL_TBL.dat', (dat, url) => caTable(parseCaliforniaBillTable(dat, url))),
  text('california-history', 'California pubinfo BILL_HISTORY_TBL.dat', (dat, url) => caTable(parseCaliforniaHistoryTable(dat, url))),
  text('california-versions', 'California pubinfo BILL_VERSION_TBL.dat', (dat, url) => caTable(parseCaliforniaVersionTable(dat, url))),
  text('california-authors', 'California pubinfo BILL_VERSION_AUTHORS_TBL.dat', (dat, url) => caTable(parseCaliforniaAuthorTable(dat, url))),
  text('texas-history', 'Texas Legislature Online BillLookup/History.aspx, as a normalized bill', (html, url) => [parseTexasBillHistory(html, url)]),
  text('texas-search', 'Texas Legislature Online BillSearchResults.aspx', (html, url) => [parseTexasSearchResults(html, url)]),
  text('missouri-house', 'Missouri House BillSummaryPrn.aspx, as a normalized bill (--session 2011)', (html, url, options) => [
    toMissouriHouseBill(parseMissouriHouseBillSummary(html, url), null, requireOption(options, 'session', 'the session year, e.g. 2011'), url),
  ]),
  text('missouri-house-activity', 'Missouri House BillActionsPrn.aspx (activity history)', (html, url) => [parseMissouriHouseActivity(html, url)]),
  text('missouri-senate', 'Missouri Senate Bill.aspx, as a normalized bill (--session 2011)', (html, url, options) => [
    toMissouriSenateBill(parseMissouriSenateBillDetail(html, url), null, requireOption(options, 'session', 'the session year, e.g. 2011'), url),
  ]),
  text('missouri-senate-actions', 'Missouri Senate Actions.aspx', (html, url) => [parseMissouriSenateActions(html, url)]),
  text('south-carolina', 'South Carolina Legislature bill status page, as a normalized bill', (html, url) => [toSouthCarolinaBill(parseSouthCarolinaBillStatus(html, url), url)]),
];

function caTable<T>(result: { records: T[]; rejected: InvalidRecordError[] }): ParseResult {
  return { records: result.records, context: { rejected: result.rejected.map((e) => e.message) } };
}

/** The parser of a kind. @throws naming the known kinds when there is none. */
export function parserFor(kind: string): ParserEntry {
  const found = PARSERS.find((p) => p.kind === kind);
  if (!found) throw new Error(`unknown parser kind "${kind}" (known: ${PARSERS.map((p) => p.kind).join(', ')})`);
  return found;
}
