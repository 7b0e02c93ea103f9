import { z } from 'zod';
import {
  ACTOR_CLASSIFICATIONS, BILL_KINDS, COVERAGE_STATES, DECISIONS, JURISDICTION_CLASSIFICATIONS, LIST_SCOPES, MAP_STATUSES, MEETING_STATUSES, NOT_TRACKED_REASONS, STAGES,
  STANCES, STATUSES, STRENGTHS, VOTE_OPTIONS, VOTE_RESULTS,
} from '../../core/vocabulary.js';
import { BILL_SORTS, PLAN_MEMORY_MS, RELEVANCE_WINDOW, TOTAL_EXACT_UP_TO } from '../../db/queries/search-bills.js';
import { component, defineOperation, noQuery, resultsOf, wire } from './contract-kit.js';
import { classificationParam, jurisdictionRefParam, policyIdParam, stateParam } from './params.js';
import { BillSummary, billSummaryShape, CuratedLaw } from './shared.contract.js';
import { boundedInt, enumList, isoInstant, oneString, recordId } from './validate.js';

/** The public read API: policies, jurisdictions, bills, the map and changes. */

const Policy = component(
  'Policy',
  z.object({ id: z.string(), name: z.string(), summary: z.string(), principles: z.array(z.string()), colors: z.record(z.string(), z.string()) }),
);

const jurisdictionShape = {
  id: z.string(),
  name: z.string(),
  classification: z.enum(JURISDICTION_CLASSIFICATIONS),
  state_code: z.string().nullable(),
  fips: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  platform: z.string().nullable(),
  coverage: z.enum(['scraped', 'not_scraped', 'partial']),
  parent_id: z.string().nullable(),
};

const Jurisdiction = component('Jurisdiction', z.object(jurisdictionShape));

const Coverage = component(
  'Coverage',
  z
    .object({
      state: z.enum(COVERAGE_STATES).describe('`not_tracked`: no source has read it (a `none` status here is no finding); `tracked`: a source has.'),
      reason: z.enum(NOT_TRACKED_REASONS).nullable().describe('Why not tracked: no source covers it, its source is not set up, switched off, or has not run yet.'),
      since: wire.dateTime.nullable().describe('When a source first covered it.'),
      last_run_at: wire.dateTime.nullable().describe('When a source last covered it.'),
      sources: z.array(z.string()).describe('Ids of the sources covering it.'),
      message: z.string().describe('One sentence for readers.'),
      enable: z.string().nullable().describe('What would enable tracking it (e.g. add an Open States API key).'),
    })
    .describe('How much the tracker knows about a jurisdiction: every map cell is read with it.'),
);

const PolicyStanding = component(
  'PolicyStanding',
  z.object({
    policy: z.string(),
    name: z.string(),
    status: z.enum(MAP_STATUSES),
    strength: z.enum(STRENGTHS).nullable(),
    bills: z.array(BillSummary).describe('The bills behind the status.'),
    laws: z.array(CuratedLaw).describe('Curated laws on this policy.'),
    pending: z.array(BillSummary).describe('Supporting bills still alive.'),
    threats: z.array(BillSummary).describe('Opposing bills still alive.'),
  }),
);

const meetingShape = {
  meeting_id: wire.int,
  date: wire.date.describe('The meeting day, local to the jurisdiction.'),
  time: z.string().nullable().describe('HH:MM, local; null when the source gives none.'),
  body: z.string().describe('The council, committee or commission that meets.'),
  name: z.string().nullable(),
  location: z.string().nullable(),
  status: z.enum(MEETING_STATUSES),
  agenda_url: z.string().nullable(),
  source_url: z.string().nullable(),
};

const UpcomingMeeting = component(
  'UpcomingMeeting',
  z
    .object({
      ...meetingShape,
      bills: z.array(z.object({ id: wire.int, identifier: z.string(), title: z.string(), policies: z.array(z.string()), item_number: z.string().nullable() })),
    })
    .describe('A coming meeting whose agenda takes up bills on tracked policies, with those bills.'),
);

const Hearing = component(
  'Hearing',
  z
    .object({
      ...meetingShape,
      source: z.string().describe('Where the meeting was read: legistar:<client>, onbase:<city>, novusagenda:<city>, openstates...'),
      item: z.object({
        number: z.string().nullable(),
        title: z.string(),
        section: z.string().nullable(),
        action: z.string().nullable(),
        result: z.string().nullable(),
        url: z.string().nullable(),
      }),
    })
    .describe('A meeting whose agenda takes the bill up, and the agenda line that does.'),
);

const JurisdictionDetail = component(
  'JurisdictionDetail',
  z.object({
    ...jurisdictionShape,
    timezone: z.string().nullable(),
    url: z.string().nullable(),
    coverage: Coverage,
    freshness: z
      .object({
        last_success_at: wire.dateTime.nullable(),
        age_seconds: wire.int.nullable(),
        sources: z.array(z.string()),
        bills_fetched_at: wire.dateTime.nullable().describe('When any of its bills was last fetched from a source.'),
        curated_updated_at: wire.dateTime.nullable().describe('When a curated law of it was last written.'),
        status_computed_at: wire.dateTime.nullable().describe('When its status per policy was last computed.'),
      })
      .describe('When a source covering this jurisdiction last ran successfully, and when its bills, curated laws and status last changed.'),
    policies: z.array(PolicyStanding),
    upcoming_meetings: z.array(UpcomingMeeting).describe('Meetings from today on whose agendas take up bills on tracked policies, soonest first.'),
    last_read: z
      .object({ at: wire.dateTime, source_id: z.string(), source_name: z.string(), from: z.string().nullable().describe('The address the source read (an API, a public site).') })
      .nullable()
      .describe('When a source last read this jurisdiction successfully, and from where.'),
  }),
);

const BillPage = component(
  'BillPage',
  z.object({
    results: z.array(BillSummary),
    next_cursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last page.'),
    total: wire.int
      .nullable()
      .describe(`How many bills match, on the first page; null on later pages (counting is not free). Exact up to ${TOTAL_EXACT_UP_TO.toLocaleString('en-US')}; beyond that it is ${TOTAL_EXACT_UP_TO.toLocaleString('en-US')} and \`total_is_estimate\` is true.`),
    total_is_estimate: wire.bool.describe(
      `True when more than ${TOTAL_EXACT_UP_TO.toLocaleString('en-US')} bills match: \`total\` is then a lower bound (shown as "${TOTAL_EXACT_UP_TO.toLocaleString('en-US')}+"). The server remembers that bound for the same filters for up to ${PLAN_MEMORY_MS / 1000} s, so a popular search is counted once a minute; a total below it is counted on every request.`,
    ),
  }),
);

const documentLink = z.object({ note: z.string(), date: wire.date.nullable(), url: z.url(), media_type: z.string().nullable(), classification: z.string().nullable() });

const Vote = component(
  'Vote',
  z
    .object({
      date: wire.date.nullable(),
      motion: z.string(),
      result: z.enum(VOTE_RESULTS).nullable(),
      organization: z.string().nullable().describe('The body that voted, as the source names it (House, Senate, a committee, the council).'),
      chamber: z.enum(ACTOR_CLASSIFICATIONS).nullable(),
      counts: z.object(Object.fromEntries(VOTE_OPTIONS.map((o) => [o, wire.int.optional()]))).describe('Votes per option; options the source does not count are left out.'),
      voters: z.array(z.object({ name: z.string(), option: z.enum(VOTE_OPTIONS), person_id: z.string().nullable() })).describe('Each member’s vote, where the source gives it.'),
    })
    .describe('A roll-call vote on the bill.'),
);

const BillDetail = component(
  'BillDetail',
  z.object({
    ...billSummaryShape,
    abstract: z.string().nullable(),
    other_titles: z.array(z.string()),
    subjects: z.array(z.string()),
    chamber: z.string().nullable(),
    enactment_number: z.string().nullable(),
    introduced_on: wire.date.nullable(),
    actions: z.array(z.object({ date: wire.date.nullable(), description: z.string(), actor: z.string().nullable(), classification: z.array(z.string()) })),
    sponsors: z.array(z.object({ name: z.string(), classification: z.string().nullable(), primary: z.boolean() })),
    versions: z.array(documentLink),
    documents: z.array(documentLink),
    votes: z.array(Vote).describe('Roll-call votes, oldest first.'),
    history: z.array(
      z
        .object({
          changed_at: wire.dateTime,
          from_stage: z.enum(STAGES).nullable(),
          to_stage: z.enum(STAGES),
          from_status: z.enum(STATUSES).nullable(),
          to_status: z.enum(STATUSES),
          action_date: wire.date.nullable(),
          action_description: z.string().nullable(),
        })
        .describe('A stage or status change, newest first.'),
    ),
    evidence: z.array(
      z
        .object({
          policy: z.string(),
          stance: z.enum(STANCES),
          strength: z.enum(STRENGTHS).nullable().describe('How far a supporting bill goes: `full` (an outright ban) or `partial` (a restriction); staff\'s when set, else the machine\'s.'),
          strength_source: z.enum(['machine', 'staff']).nullable().describe('Who set the strength.'),
          source: z.enum(['machine', 'staff']),
          decision: z.enum(DECISIONS).nullable(),
          needs_review: z.string().nullable(),
          evidence: z
            .array(z.unknown())
            .describe('What the classifier matched: rule (`topic:`, `exclusion:`, `supports:`, `opposes:`, `limiter:` and the rule id), field, phrase, excerpt, offsets, and for a supports cue the strength it implies.'),
        })
        .describe('Why the bill counts for a policy.'),
    ),
    sources: z.array(z.object({ source: z.string(), external_id: z.string(), url: z.string().nullable(), fetched_at: wire.dateTime })),
    hearings: z.array(Hearing).describe('Every meeting whose agenda takes the bill up (committee hearings, council readings), oldest first.'),
  }),
);

const MapItem = component('MapItem', z.object({ id: wire.int, identifier: z.string().nullable(), title: z.string(), status: z.string(), url: z.string().nullable() }));

const MapEntry = component(
  'MapEntry',
  z.object({
    id: z.string(),
    name: z.string(),
    classification: z.enum(JURISDICTION_CLASSIFICATIONS),
    state_code: z.string().nullable(),
    fips: z.string().nullable(),
    latitude: z.number().nullable(),
    longitude: z.number().nullable(),
    coverage: Coverage,
    status: z.enum(MAP_STATUSES).describe('`none` means nothing found where `coverage.state` is `tracked`, and no finding at all where it is `not_tracked`.'),
    strength: z.enum(STRENGTHS).nullable(),
    bills: z.array(MapItem).describe('The newest 25 bills behind the status (all of them: /api/jurisdictions/{id}).'),
    bill_count: wire.int.describe('How many bills are behind the status.'),
    laws: z.array(MapItem).describe('Curated laws behind the status.'),
    threats: z.array(MapItem).describe('The newest 25 pending bills opposing the policy.'),
    threat_count: wire.int,
  }),
);

const Change = component(
  'Change',
  z.object({
    id: wire.int,
    changed_at: wire.dateTime,
    bill: z.object({ id: wire.int, identifier: z.string(), title: z.string(), session: z.string(), source_url: z.string().nullable() }),
    jurisdiction: z.object({ id: z.string(), name: z.string() }),
    from_stage: z.enum(STAGES).nullable(),
    to_stage: z.enum(STAGES),
    from_status: z.enum(STATUSES).nullable(),
    to_status: z.enum(STATUSES),
    action_date: wire.date.nullable(),
    action_description: z.string().nullable(),
    policies: z.array(z.string()),
  }),
);

/** `scope=`: everything (the API's default) or, as the web pages and feeds default to, laws touching a tracked policy. */
const scopeParam = z
  .enum(LIST_SCOPES, { message: `scope must be one of ${LIST_SCOPES.join(', ')}` })
  .describe('`tracked`: laws (bills, ordinances, budgets, ballot measures, amendments) that touch a tracked policy, as the search and "What moved" pages show by default; `all` (default): every record, resolutions included.');

/** Filters of the bill list and its CSV export (one route serves both). */
const billsQuery = z.strictObject({
  policy: policyIdParam.optional(),
  stance: z.enum(STANCES, { message: `stance must be one of ${STANCES.join(', ')}` }).describe('With `policy`: only bills with this stance on it; alone: on any policy.').optional(),
  jurisdiction: jurisdictionRefParam.optional(),
  classification: classificationParam.optional(),
  session: oneString('session').describe('A legislative session identifier, e.g. `2025` or `89R`.').optional(),
  stage: enumList(STAGES).describe(`Comma-separated or repeated: ${STAGES.join(', ')}.`).optional(),
  status: enumList(STATUSES).describe(`Comma-separated or repeated: ${STATUSES.join(', ')}.`).optional(),
  updated_since: isoInstant('updated_since').describe('ISO date or date-time: bills changed since then.').optional(),
  q: oneString('q').describe('Full-text search (PostgreSQL websearch syntax: words, "phrases", or, -not).').optional(),
  kind: enumList(BILL_KINDS).describe(`Comma-separated or repeated: ${BILL_KINDS.join(', ')}.`).optional(),
  scope: scopeParam.optional(),
  sort: z
    .enum(BILL_SORTS, { message: `sort must be one of ${BILL_SORTS.join(', ')}` })
    .describe(
      `Default \`latest_action\` (newest action first), with or without \`q\`. \`relevance\` (needs \`q\`) ranks only the ${RELEVANCE_WINDOW} most recent matches (by latest action) by how well they match, and pages through those. \`newest\` / \`oldest\`: by when the tracker first stored the bill.`,
    )
    .optional(),
  limit: boundedInt('limit', 1, 100).describe('Page size (ignored by the CSV export).').default(20),
  cursor: oneString('cursor').describe('The `next_cursor` of the previous page (ignored by the CSV export).').optional(),
});

/** The map, its CSV, and (in adoption.contract.ts) the adoption ranking take these. */
export const mapQuery = z.strictObject({
  policy: policyIdParam,
  classification: classificationParam.optional(),
  state: stateParam.optional(),
});

/** Filters of "what moved" and its CSV export (one route serves both). */
const changesQuery = z.strictObject({
  since: isoInstant('since').describe('ISO date or date-time; default 30 days ago.').optional(),
  policy: policyIdParam.optional(),
  jurisdiction: jurisdictionRefParam.optional(),
  limit: boundedInt('limit', 1, 500).describe('Page size (ignored by the CSV export).').default(100),
  before: recordId('before').describe('The `next_before` of the previous page (ignored by the CSV export).').optional(),
  scope: scopeParam.optional(),
});

const billPath = z.strictObject({ id: recordId('id').describe('The bill id') });

export const readContract = {
  listPolicies: defineOperation({
    method: 'get',
    path: '/api/policies',
    summary: 'The policies the tracker follows, in display order',
    access: 'public-read',
    query: noQuery,
    answers: { 200: { description: 'Policies', json: resultsOf(Policy) } },
    errors: ['BadRequest'],
  }),
  listJurisdictions: defineOperation({
    method: 'get',
    path: '/api/jurisdictions',
    summary: 'States, cities, counties and school districts, states first',
    access: 'public-read',
    query: z.strictObject({ classification: classificationParam.optional(), state: stateParam.optional() }),
    answers: { 200: { description: 'Jurisdictions', json: resultsOf(Jurisdiction) } },
    errors: ['BadRequest'],
  }),
  getJurisdiction: defineOperation({
    method: 'get',
    path: '/api/jurisdictions/{id}',
    summary: 'A jurisdiction: per policy where it stands and why (bills and curated laws), and how fresh its data is',
    access: 'public-read',
    // OCD ids contain slashes: the route takes the rest of the path as the id.
    params: z.strictObject({ id: oneString('jurisdiction id').max(300).describe('The OCD jurisdiction id; its slashes may be sent as is or percent-encoded (%2F).') }),
    query: noQuery,
    answers: { 200: { description: 'The jurisdiction', json: JurisdictionDetail } },
    errors: ['BadRequest', 'NotFound'],
  }),
  listBills: defineOperation({
    method: 'get',
    path: '/api/bills',
    summary: 'Search and list bills, with keyset pagination (stable while bills are added)',
    access: 'public-read',
    query: billsQuery,
    headers: [{ name: 'Accept', description: '`text/csv` for a CSV export of every match (up to 100,000), ignoring `limit` and `cursor`.' }],
    answers: { 200: { description: 'A page of bills (or, with Accept: text/csv, all matches as CSV)', json: BillPage, text: ['text/csv'] } },
    errors: ['BadRequest'],
  }),
  exportBillsCsv: defineOperation({
    method: 'get',
    path: '/api/bills.csv',
    summary: 'Every bill matching the filters, as CSV (up to 100,000)',
    access: 'public-read',
    query: billsQuery,
    answers: { 200: { description: 'CSV, one bill a row', text: ['text/csv'] } },
    errors: ['BadRequest'],
  }),
  getBill: defineOperation({
    method: 'get',
    path: '/api/bills/{id}',
    summary: 'A bill with its actions, sponsors, versions and documents, roll-call votes, hearings, stage/status history, and the evidence behind each policy',
    access: 'public-read',
    params: billPath,
    query: noQuery,
    answers: { 200: { description: 'The bill', json: BillDetail } },
    errors: ['BadRequest', 'NotFound'],
  }),
  getMap: defineOperation({
    method: 'get',
    path: '/api/map',
    summary: 'Every jurisdiction with where it stands on one policy: status, strength, the bills and laws behind it, and threats',
    access: 'public-read',
    query: mapQuery,
    headers: [{ name: 'Accept', description: '`text/csv` for CSV.' }],
    answers: { 200: { description: 'The map (or CSV with Accept: text/csv)', json: z.object({ policy: z.string(), results: z.array(MapEntry) }), text: ['text/csv'] } },
    errors: ['BadRequest'],
  }),
  exportMapCsv: defineOperation({
    method: 'get',
    path: '/api/map.csv',
    summary: 'The map as CSV',
    access: 'public-read',
    query: mapQuery,
    answers: { 200: { description: 'CSV, one jurisdiction a row', text: ['text/csv'] } },
    errors: ['BadRequest'],
  }),
  listChanges: defineOperation({
    method: 'get',
    path: '/api/changes',
    summary: 'Bill stage/status changes, newest first ("what moved")',
    access: 'public-read',
    query: changesQuery,
    headers: [{ name: 'Accept', description: '`text/csv` for every change since `since` as CSV (up to 100,000), ignoring `limit` and `before`.' }],
    answers: {
      200: {
        description: 'Changes',
        json: z.object({ results: z.array(Change), next_before: wire.int.nullable().describe('Pass as `before` for older changes; null on the last page.') }),
        text: ['text/csv'],
      },
    },
    errors: ['BadRequest'],
  }),
  exportChangesCsv: defineOperation({
    method: 'get',
    path: '/api/changes.csv',
    summary: 'What moved as CSV: every change since `since` (up to 100,000), newest first, with the bill\'s tracker URL',
    access: 'public-read',
    query: changesQuery,
    answers: { 200: { description: 'CSV, one change a row', text: ['text/csv'] } },
    errors: ['BadRequest'],
  }),
};
