import { InvalidRecordError } from '../../core/scrape-errors.js';
import {
  normalizedBillSchema, type NormalizedAction, type NormalizedBillInput, type NormalizedDocument, type NormalizedSponsor, type NormalizedVote,
} from '../../core/bill/bill.schema.js';
import { VOTE_OPTIONS, VOTE_RESULTS, type ActorClassification, type VoteOption, type VoteResult } from '../../core/vocabulary.js';
import {
  dayOfFuzzyDate,
  isPartialFuzzyDate,
  openStatesBillSchema,
  type OpenStatesAction,
  type OpenStatesBill,
  type OpenStatesDocument,
  type OpenStatesOrganization,
  type OpenStatesVote,
} from './openstates-bill.schema.js';
import type { OpenStatesRecordProblem } from './openstates-client.js';

/** The `source` every Open States bill is stored under. */
export const OPENSTATES_SOURCE = 'openstates';

const CHAMBER_ACTORS = new Set(['lower', 'upper', 'legislature', 'executive']);

/**
 * The actor role of an Open States organization: chambers and the executive as they are,
 * committees and subcommittees as `committee`, anything else (`government`, `party`) as
 * `other`; null when the action names no organization.
 */
export function actorClassificationOf(org: OpenStatesOrganization | undefined): ActorClassification | null {
  if (!org) return null;
  if (CHAMBER_ACTORS.has(org.classification)) return org.classification as ActorClassification;
  if (org.classification === 'committee' || org.classification === 'subcommittee') return 'committee';
  return 'other';
}

/**
 * Turns a validated v3 bill (with whatever includes it was fetched with) into the common
 * shape. Pure: no I/O. Child row ids (actions, sponsorships, versions) are ignored because
 * Open States re-creates them on every import; re-normalizing an unchanged bill gives an
 * identical record. Partial dates (`2021`, `2021-06`) become null days and are listed in
 * `extras.partialDates` rather than padded to an invented day.
 */
export function normalizeOpenStatesBill(bill: OpenStatesBill): NormalizedBillInput {
  const partialDates: string[] = [];
  const actions: NormalizedAction[] = [...(bill.actions ?? [])]
    .sort((a, b) => a.order - b.order)
    .map((action) => normalizeOpenStatesAction(action, partialDates));

  const sponsors: NormalizedSponsor[] = (bill.sponsorships ?? [])
    .filter((s) => s.name.trim() !== '')
    .map((s) => ({ name: s.name.trim(), classification: s.classification || null, primary: s.primary, personId: s.person?.id ?? null }));

  const documents: NormalizedDocument[] = [
    ...(bill.versions ?? []).flatMap((d) => normalizeOpenStatesDocument('version', d, partialDates)),
    ...(bill.documents ?? []).flatMap((d) => normalizeOpenStatesDocument('document', d, partialDates)),
  ];
  const votes = sortVotes((bill.votes ?? []).map(votePartsOf).map(normalizeOpenStatesVote));

  const extras: Record<string, unknown> = {};
  if (bill.first_action_date) extras.firstActionDate = bill.first_action_date;
  if (bill.latest_action_date) extras.latestActionDate = bill.latest_action_date;
  // "" means "never passed" in real responses: leave it out rather than store an empty date.
  if (bill.latest_passage_date) extras.latestPassageDate = bill.latest_passage_date;
  if (bill.related_bills?.length) extras.relatedBills = bill.related_bills;
  if (bill.other_identifiers?.length) extras.otherIdentifiers = bill.other_identifiers.map((o) => o.identifier);
  if (bill.sources?.length) extras.sourceUrls = bill.sources.map((s) => s.url);
  if (partialDates.length) extras.partialDates = partialDates;
  // `abstract` holds the first abstract; the others (a second chamber's digest, a summary as
  // amended) are kept for the classifier. Only set when there are several, so a bill with one
  // abstract keeps its content hash.
  const moreAbstracts = (bill.abstracts ?? []).slice(1).map((a) => a.abstract.trim()).filter((a) => a !== '');
  if (moreAbstracts.length) extras.abstracts = moreAbstracts;

  return {
    source: OPENSTATES_SOURCE,
    externalId: bill.id,
    jurisdictionId: bill.jurisdiction.id,
    session: bill.session,
    identifier: bill.identifier,
    title: bill.title.trim(),
    abstract: bill.abstracts?.[0]?.abstract.trim() || null,
    otherTitles: (bill.other_titles ?? []).map((t) => t.title.trim()).filter((t) => t !== ''),
    classification: bill.classification[0] ?? 'bill',
    subjects: bill.subject,
    chamber: bill.from_organization.classification || null,
    actions,
    sponsors,
    documents,
    votes,
    enactmentNumber: null,
    statusHints: [],
    sourceUrl: httpUrlOrNull(bill.openstates_url) ?? httpUrlOrNull(bill.sources?.[0]?.url) ?? null,
    sourceUpdatedAt: bill.updated_at,
    extras,
  };
}

/** One action in the common shape; a partial date is listed in `partialDates` (`action <order>: 2021-06`). */
export function normalizeOpenStatesAction(action: Pick<OpenStatesAction, 'organization' | 'description' | 'date' | 'classification' | 'order'>, partialDates: string[]): NormalizedAction {
  if (isPartialFuzzyDate(action.date)) partialDates.push(`action ${action.order}: ${action.date}`);
  return {
    date: dayOfFuzzyDate(action.date),
    // An empty description would fail the common schema; the classification still says what happened.
    description: action.description.trim() || action.classification.join(', ') || '(no description)',
    actor: action.organization?.name ?? null,
    actorClassification: actorClassificationOf(action.organization),
    sourceClassification: action.classification,
    passed: null,
  };
}

/** A version or document with its first usable link, or nothing when it has none (the common schema requires a URL). */
export function normalizeOpenStatesDocument(kind: 'version' | 'document', doc: OpenStatesDocument, partialDates: string[]): NormalizedDocument[] {
  const link = doc.links[0];
  const url = httpUrlOrNull(link?.url);
  // A version with no usable link has nothing to show or fetch; the common schema requires a URL.
  if (!link || !url) return [];
  if (isPartialFuzzyDate(doc.date)) partialDates.push(`${kind} ${doc.note || url}: ${doc.date}`);
  return [{ kind, note: doc.note, date: dayOfFuzzyDate(doc.date), classification: doc.classification || null, url, mediaType: link.media_type || null }];
}

/** The value when it is an absolute http(s) URL, else null. */
export function httpUrlOrNull(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}

/**
 * A roll-call vote as both Open States formats carry it (API v3 `include=votes`; the bulk
 * export's votes, vote_counts and vote_people tables).
 */
export type OpenStatesVoteParts = {
  /** `ocd-vote/<uuid>`; stable across imports. */
  id: string | null;
  motionText: string;
  motionClassification: readonly string[];
  /** Fuzzy date or timestamp (`2024-01-03T00:00:00-05:00`). */
  startDate: string;
  result: string;
  organization: OpenStatesOrganization | undefined;
  counts: readonly { option: string; value: number }[];
  voters: readonly { option: string; name: string; personId: string | null }[];
};

function votePartsOf(vote: OpenStatesVote): OpenStatesVoteParts {
  return {
    id: vote.id ?? null,
    motionText: vote.motion_text,
    motionClassification: vote.motion_classification,
    startDate: vote.start_date,
    result: vote.result,
    organization: vote.organization,
    counts: vote.counts,
    voters: vote.votes.map((v) => ({ option: v.option, name: v.voter_name, personId: v.voter?.id ?? null })),
  };
}

/**
 * An Open States vote option in our vocabulary: Open States counts yes, no, absent, abstain,
 * not voting, paired, excused and other, all kept as they are; anything unknown is `other`.
 */
export function voteOptionOf(option: string): VoteOption {
  const value = option.trim().toLowerCase();
  return (VOTE_OPTIONS as readonly string[]).includes(value) ? (value as VoteOption) : 'other';
}

/** One vote in the common shape; voters ordered by name, so a regenerated export hashes alike. */
export function normalizeOpenStatesVote(vote: OpenStatesVoteParts): NormalizedVote {
  const counts: NormalizedVote['counts'] = {};
  for (const c of vote.counts) {
    if (!Number.isInteger(c.value) || c.value < 0) continue;
    const option = voteOptionOf(c.option);
    counts[option] = (counts[option] ?? 0) + c.value;
  }
  const voters = vote.voters
    .filter((v) => v.name.trim() !== '')
    .map((v) => ({ name: v.name.trim(), option: voteOptionOf(v.option), personId: v.personId || null }))
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.option, b.option));
  const result = vote.result.trim().toLowerCase();
  return {
    date: dayOfFuzzyDate(vote.startDate),
    // An empty motion would fail the common schema; the classification still says what was voted on.
    motion: vote.motionText.trim() || vote.motionClassification.join(', ') || '(no motion text)',
    result: (VOTE_RESULTS as readonly string[]).includes(result) ? (result as VoteResult) : null,
    organization: vote.organization?.name.trim() || null,
    chamber: actorClassificationOf(vote.organization),
    counts,
    voters,
    sourceId: vote.id || null,
  };
}

/** Votes in a stable order: by date (undated last), then motion, then id. */
export function sortVotes(votes: NormalizedVote[]): NormalizedVote[] {
  const key = (v: NormalizedVote) => [v.date ?? '9999-99-99', v.motion, v.sourceId ?? ''];
  return [...votes].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return compareText(x[0]!, y[0]!) || compareText(x[1]!, y[1]!) || compareText(x[2]!, y[2]!);
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Validates one raw v3 bill, normalizes it and checks the result against the common
 * schema. Returns the normalized bill; throws InvalidRecordError naming the bill's URL.
 */
export function parseOpenStatesBill(raw: unknown): NormalizedBillInput {
  const parsed = openStatesBillSchema.safeParse(raw);
  const url = rawBillUrl(raw);
  if (!parsed.success) throw new InvalidRecordError(`not an Open States bill: ${issuesText(parsed.error.issues)}`, url);
  const normalized = normalizeOpenStatesBill(parsed.data);
  const checked = normalizedBillSchema.safeParse(normalized);
  if (!checked.success) throw new InvalidRecordError(`bill ${parsed.data.identifier} does not normalize: ${issuesText(checked.error.issues)}`, url);
  return normalized;
}

/** What `readOpenStatesFile` found: the bills that passed and every record that did not. */
export type OpenStatesFileResult = { bills: NormalizedBillInput[]; problems: OpenStatesRecordProblem[] };

/**
 * Reads a saved Open States payload for `tracker import openstates <files>`: one bill, a
 * list page `{results, pagination}`, or an array of bills (JSON text or parsed). Malformed
 * records are reported with their position and URL; the others still come through.
 * Never throws for bad content: an unreadable file is one problem at position `file`.
 */
export function readOpenStatesFile(json: unknown): OpenStatesFileResult {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      return { bills: [], problems: [{ position: 'file', url: null, message: `not JSON: ${error instanceof Error ? error.message : String(error)}` }] };
    }
  }
  let records: { position: string; raw: unknown }[];
  if (Array.isArray(value)) records = value.map((raw, i) => ({ position: `[${i}]`, raw }));
  else if (isRecord(value) && Array.isArray(value.results)) records = value.results.map((raw, i) => ({ position: `results[${i}]`, raw }));
  else if (isRecord(value) && typeof value.id === 'string') records = [{ position: 'bill', raw: value }];
  else return { bills: [], problems: [{ position: 'file', url: null, message: 'expected a bill, a list page {results, pagination} or an array of bills' }] };

  const bills: NormalizedBillInput[] = [];
  const problems: OpenStatesRecordProblem[] = [];
  for (const { position, raw } of records) {
    try {
      bills.push(parseOpenStatesBill(raw));
    } catch (error) {
      if (!(error instanceof InvalidRecordError)) throw error;
      problems.push({ position, url: error.url, message: error.message });
    }
  }
  return { bills, problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function rawBillUrl(raw: unknown): string | null {
  if (!isRecord(raw)) return null;
  if (typeof raw.openstates_url === 'string') return raw.openstates_url;
  if (Array.isArray(raw.sources) && isRecord(raw.sources[0]) && typeof raw.sources[0].url === 'string') return raw.sources[0].url;
  return typeof raw.id === 'string' ? raw.id : null;
}

function issuesText(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join('.') || '(record)'}: ${issue.message}`)
    .join('; ');
}
