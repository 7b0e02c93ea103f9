import { appVersion } from '../version.js';
import { DECISIONS, JURISDICTION_CLASSIFICATIONS, MAP_STATUSES, STAGES, STANCES, STATUSES, STRENGTHS, USER_ROLES } from '../../core/vocabulary.js';
import { BILL_SORTS } from '../../db/queries/search-bills.js';
import { API_KEY_SCOPES } from '../auth/auth-service.js';
import { SESSION_COOKIE } from '../middleware/authenticate.js';
import { OUTCOMES } from '../../core/adoption/adoption-types.js';
import { ADOPTION_LEVELS } from '../../db/queries/adoption-query.js';

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it) or any other part of the document. */
type Json = { [key: string]: unknown };

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const str: Json = { type: 'string' };
const int: Json = { type: 'integer' };
const orNull = (schema: Json): Json => {
  if (typeof schema.type !== 'string') return { anyOf: [schema, { type: 'null' }] };
  const nullable: Json = { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.enum)) nullable.enum = [...(schema.enum as unknown[]), null];
  return nullable;
};
const strOrNull = orNull(str);
const date: Json = { type: 'string', format: 'date' };
const dateTime: Json = { type: 'string', format: 'date-time' };
const uri: Json = { type: 'string', format: 'uri' };
const arrayOf = (items: Json): Json => ({ type: 'array', items });
const enumOf = (values: readonly string[]): Json => ({ type: 'string', enum: [...values] });
/** An object with exactly these properties, all present (the API never leaves one out). */
const record = (properties: Record<string, Json>, extra: Json = {}): Json => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
  additionalProperties: false,
  ...extra,
});

/** A required JSON request body with this schema. */
const jsonRequest = (schema: Json): Json => ({ required: true, content: { 'application/json': { schema } } });
const jsonBody = (schema: Json, description: string): Json => ({ description, content: { 'application/json': { schema } } });
const errorResponse = (description: string): Json => jsonBody(ref('Error'), description);

const publicHeaders: Json = {
  ETag: { description: 'Validator for conditional GET: send it back as If-None-Match to get 304 when nothing changed.', schema: str },
  'Cache-Control': { description: '`public, max-age=60`: shared caches may keep the answer a minute.', schema: str },
  'Access-Control-Allow-Origin': { description: '`*`: any site may read public data.', schema: str },
};

const readErrors: Json = {
  '304': { description: 'Not modified: the If-None-Match header matched the current ETag.' },
  '401': { $ref: '#/components/responses/InvalidKey' },
  '429': { $ref: '#/components/responses/RateLimited' },
};
const badRequest: Json = { '400': { $ref: '#/components/responses/BadRequest' } };
const notFound: Json = { '404': { $ref: '#/components/responses/NotFound' } };
const staffReadErrors: Json = {
  '401': { $ref: '#/components/responses/Unauthorized' },
  '403': { $ref: '#/components/responses/Forbidden' },
  '429': { $ref: '#/components/responses/RateLimited' },
};
const writeErrors: Json = {
  '400': { $ref: '#/components/responses/BadRequest' },
  '401': { $ref: '#/components/responses/Unauthorized' },
  '403': { $ref: '#/components/responses/Forbidden' },
  '429': { $ref: '#/components/responses/RateLimited' },
};

/** Anonymous reads; a key or session may be sent (it lifts the rate limit). */
const publicSecurity = [{}, { apiKey: [] }, { sessionCookie: [] }];
const staffSecurity = [{ apiKey: [] }, { sessionCookie: [] }];
const csrfHeader: Json = {
  name: 'X-CSRF-Token',
  in: 'header',
  required: false,
  description: 'Required with a session cookie on writes (the `csrf_token` from sign-in or /api/me); not used with an API key.',
  schema: str,
};

const query = (name: string, schema: Json, description: string, required = false): Json => ({ name, in: 'query', required, description, schema });
const policyQuery = (required: boolean) => query('policy', { type: 'string', pattern: '^[a-z][a-z0-9-]*$' }, 'A policy id (see /api/policies), e.g. `no-knock`.', required);
const jurisdictionQuery = query(
  'jurisdiction',
  { type: 'string', pattern: '^([A-Za-z]{2}|ocd-jurisdiction/.+)$' },
  'An OCD jurisdiction id, or a two-letter state code meaning the state and every place in it.',
);
const classificationQuery = query('classification', enumOf(JURISDICTION_CLASSIFICATIONS), 'Only jurisdictions of this kind.');
const stateQuery = query('state', { type: 'string', pattern: '^[A-Za-z]{2}$' }, 'Only jurisdictions in this state (postal code).');
const idPath = (description: string): Json => ({ name: 'id', in: 'path', required: true, description, schema: { type: 'string', pattern: '^[0-9]+$' } });

const billSummaryProperties: Record<string, Json> = {
  id: int,
  jurisdiction: record({ id: str, name: str, classification: enumOf(JURISDICTION_CLASSIFICATIONS) }),
  session: str,
  identifier: str,
  title: str,
  classification: { type: 'string', description: 'bill, resolution, ordinance, ... as the source says' },
  stage: enumOf(STAGES),
  status: enumOf(STATUSES),
  latest_action: record({ date: orNull(date), description: strOrNull }),
  policies: arrayOf(ref('BillPolicy')),
  source_url: strOrNull,
  updated_at: dateTime,
};
const documentLink = record({ note: str, date: orNull(date), url: uri, media_type: strOrNull, classification: strOrNull });
const jurisdictionProperties: Record<string, Json> = {
  id: str,
  name: str,
  classification: enumOf(JURISDICTION_CLASSIFICATIONS),
  state_code: strOrNull,
  fips: strOrNull,
  latitude: orNull({ type: 'number' }),
  longitude: orNull({ type: 'number' }),
  platform: strOrNull,
  coverage: enumOf(['scraped', 'not_scraped', 'partial']),
  parent_id: strOrNull,
};
const curatedLawKinds = ['ordinance', 'ballot-measure', 'budget', 'contract', 'resolution', 'court-ruling', 'statute'];
const curatedLawOutcomes = ['enacted', 'pending', 'failed', 'overturned'];
const curatedLawInputProperties: Record<string, Json> = {
  jurisdiction_id: { type: 'string', pattern: '^ocd-jurisdiction/' },
  policy_id: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
  stance: { ...enumOf(STANCES), default: 'supports' },
  strength: orNull(enumOf(STRENGTHS)),
  kind: { ...enumOf(curatedLawKinds), default: 'ordinance' },
  title: { type: 'string', minLength: 1, maxLength: 2000 },
  identifier: orNull({ type: 'string', maxLength: 200 }),
  body: orNull({ type: 'string', maxLength: 500 }),
  adopted_on: orNull(date),
  effective_on: orNull(date),
  voided_on: orNull(date),
  outcome: enumOf(curatedLawOutcomes),
  summary: orNull({ type: 'string', maxLength: 5000 }),
  history: { type: 'array', maxItems: 200, items: record({ date: orNull(date), description: str }) },
  source_urls: { type: 'array', minItems: 1, maxItems: 20, items: uri },
  verification: orNull(enumOf(['VERIFIED', 'PARTIAL'])),
  note: orNull({ type: 'string', maxLength: 5000 }),
  bill_id: orNull({ type: 'integer', minimum: 1 }),
};

const schemas: Record<string, Json> = {
  Error: record(
    {
      error: {
        type: 'object',
        required: ['code', 'message'],
        additionalProperties: false,
        properties: {
          code: { type: 'string', description: 'Stable machine-readable code: invalid_request, not_found, unauthorized, forbidden, rate_limited, ...' },
          message: str,
          details: { type: 'array', description: 'For invalid_request: each bad parameter and why.', items: record({ parameter: str, message: str }) },
        },
      },
    },
    { description: 'Every error answer has this shape.' },
  ),
  Policy: record({ id: str, name: str, summary: str, principles: arrayOf(str), colors: { type: 'object', additionalProperties: str } }),
  Jurisdiction: record(jurisdictionProperties),
  BillPolicy: record(
    {
      policy: str,
      stance: enumOf(STANCES),
      source: { ...enumOf(['machine', 'staff']), description: '`staff` when a staff decision set it; staff decisions win over the classifier.' },
      score: orNull({ type: 'number' }),
      strength: orNull(enumOf(STRENGTHS)),
    },
    { description: 'How a bill bears on one policy.' },
  ),
  BillSummary: record(billSummaryProperties),
  BillPage: record({
    results: arrayOf(ref('BillSummary')),
    next_cursor: { ...strOrNull, description: 'Pass as `cursor` for the next page; null on the last page.' },
    total: { ...orNull(int), description: 'How many bills match, on the first page; null on later pages (counting is not free).' },
  }),
  BillDetail: record({
    ...billSummaryProperties,
    abstract: strOrNull,
    other_titles: arrayOf(str),
    subjects: arrayOf(str),
    chamber: strOrNull,
    enactment_number: strOrNull,
    introduced_on: orNull(date),
    actions: arrayOf(record({ date: orNull(date), description: str, actor: strOrNull, classification: arrayOf(str) })),
    sponsors: arrayOf(record({ name: str, classification: strOrNull, primary: { type: 'boolean' } })),
    versions: arrayOf(documentLink),
    documents: arrayOf(documentLink),
    history: arrayOf(
      record(
        {
          changed_at: dateTime,
          from_stage: orNull(enumOf(STAGES)),
          to_stage: enumOf(STAGES),
          from_status: orNull(enumOf(STATUSES)),
          to_status: enumOf(STATUSES),
          action_date: orNull(date),
          action_description: strOrNull,
        },
        { description: 'A stage or status change, newest first.' },
      ),
    ),
    evidence: arrayOf(
      record(
        {
          policy: str,
          stance: enumOf(STANCES),
          source: enumOf(['machine', 'staff']),
          decision: orNull(enumOf(DECISIONS)),
          needs_review: strOrNull,
          evidence: { type: 'array', description: 'What the classifier matched (rule, field, text).' },
        },
        { description: 'Why the bill counts for a policy.' },
      ),
    ),
    sources: arrayOf(record({ source: str, external_id: str, url: strOrNull, fetched_at: dateTime })),
  }),
  CuratedLaw: record({
    id: int,
    policy: str,
    stance: enumOf(STANCES),
    strength: orNull(enumOf(STRENGTHS)),
    kind: enumOf(curatedLawKinds),
    title: str,
    identifier: strOrNull,
    body: strOrNull,
    adopted_on: orNull(date),
    effective_on: orNull(date),
    voided_on: orNull(date),
    outcome: enumOf(curatedLawOutcomes),
    summary: strOrNull,
    history: arrayOf(record({ date: orNull(date), description: str })),
    source_urls: arrayOf(str),
    verification: orNull(enumOf(['VERIFIED', 'PARTIAL'])),
    note: strOrNull,
    bill_id: orNull(int),
  }),
  CuratedLawInput: {
    type: 'object',
    required: ['jurisdiction_id', 'policy_id', 'title', 'outcome', 'source_urls'],
    properties: { ...curatedLawInputProperties, _csrf: { type: 'string', description: 'The CSRF token, for HTML forms.' } },
    additionalProperties: false,
  },
  CuratedLawPatch: {
    type: 'object',
    description: 'Any fields of a curated law; only those given change.',
    properties: { ...curatedLawInputProperties, _csrf: str },
    additionalProperties: false,
  },
  PolicyStanding: record({
    policy: str,
    name: str,
    status: enumOf(MAP_STATUSES),
    strength: orNull(enumOf(STRENGTHS)),
    bills: { ...arrayOf(ref('BillSummary')), description: 'The bills behind the status.' },
    laws: { ...arrayOf(ref('CuratedLaw')), description: 'Curated laws on this policy.' },
    pending: { ...arrayOf(ref('BillSummary')), description: 'Supporting bills still alive.' },
    threats: { ...arrayOf(ref('BillSummary')), description: 'Opposing bills still alive.' },
  }),
  JurisdictionDetail: record({
    ...jurisdictionProperties,
    timezone: strOrNull,
    url: strOrNull,
    freshness: record(
      {
        last_success_at: orNull(dateTime),
        age_seconds: orNull(int),
        sources: arrayOf(str),
        bills_fetched_at: { ...orNull(dateTime), description: 'When any of its bills was last fetched from a source.' },
        curated_updated_at: { ...orNull(dateTime), description: 'When a curated law of it was last written.' },
        status_computed_at: { ...orNull(dateTime), description: 'When its status per policy was last computed.' },
      },
      { description: 'When a source covering this jurisdiction last ran successfully, and when its bills, curated laws and status last changed.' },
    ),
    policies: arrayOf(ref('PolicyStanding')),
  }),
  MapItem: record({ id: int, identifier: strOrNull, title: str, status: str, url: strOrNull }),
  MapEntry: record({
    id: str,
    name: str,
    classification: enumOf(JURISDICTION_CLASSIFICATIONS),
    state_code: strOrNull,
    fips: strOrNull,
    latitude: orNull({ type: 'number' }),
    longitude: orNull({ type: 'number' }),
    coverage: str,
    status: enumOf(MAP_STATUSES),
    strength: orNull(enumOf(STRENGTHS)),
    bills: { ...arrayOf(ref('MapItem')), description: 'The newest 25 bills behind the status (all of them: /api/jurisdictions/{id}).' },
    bill_count: { ...int, description: 'How many bills are behind the status.' },
    laws: { ...arrayOf(ref('MapItem')), description: 'Curated laws behind the status.' },
    threats: { ...arrayOf(ref('MapItem')), description: 'The newest 25 pending bills opposing the policy.' },
    threat_count: int,
  }),
  Change: record({
    id: int,
    changed_at: dateTime,
    bill: record({ id: int, identifier: str, title: str, session: str, source_url: strOrNull }),
    jurisdiction: record({ id: str, name: str }),
    from_stage: orNull(enumOf(STAGES)),
    to_stage: enumOf(STAGES),
    from_status: orNull(enumOf(STATUSES)),
    to_status: enumOf(STATUSES),
    action_date: orNull(date),
    action_description: strOrNull,
    policies: arrayOf(str),
  }),
  RunError: record({ url: { ...strOrNull, description: 'The URL being fetched when it went wrong, when there was one.' }, message: str, code: str }),
  Run: record(
    {
      id: int,
      source_id: str,
      kind: str,
      trigger: enumOf(['cli', 'schedule', 'worker', 'api']),
      outcome: enumOf(['running', 'ok', 'partial', 'failed']),
      flag: { ...orNull(enumOf(['probable-site-change', 'failing'])), description: '`probable-site-change`: far fewer items than usual; `failing`: the third failure in a row.' },
      started_at: dateTime,
      finished_at: orNull(dateTime),
      duration_ms: orNull(int),
      requests: int,
      fetched: int,
      created: int,
      updated: int,
      unchanged: int,
      failed: int,
      error_count: int,
      first_error: orNull(ref('RunError')),
      params: { type: 'object', description: 'What the run was asked to do (fire time, jurisdiction, ...).' },
    },
    { description: 'A scrape run, newest first in lists.' },
  ),
  RunDetail: record({
    id: int, source_id: str, kind: str, trigger: enumOf(['cli', 'schedule', 'worker', 'api']), outcome: enumOf(['running', 'ok', 'partial', 'failed']),
    flag: orNull(enumOf(['probable-site-change', 'failing'])), started_at: dateTime, finished_at: orNull(dateTime), duration_ms: orNull(int),
    requests: int, fetched: int, created: int, updated: int, unchanged: int, failed: int, error_count: int, first_error: orNull(ref('RunError')),
    params: { type: 'object' },
    errors: { ...arrayOf(ref('RunError')), description: 'Every recorded error (at most 200), with the URL each happened at.' },
    cursor_before: { description: 'The source cursor the run started from (any JSON).' },
    cursor_after: { description: 'The cursor it left (any JSON); null when it did not advance it.' },
  }),
  Source: record(
    {
      id: str,
      kind: str,
      name: str,
      jurisdiction_id: strOrNull,
      configured: { type: 'boolean', description: 'False for a source id seen only in run history (a command-line run of a source not configured).' },
      enabled: { type: 'boolean', description: 'Runs on its schedule.' },
      schedule: { ...strOrNull, description: 'Cron expression (5 fields, or 6 with seconds first); null for manual runs only.' },
      timezone: { type: 'string', description: 'IANA time zone the schedule is read in.' },
      status: { ...enumOf(['never-run', 'ok', 'partial', 'probable-site-change', 'failed', 'failing']), description: '`failing`: 3 or more failed runs in a row; `probable-site-change`: the last run fetched far fewer items than usual.' },
      running: { type: 'boolean', description: 'A run is in progress now.' },
      stale: { type: 'boolean', description: 'Enabled and scheduled, but its data is older than three days.' },
      consecutive_failures: int,
      last_run: { ...orNull(ref('Run')), description: 'The latest finished run.' },
      last_success: { ...orNull(ref('Run')), description: 'The latest ok or partial run.' },
      data_fresh_at: { ...orNull(dateTime), description: 'When data from this source was last fetched successfully.' },
      data_age_seconds: orNull(int),
    },
    { description: "A source's health and schedule." },
  ),
  SourcesSummary: record(
    {
      total: { ...int, description: 'Configured sources.' },
      enabled: int,
      ok: { ...int, description: 'Last run ok or partial.' },
      failed: { ...int, description: 'Last run failed, fewer than 3 times in a row.' },
      failing: { ...int, description: '3 or more failed runs in a row.' },
      probable_site_change: int,
      never_run: int,
      stale: int,
    },
    { description: 'How many sources are in each state; the states overlap (a failing source may be stale too).' },
  ),
  User: record({ id: int, email: str, name: str, role: enumOf(USER_ROLES) }),
  ApiKey: record({
    id: int,
    name: str,
    prefix: str,
    scopes: arrayOf(enumOf(API_KEY_SCOPES)),
    created_at: dateTime,
    last_used_at: orNull(dateTime),
    revoked_at: orNull(dateTime),
  }),
  Decision: record({
    bill_id: int,
    policy: str,
    decision: enumOf(DECISIONS),
    stance: orNull(enumOf(STANCES)),
    strength: orNull(enumOf(STRENGTHS)),
    note: strOrNull,
    decided_at: dateTime,
  }),
  AdoptionProvision: record(
    {
      id: { type: 'string', description: 'Provision id in the model, e.g. `NK-1`.' },
      statement: str,
      kind: enumOf(['ban', 'requirement', 'numeric-threshold', 'scope', 'reporting', 'funding', 'threat']),
      required: { type: 'boolean' },
      verified: { type: 'boolean', description: 'False for provisions whose source was not verified: shown to staff only, until staff confirm one.' },
      outcome: { ...enumOf(OUTCOMES), description: 'The outcome that counts: the staff one when there is one, else the machine one.' },
      machine_outcome: enumOf(OUTCOMES),
      reason: { type: 'string', description: 'Why, in words a person can check against the evidence.' },
      evidence: arrayOf({
        type: 'object',
        required: ['start', 'end', 'excerpt'],
        additionalProperties: false,
        properties: { start: int, end: int, excerpt: str, deleted: { type: 'string', description: 'Struck matter that stood there.' } },
        description: 'A passage of the stored normalized text: character offsets and the words.',
      }),
      override: orNull(record({ outcome: enumOf(OUTCOMES), note: strOrNull, decided_at: dateTime })),
    },
    { description: 'One provision of a model policy, checked against one text.' },
  ),
  AdoptionScore: record({
    model: { type: 'string', description: 'The model policy id (the policy it models).' },
    model_version: int,
    score: { type: 'number', minimum: 0, maximum: 1, description: 'Weighted share of the counted supporting provisions adopted (weaker counts half).' },
    threat_score: { type: 'number', minimum: 0, maximum: 1 },
    adoption: enumOf(['full', 'partial', 'none']),
    level: enumOf(ADOPTION_LEVELS),
    stance: orNull(enumOf(STANCES)),
    copy_score: { type: 'number', minimum: 0, maximum: 1, description: 'Share of a model exemplar reproduced word for word.' },
    scored_at: str,
    provisions: arrayOf(ref('AdoptionProvision')),
    hidden_provisions: { ...int, description: 'Unverified provisions left out of this public answer.' },
  }),
  BillAdoption: record({
    bill_id: int,
    versions: arrayOf(
      record(
        {
          text_id: int,
          note: str,
          url: strOrNull,
          date: orNull(date),
          media_type: strOrNull,
          format: str,
          hash: { type: 'string', description: 'sha256 of the normalized text.' },
          fetched_at: dateTime,
          latest: { type: 'boolean' },
          scores: arrayOf(ref('AdoptionScore')),
        },
        { description: 'One stored text version, oldest first.' },
      ),
    ),
    comparisons: arrayOf(
      record(
        {
          model: str,
          from_text_id: int,
          to_text_id: int,
          text_changed: { type: 'boolean' },
          score_delta: { type: 'number' },
          summary: str,
          provisions: arrayOf(record({ id: str, from: enumOf(OUTCOMES), to: enumOf(OUTCOMES), change: enumOf(['strengthened', 'weakened', 'unchanged']), reason: str })),
        },
        { description: 'How a version changed from the one before it, provision by provision.' },
      ),
    ),
  }),
  JurisdictionAdoption: record({
    jurisdiction: record({ id: str, name: str, classification: enumOf(JURISDICTION_CLASSIFICATIONS), state_code: strOrNull, parent_id: strOrNull }),
    level: enumOf(ADOPTION_LEVELS),
    score: { type: 'number', minimum: 0, maximum: 1 },
    threat_score: { type: 'number', minimum: 0, maximum: 1 },
    stance: orNull(enumOf(STANCES)),
    inherited: { type: 'boolean', description: 'True when the law is the parent jurisdiction\'s (a state law counts for its cities).' },
    source: record(
      {
        kind: enumOf(['bill', 'law']),
        id: int,
        identifier: strOrNull,
        title: str,
        jurisdiction_id: str,
        jurisdiction_name: str,
        text_id: int,
        version: str,
        in_force_on: orNull(date),
      },
      { description: 'The law in force whose text gives the score: an enacted bill (its latest scored version) or a curated law.' },
    ),
  }),
  ProvisionOverride: record({
    bill_id: int,
    model: str,
    provision: str,
    outcome: enumOf(OUTCOMES),
    note: strOrNull,
    text_id: int,
    text_hash: { type: 'string', description: 'The text decided on: the override applies while the text keeps this hash.' },
    decided_at: dateTime,
  }),
};

const get = (summary: string, parameters: Json[], ok: Json, errors: Json = {}): Json => ({
  get: { summary, security: publicSecurity, parameters, responses: { '200': { ...ok, headers: publicHeaders }, ...readErrors, ...errors } },
});

const billFilters: Json[] = [
  policyQuery(false),
  query('stance', enumOf(STANCES), 'With `policy`: only bills with this stance on it; alone: on any policy.'),
  jurisdictionQuery,
  classificationQuery,
  query('session', str, 'A legislative session identifier, e.g. `2025` or `89R`.'),
  query('stage', { type: 'string' }, `Comma-separated or repeated: ${STAGES.join(', ')}.`),
  query('status', { type: 'string' }, `Comma-separated or repeated: ${STATUSES.join(', ')}.`),
  query('updated_since', str, 'ISO date or date-time: bills changed since then.'),
  query('q', { type: 'string', maxLength: 500 }, 'Full-text search (PostgreSQL websearch syntax: words, "phrases", or, -not).'),
  query('sort', enumOf(BILL_SORTS), 'Default `latest_action` (newest action first), or `relevance` when `q` is given.'),
];
const mapParameters = [policyQuery(true), classificationQuery, stateQuery];
const csvBody = (description: string): Json => ({ description, content: { 'text/csv': { schema: { type: 'string' } } } });

const paths: Record<string, Json> = {
  '/api/health': {
    get: {
      summary: 'Is the database reachable and migrated, how the sources are doing, and whether this process runs the scheduler',
      security: [{}],
      responses: {
        '200': jsonBody(
          record({
            status: { ...enumOf(['ok', 'degraded']), description: '`degraded` when an enabled source is failing (the site itself still works).' },
            version: str,
            database: record({ kind: enumOf(['pglite', 'postgres']), reachable: { type: 'boolean' }, migrations: record({ applied: int, shipped: int, current: { type: 'boolean' } }) }),
            sources: ref('SourcesSummary'),
            scheduler: { ...enumOf(['on', 'off']), description: 'Whether this process runs the scrape scheduler.' },
          }),
          'Up',
        ),
        '503': jsonBody(
          { type: 'object', required: ['status', 'database'], properties: { status: enumOf(['degraded', 'down']), scheduler: enumOf(['on', 'off']) } },
          'The database is down (`down`) or not migrated (`degraded`)',
        ),
      },
    },
  },
  '/api/openapi.json': {
    get: { summary: 'This document', security: [{}], responses: { '200': jsonBody({ type: 'object', required: ['openapi', 'paths'] }, 'The OpenAPI 3.1 document') } },
  },
  '/api/policies': get('The policies the tracker follows, in display order', [], jsonBody(record({ results: arrayOf(ref('Policy')) }), 'Policies'), badRequest),
  '/api/jurisdictions': get(
    'States, cities, counties and school districts, states first',
    [classificationQuery, stateQuery],
    jsonBody(record({ results: arrayOf(ref('Jurisdiction')) }), 'Jurisdictions'),
    badRequest,
  ),
  '/api/jurisdictions/{id}': {
    get: {
      summary: 'A jurisdiction: per policy where it stands and why (bills and curated laws), and how fresh its data is',
      security: publicSecurity,
      parameters: [
        {
          name: 'id',
          in: 'path',
          required: true,
          description: 'The OCD jurisdiction id; its slashes may be sent as is or percent-encoded (%2F).',
          schema: str,
        },
      ],
      responses: { '200': { ...jsonBody(ref('JurisdictionDetail'), 'The jurisdiction'), headers: publicHeaders }, ...readErrors, ...badRequest, ...notFound },
    },
  },
  '/api/bills': get(
    'Search and list bills, with keyset pagination (stable while bills are added)',
    [
      ...billFilters,
      query('limit', { type: 'integer', minimum: 1, maximum: 100, default: 20 }, 'Page size.'),
      query('cursor', str, 'The `next_cursor` of the previous page.'),
      { name: 'Accept', in: 'header', required: false, description: '`text/csv` for a CSV export of every match (up to 100,000), ignoring `limit` and `cursor`.', schema: str },
    ],
    {
      description: 'A page of bills (or, with Accept: text/csv, all matches as CSV)',
      content: { 'application/json': { schema: ref('BillPage') }, 'text/csv': { schema: { type: 'string' } } },
    },
    badRequest,
  ),
  '/api/bills.csv': get('Every bill matching the filters, as CSV (up to 100,000)', billFilters, csvBody('CSV, one bill a row'), badRequest),
  '/api/bills/{id}': {
    get: {
      summary: 'A bill with its actions, sponsors, versions and documents, stage/status history, and the evidence behind each policy',
      security: publicSecurity,
      parameters: [idPath('The bill id')],
      responses: { '200': { ...jsonBody(ref('BillDetail'), 'The bill'), headers: publicHeaders }, ...readErrors, ...badRequest, ...notFound },
    },
  },
  '/api/map': get(
    'Every jurisdiction with where it stands on one policy: status, strength, the bills and laws behind it, and threats',
    [...mapParameters, { name: 'Accept', in: 'header', required: false, description: '`text/csv` for CSV.', schema: str }],
    {
      description: 'The map (or CSV with Accept: text/csv)',
      content: { 'application/json': { schema: record({ policy: str, results: arrayOf(ref('MapEntry')) }) }, 'text/csv': { schema: { type: 'string' } } },
    },
    badRequest,
  ),
  '/api/map.csv': get('The map as CSV', mapParameters, csvBody('CSV, one jurisdiction a row'), badRequest),
  '/api/changes': get(
    'Bill stage/status changes, newest first',
    [
      query('since', str, 'ISO date or date-time; default 30 days ago.'),
      policyQuery(false),
      jurisdictionQuery,
      query('limit', { type: 'integer', minimum: 1, maximum: 500, default: 100 }, 'Page size.'),
      query('before', { type: 'integer', minimum: 1 }, 'The `next_before` of the previous page.'),
    ],
    jsonBody(record({ results: arrayOf(ref('Change')), next_before: { ...orNull(int), description: 'Pass as `before` for older changes; null on the last page.' } }), 'Changes'),
    badRequest,
  ),
  '/api/feeds/changes.atom': get(
    'An Atom feed of bill changes, for one policy, one jurisdiction, both or all',
    [policyQuery(false), jurisdictionQuery, query('limit', { type: 'integer', minimum: 1, maximum: 200, default: 50 }, 'Entries in the feed.')],
    { description: 'Atom 1.0', content: { 'application/atom+xml': { schema: { type: 'string' } } } },
    badRequest,
  ),
  '/api/session': {
    post: {
      summary: 'Sign in (staff): sets the session cookie and returns the CSRF token writes need',
      security: [{}],
      requestBody: jsonRequest({ type: 'object', required: ['email', 'password'], properties: { email: { type: 'string', format: 'email' }, password: str }, additionalProperties: false }),
      responses: {
        '201': { ...jsonBody(record({ user: ref('User'), csrf_token: str }), 'Signed in'), headers: { 'Set-Cookie': { description: `The \`${SESSION_COOKIE}\` cookie (HttpOnly).`, schema: str } } },
        '400': { $ref: '#/components/responses/BadRequest' },
        '401': { $ref: '#/components/responses/Unauthorized' },
        '429': { $ref: '#/components/responses/RateLimited' },
      },
    },
    delete: { summary: 'Sign out', security: [{}, { sessionCookie: [] }], responses: { '204': { description: 'Signed out' }, '429': { $ref: '#/components/responses/RateLimited' } } },
  },
  '/api/me': {
    get: {
      summary: 'Who is signed in',
      security: staffSecurity,
      responses: {
        '200': jsonBody(
          record({ id: int, email: str, name: str, role: enumOf(USER_ROLES), via: enumOf(['session', 'api-key']), scopes: arrayOf(enumOf(API_KEY_SCOPES)), csrf_token: strOrNull }),
          'The signed-in user',
        ),
        '401': { $ref: '#/components/responses/Unauthorized' },
        '403': { $ref: '#/components/responses/Forbidden' },
      },
    },
  },
  '/api/keys': {
    get: {
      summary: "The signed-in user's API keys (never the keys themselves: only their hashes are stored)",
      security: staffSecurity,
      responses: { '200': jsonBody(record({ results: arrayOf(ref('ApiKey')) }), 'Keys'), '401': { $ref: '#/components/responses/Unauthorized' }, '403': { $ref: '#/components/responses/Forbidden' } },
    },
    post: {
      summary: 'Issue an API key; the key is shown once',
      security: staffSecurity,
      parameters: [csrfHeader],
      requestBody: jsonRequest({
              type: 'object',
              required: ['name'],
              properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, scopes: { type: 'array', minItems: 1, items: enumOf(API_KEY_SCOPES), default: ['read'] }, _csrf: str },
              additionalProperties: false,
            }),
      responses: {
        '201': jsonBody(record({ id: int, key: { type: 'string', pattern: '^pt_' }, prefix: str, scopes: arrayOf(enumOf(API_KEY_SCOPES)), note: str }), 'The new key'),
        ...writeErrors,
      },
    },
  },
  '/api/sources': {
    get: {
      summary: 'Every source with its health (status, last run, last success, consecutive failures, data age) and schedule (staff)',
      security: staffSecurity,
      responses: { '200': jsonBody(record({ results: arrayOf(ref('Source')) }), 'Sources, by id'), ...staffReadErrors },
    },
  },
  '/api/sources/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, description: 'The source id, e.g. `legistar:louisville`.', schema: { type: 'string', pattern: '^[\\w:.-]{1,200}$' } }],
    get: {
      summary: 'A source with its run history, newest first (staff)',
      security: staffSecurity,
      parameters: [
        query('limit', { type: 'integer', minimum: 1, maximum: 100, default: 20 }, 'Runs per page.'),
        query('before', { type: 'integer', minimum: 1 }, 'The `next_before` of the previous page: runs older than that run.'),
      ],
      responses: {
        '200': jsonBody(
          record({ source: ref('Source'), runs: arrayOf(ref('Run')), next_before: { ...orNull(int), description: 'Pass as `before` for older runs; null on the last page.' } }),
          'The source and a page of its runs',
        ),
        ...staffReadErrors,
        ...badRequest,
        ...notFound,
      },
    },
    patch: {
      summary: "Edit a source's schedule (staff): cron expression, time zone, enabled. The running scheduler picks it up at once",
      security: staffSecurity,
      parameters: [csrfHeader],
      requestBody: jsonRequest({
              type: 'object',
              minProperties: 1,
              properties: {
                schedule: { ...orNull({ type: 'string', maxLength: 200 }), description: 'Cron expression (node-cron: 5 fields, or 6 with seconds first); null or empty for manual runs only.' },
                timezone: { type: 'string', maxLength: 100, description: 'An IANA time zone, e.g. `America/New_York`.' },
                enabled: { type: 'boolean' },
                _csrf: str,
              },
              additionalProperties: false,
            }),
      responses: {
        '200': jsonBody(
          record({
            source: ref('Source'),
            scheduler: {
              ...enumOf(['reloaded', 'off', 'reload_failed']),
              description: '`reloaded`: in effect now; `off`: this process runs no scheduler (the one that does re-reads schedules every minute); `reload_failed`: saved, in effect within a minute.',
            },
          }),
          'The saved source',
        ),
        ...writeErrors,
        ...notFound,
      },
    },
  },
  '/api/runs/{id}': {
    get: {
      summary: 'One scrape run with every error and the URL it happened at, its counts, and the cursor before and after (staff)',
      security: staffSecurity,
      parameters: [idPath('The run id')],
      responses: { '200': jsonBody(ref('RunDetail'), 'The run'), ...staffReadErrors, ...badRequest, ...notFound },
    },
  },
  '/api/keys/{id}': {
    delete: {
      summary: 'Revoke one of your API keys',
      security: staffSecurity,
      parameters: [idPath('The key id'), csrfHeader],
      responses: { '204': { description: 'Revoked' }, ...writeErrors, ...notFound },
    },
  },
  '/api/bills/{id}/policies/{policy}': {
    parameters: [idPath('The bill id'), { name: 'policy', in: 'path', required: true, description: 'The policy id', schema: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } }, csrfHeader],
    put: {
      summary: 'Record a staff decision on how a bill bears on a policy (wins over the classifier, survives re-scrapes)',
      security: staffSecurity,
      requestBody: jsonRequest({
              type: 'object',
              required: ['decision'],
              properties: {
                decision: { ...enumOf(DECISIONS), description: '`confirm` the machine, `reject` it (hides the policy), or `add` a policy the machine missed.' },
                stance: orNull(enumOf(STANCES)),
                strength: orNull(enumOf(STRENGTHS)),
                note: orNull({ type: 'string', maxLength: 5000 }),
                _csrf: str,
              },
              additionalProperties: false,
            }),
      responses: { '200': jsonBody(ref('Decision'), 'The decision'), ...writeErrors, ...notFound },
    },
    delete: {
      summary: "Withdraw the staff decision: the machine's result shows again",
      security: staffSecurity,
      responses: { '204': { description: 'Withdrawn' }, ...writeErrors, ...notFound },
    },
  },
  '/api/curated-laws': {
    get: {
      summary: 'Curated laws (kept by staff, with citations)',
      security: publicSecurity,
      parameters: [query('jurisdiction', { type: 'string', pattern: '^ocd-jurisdiction/' }, 'An OCD jurisdiction id.'), policyQuery(false)],
      responses: { '200': jsonBody(record({ results: arrayOf(ref('CuratedLaw')) }), 'Curated laws'), ...badRequest, '401': { $ref: '#/components/responses/InvalidKey' }, '429': { $ref: '#/components/responses/RateLimited' } },
    },
    post: {
      summary: 'Add a curated law; the map updates at once',
      security: staffSecurity,
      parameters: [csrfHeader],
      requestBody: jsonRequest(ref('CuratedLawInput')),
      responses: { '201': jsonBody(ref('CuratedLaw'), 'Created'), ...writeErrors },
    },
  },
  '/api/curated-laws/{id}': {
    parameters: [idPath('The curated law id')],
    get: {
      summary: 'One curated law',
      security: publicSecurity,
      responses: { '200': jsonBody(ref('CuratedLaw'), 'The law'), ...badRequest, ...notFound, '401': { $ref: '#/components/responses/InvalidKey' }, '429': { $ref: '#/components/responses/RateLimited' } },
    },
    patch: {
      summary: 'Edit a curated law (only the fields given); the seed never overwrites it afterwards',
      security: staffSecurity,
      parameters: [csrfHeader],
      requestBody: jsonRequest(ref('CuratedLawPatch')),
      responses: { '200': jsonBody(ref('CuratedLaw'), 'The edited law'), ...writeErrors, ...notFound },
    },
  },
  '/api/bills/{id}/adoption': {
    get: {
      summary: 'How far each stored text version of a bill adopts the model policies, provision by provision, with evidence, reasons and version-to-version changes',
      security: publicSecurity,
      parameters: [idPath('The bill id')],
      responses: { '200': { ...jsonBody(ref('BillAdoption'), 'The bill\'s adoption'), headers: publicHeaders }, ...readErrors, ...badRequest, ...notFound },
    },
  },
  '/api/bills/{id}/adoption/{model}/{provision}': {
    parameters: [
      idPath('The bill id'),
      { name: 'model', in: 'path', required: true, description: 'The model policy id', schema: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' } },
      { name: 'provision', in: 'path', required: true, description: 'The provision id, e.g. NK-1', schema: { type: 'string', pattern: '^[A-Z]+-T?[0-9]+$' } },
      csrfHeader,
    ],
    put: {
      summary: 'Set the outcome of one provision (staff): wins over the machine, confirms an unverified provision, survives re-scoring while the text is unchanged',
      security: staffSecurity,
      requestBody: jsonRequest({
              type: 'object',
              required: ['outcome'],
              properties: {
                outcome: enumOf(OUTCOMES),
                note: orNull({ type: 'string', maxLength: 5000 }),
                text_id: { type: 'integer', minimum: 1, description: 'The version decided on; default the latest scored one.' },
                _csrf: str,
              },
              additionalProperties: false,
            }),
      responses: { '200': jsonBody(ref('ProvisionOverride'), 'The override'), ...writeErrors, ...notFound },
    },
    delete: {
      summary: "Withdraw a provision override: the machine's outcome counts again",
      security: staffSecurity,
      responses: { '204': { description: 'Withdrawn' }, ...writeErrors, ...notFound },
    },
  },
  '/api/adoption': get(
    'Jurisdictions ranked by how far the laws in force there adopt a policy\'s model (a state law counts for its cities)',
    [...mapParameters, { name: 'Accept', in: 'header', required: false, description: '`text/csv` for CSV.', schema: str }],
    {
      description: 'The ranking (or CSV with Accept: text/csv)',
      content: { 'application/json': { schema: record({ policy: str, results: arrayOf(ref('JurisdictionAdoption')) }) }, 'text/csv': { schema: { type: 'string' } } },
    },
    badRequest,
  ),
  '/api/adoption.csv': get('The adoption ranking as CSV', mapParameters, csvBody('CSV, one jurisdiction a row'), badRequest),
};

/** The OpenAPI 3.1 document of the JSON API, served at /api/openapi.json. */
export const openApiDocument: Json = {
  openapi: '3.1.0',
  info: {
    title: 'Policy tracker API',
    version: appVersion,
    description:
      'Police-reform and criminal-legal bills, ordinances and curated laws across US states and cities, classified against tracked policies. ' +
      'Reads are public (CORS, cacheable, ETag, rate-limited per client); writes need a staff session (cookie + CSRF token) or an API key with the `write` scope. ' +
      'Errors are `{ "error": { "code", "message", "details"? } }`; a bad parameter is a 400 naming each one.',
  },
  servers: [{ url: '/' }],
  paths,
  components: {
    schemas,
    securitySchemes: {
      apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'pt_...', description: 'An API key issued at /api/keys, as `Authorization: Bearer pt_...`; scopes `read` or `write`.' },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'The staff session from POST /api/session; writes also need the X-CSRF-Token header.' },
    },
    responses: {
      BadRequest: errorResponse('A bad parameter or body: `details` names each bad parameter and why.'),
      NotFound: errorResponse('No such record.'),
      Unauthorized: errorResponse('Not signed in, or a wrong, unknown or revoked API key.'),
      InvalidKey: errorResponse('An Authorization header with a wrong, unknown or revoked API key (reads need none).'),
      Forbidden: errorResponse('Signed in but not allowed: a read-only key, a missing CSRF token, or not staff.'),
      RateLimited: {
        ...errorResponse('Too many requests from this client in the current minute.'),
        headers: { 'Retry-After': { description: 'Seconds until the window resets.', schema: str } },
      },
    },
  },
};
