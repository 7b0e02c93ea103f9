import { InvalidRecordError } from '../../core/scrape-errors.js';
import { normalizedBillSchema, type NormalizedAction, type NormalizedBillInput, type NormalizedDocument, type NormalizedSponsor } from '../../core/bill/bill.schema.js';
import { type ActorClassification } from '../../core/vocabulary.js';
import {
  dayOfFuzzyDate,
  isPartialFuzzyDate,
  openStatesBillSchema,
  type OpenStatesBill,
  type OpenStatesDocument,
  type OpenStatesOrganization,
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
    .map((action) => {
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
    });

  const sponsors: NormalizedSponsor[] = (bill.sponsorships ?? [])
    .filter((s) => s.name.trim() !== '')
    .map((s) => ({ name: s.name.trim(), classification: s.classification || null, primary: s.primary, personId: s.person?.id ?? null }));

  const documents: NormalizedDocument[] = [
    ...(bill.versions ?? []).flatMap((d) => documentOf('version', d, partialDates)),
    ...(bill.documents ?? []).flatMap((d) => documentOf('document', d, partialDates)),
  ];

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
    enactmentNumber: null,
    statusHints: [],
    sourceUrl: absoluteUrl(bill.openstates_url) ?? absoluteUrl(bill.sources?.[0]?.url) ?? null,
    sourceUpdatedAt: bill.updated_at,
    extras,
  };
}

function documentOf(kind: 'version' | 'document', doc: OpenStatesDocument, partialDates: string[]): NormalizedDocument[] {
  const link = doc.links[0];
  const url = absoluteUrl(link?.url);
  // A version with no usable link has nothing to show or fetch; the common schema requires a URL.
  if (!link || !url) return [];
  if (isPartialFuzzyDate(doc.date)) partialDates.push(`${kind} ${doc.note || url}: ${doc.date}`);
  return [{ kind, note: doc.note, date: dayOfFuzzyDate(doc.date), classification: doc.classification || null, url, mediaType: link.media_type || null }];
}

function absoluteUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
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
