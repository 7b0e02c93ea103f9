import type { z } from 'zod';
import type { NormalizedBillInput, NormalizedVote, normalizedActionSchema } from '../../core/bill/bill.schema.js';
import type { ActorClassification, VoteOption } from '../../core/vocabulary.js';
import { cleanText } from '../kit/select.js';
import type { LegistarAttachment, LegistarBody, LegistarHistory, LegistarMatter, LegistarMatterIndex, LegistarSponsor } from './legistar-api.schema.js';
import { legistarLocalDate, legistarUtcInstant } from '../../core/dates.js';

/**
 * Pure mapping from Legistar Web API records to NormalizedBill input: no I/O, so it is
 * tested on the recorded responses directly.
 */

/** A council term named in the city registry; matters introduced inside it get it as session. */
export type CouncilTerm = { identifier: string; startDate: string; endDate: string };

/** Everything about the source a matter needs to become a bill. */
export type MatterContext = {
  client: string;
  jurisdictionId: string;
  /** Public InSite site (`https://phoenix.legistar.com`); null when unknown. */
  insiteUrl: string | null;
  terms?: CouncilTerm[];
  /** Who each body is; from `/bodies` (see classifyBodies). */
  bodyRoles?: Map<string, ActorClassification>;
};

export type MatterParts = {
  histories: LegistarHistory[];
  sponsors: LegistarSponsor[];
  attachments: LegistarAttachment[];
  indexes?: LegistarMatterIndex[];
  /** Latest version's text, when fetched. */
  text?: { version: string | null; plain: string } | null;
  /** Members' votes by history row (MatterHistoryId = EventItemId), from `/eventitems/{id}/votes` or its roll call. */
  votes?: Record<number, { name: string | null; value: string | null; personId: number | null; sort: number | null }[]>;
};

/**
 * Cleans a matter's history the way python-legistar-scraper does: drops rows without an action
 * name, sorts by action date (stable, undated rows last), and drops a row that repeats the one
 * before it (same action, body and date). Legistar really returns such pairs:
 * reference/legistar/chicago/dupe_event.json has "Passed" by City Council twice on 2013-05-08.
 */
export function normalizeHistories(rows: LegistarHistory[]): LegistarHistory[] {
  const named = rows.filter((r) => cleanText(r.MatterHistoryActionName ?? '') !== '');
  const sorted = [...named].sort((a, b) => compareDates(a.MatterHistoryActionDate, b.MatterHistoryActionDate));
  const out: LegistarHistory[] = [];
  for (const row of sorted) {
    const previous = out[out.length - 1];
    if (previous && historyKey(previous) === historyKey(row)) continue;
    out.push(row);
  }
  return out;
}

function historyKey(row: LegistarHistory): string {
  return [cleanText(row.MatterHistoryActionName ?? '').toLowerCase(), cleanText(row.MatterHistoryActionBodyName ?? '').toLowerCase(), legistarLocalDate(row.MatterHistoryActionDate) ?? ''].join('\u0000');
}

function compareDates(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * Who a body is: `council` for the primary legislative body, `mayor` for the mayor's office,
 * `committee` for everything else. `/bodies` names the council outright (BodyTypeName
 * "Primary Legislative Body"); without it the name decides.
 */
export function classifyBody(name: string | null, bodyTypeName: string | null = null): ActorClassification {
  const text = cleanText(name ?? '');
  if (/\bmayor\b/i.test(text) || /\bmayor\b/i.test(bodyTypeName ?? '')) return 'mayor';
  if (/primary legislative body/i.test(bodyTypeName ?? '')) return 'council';
  if (/\b(council|board of aldermen|board of supervisors)\b/i.test(text) && !/committee|subcommittee|commission/i.test(text)) return 'council';
  return 'committee';
}

/** Body name → role, from a client's `/bodies`. */
export function classifyBodies(bodies: LegistarBody[]): Map<string, ActorClassification> {
  const roles = new Map<string, ActorClassification>();
  for (const body of bodies) {
    if (body.BodyName) roles.set(cleanText(body.BodyName).toLowerCase(), classifyBody(body.BodyName, body.BodyTypeName));
  }
  return roles;
}

/**
 * `ordinance`, `resolution` or `other` from MatterTypeName. NYC's "Introduction" is a proposed
 * local law, its ordinance; Phoenix writes "Ordinance-G"/"Ordinance-S".
 */
export function classifyMatterType(typeName: string | null): 'ordinance' | 'resolution' | 'other' {
  const text = typeName ?? '';
  // Philadelphia files its ordinances as matter type "Bill" (reference/cities/philadelphia/legistar-api_phila_matters.json, 260506).
  if (/ordinance|local law|^introduction$|^bill$/i.test(text)) return 'ordinance';
  if (/resolution/i.test(text)) return 'resolution';
  return 'other';
}

/** The council term containing a date, or the date's year; `unknown` when there is no date. */
export function sessionFor(date: string | null, terms: CouncilTerm[] = []): string {
  if (!date) return 'unknown';
  const term = terms.find((t) => t.startDate <= date && date <= t.endDate);
  return term ? term.identifier : date.slice(0, 4);
}

/** The public InSite page of a matter: LegislationDetail when the GUID is known, else Gateway (which redirects there). */
export function matterPageUrl(insiteUrl: string | null, matterId: number, guid: string | null): string | null {
  if (!insiteUrl) return null;
  const root = insiteUrl.replace(/\/+$/, '');
  return guid ? `${root}/LegislationDetail.aspx?ID=${matterId}&GUID=${encodeURIComponent(guid)}` : `${root}/Gateway.aspx?M=L&ID=${matterId}`;
}

/** One history row as a normalized action; the raw action name is kept as its source classification. */
export function historyToAction(row: LegistarHistory, bodyRoles?: Map<string, ActorClassification>): z.input<typeof normalizedActionSchema> {
  const name = cleanText(row.MatterHistoryActionName ?? '');
  const text = cleanText(row.MatterHistoryActionText ?? '');
  // Chicago writes "Recommended to Pass  BY VOICE VOTE" as the text of "Recommended to Pass": say it once.
  const description = !text || text.toLowerCase() === name.toLowerCase() ? name : text.toLowerCase().startsWith(name.toLowerCase()) ? text : `${name}: ${text}`;
  const actor = row.MatterHistoryActionBodyName ? cleanText(row.MatterHistoryActionBodyName) : null;
  return {
    date: legistarLocalDate(row.MatterHistoryActionDate),
    description,
    actor,
    actorClassification: actor ? (bodyRoles?.get(actor.toLowerCase()) ?? classifyBody(actor)) : null,
    sourceClassification: [name],
    passed: row.MatterHistoryPassedFlag === null ? null : row.MatterHistoryPassedFlag === 1,
  };
}

/**
 * A Legistar vote value in our vocabulary. Clients name their values freely ("Aye", "Yea",
 * "Affirmative", Seattle's "In Favor"; "Nay", "Opposed"; "Absent", "Excused", "Abstain",
 * "Recused"): anything not recognized is `other`.
 */
export function legistarVoteOption(value: string | null): VoteOption {
  const text = cleanText(value ?? '').toLowerCase();
  if (/^(yes|yea|aye|affirmative|in favou?r|for|approve)/.test(text)) return 'yes';
  if (/^(no|nay|negative|opposed|against)\b/.test(text)) return 'no';
  if (/^not voting|^non-?voting|^did not vote/.test(text)) return 'not voting';
  if (/absent/.test(text)) return 'absent';
  if (/excused/.test(text)) return 'excused';
  if (/abstain|recus|conflict/.test(text)) return 'abstain';
  return 'other';
}

/** `8:0`, `8-0`: the yes and no of a history row's tally, when it says so. */
function tallyCounts(tally: string | null): NormalizedVote['counts'] | null {
  const match = /^\s*(\d+)\s*[:-]\s*(\d+)\s*$/.exec(tally ?? '');
  return match ? { yes: Number(match[1]), no: Number(match[2]) } : null;
}

/**
 * The roll-call votes of a matter: one per history row that recorded an outcome and either its
 * members' votes or a tally. Counts come from the members when given, else from the tally.
 */
export function historyVotes(rows: LegistarHistory[], votes: MatterParts['votes'], bodyRoles?: Map<string, ActorClassification>): NormalizedVote[] {
  const out: NormalizedVote[] = [];
  for (const row of rows) {
    if (row.MatterHistoryPassedFlag === null) continue;
    const members = [...(votes?.[row.MatterHistoryId] ?? [])]
      .sort((a, b) => (a.sort ?? Number.MAX_SAFE_INTEGER) - (b.sort ?? Number.MAX_SAFE_INTEGER))
      .filter((m) => cleanText(m.name ?? '') !== '')
      .map((m) => ({ name: cleanText(m.name ?? ''), option: legistarVoteOption(m.value), personId: m.personId === null ? null : String(m.personId) }));
    const counts: NormalizedVote['counts'] = {};
    for (const m of members) counts[m.option] = (counts[m.option] ?? 0) + 1;
    const tally = members.length ? null : tallyCounts(row.MatterHistoryTally);
    if (!members.length && !tally) continue;
    const action = historyToAction(row, bodyRoles);
    out.push({
      date: action.date ?? null,
      motion: action.description,
      result: row.MatterHistoryPassedFlag === 1 ? 'pass' : 'fail',
      organization: action.actor ?? null,
      chamber: action.actorClassification ?? null,
      counts: tally ?? counts,
      voters: members,
      sourceId: String(row.MatterHistoryId),
    });
  }
  return out;
}

/**
 * Sponsors of the latest version only (Legistar lists each version's sponsors), in
 * MatterSponsorSequence order; the first is the primary sponsor.
 */
export function latestSponsors(rows: LegistarSponsor[]): LegistarSponsor[] {
  const named = rows.filter((r) => cleanText(r.MatterSponsorName ?? '') !== '');
  const latest = named.reduce<string | null>((max, r) => (max === null || versionNumber(r.MatterSponsorMatterVersion) > versionNumber(max) ? r.MatterSponsorMatterVersion : max), null);
  return named
    .filter((r) => r.MatterSponsorMatterVersion === latest)
    .sort((a, b) => (a.MatterSponsorSequence ?? Number.MAX_SAFE_INTEGER) - (b.MatterSponsorSequence ?? Number.MAX_SAFE_INTEGER));
}

function versionNumber(version: string | null): number {
  const n = Number.parseFloat(version ?? '');
  return Number.isFinite(n) ? n : -1;
}

const MEDIA_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  htm: 'text/html',
  html: 'text/html',
  txt: 'text/plain',
};

/** The media type a file name's extension implies; null when unknown. */
export function mediaTypeOf(fileName: string | null): string | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  return ext ? (MEDIA_TYPES[ext] ?? null) : null;
}

/** Public attachments with a usable link, once each (Legistar repeats them; python-legistar de-dups by link). */
export function attachmentDocuments(rows: LegistarAttachment[]): NonNullable<NormalizedBillInput['documents']> {
  const seen = new Set<string>();
  const out: NonNullable<NormalizedBillInput['documents']> = [];
  for (const row of rows) {
    const url = row.MatterAttachmentHyperlink?.trim();
    if (!url || !row.MatterAttachmentShowOnInternetPage || seen.has(url) || !URL.canParse(url)) continue;
    seen.add(url);
    out.push({
      kind: 'document',
      note: cleanText(row.MatterAttachmentName ?? row.MatterAttachmentFileName ?? ''),
      date: null,
      classification: null,
      url,
      mediaType: mediaTypeOf(row.MatterAttachmentFileName ?? url),
    });
  }
  return out;
}

/**
 * A matter and its parts as NormalizedBill input: `source` `legistar:<client>`, external id
 * the MatterId, identifier the MatterFile, session the council term or year of introduction,
 * actions from the cleaned history, the status name as a hint. Validation is the pipeline's.
 */
export function matterToBill(matter: LegistarMatter, parts: MatterParts, context: MatterContext): NormalizedBillInput {
  const introDate = legistarLocalDate(matter.MatterIntroDate);
  const sessionDate = introDate ?? legistarLocalDate(matter.MatterAgendaDate) ?? legistarLocalDate(matter.MatterPassedDate) ?? legistarLocalDate(matter.MatterLastModifiedUtc);
  const title = cleanText(matter.MatterTitle ?? '') || cleanText(matter.MatterName ?? '') || cleanText(matter.MatterFile ?? '');
  const sourceUrl = matterPageUrl(context.insiteUrl, matter.MatterId, matter.MatterGuid);
  const sponsors = latestSponsors(parts.sponsors).map((s, i) => ({
    name: cleanText(s.MatterSponsorName ?? ''),
    classification: i === 0 ? 'primary' : 'cosponsor',
    primary: i === 0,
    personId: s.MatterSponsorNameId === null ? null : String(s.MatterSponsorNameId),
  }));
  const documents = attachmentDocuments(parts.attachments);
  if (parts.text && sourceUrl && matter.MatterGuid) {
    // The API text has no public URL of its own; InSite renders it with FullText=1.
    documents.unshift({ kind: 'version', note: parts.text.version ? `Version ${parts.text.version}` : 'Text', date: null, classification: null, url: `${sourceUrl}&FullText=1`, mediaType: 'text/html' });
  }
  const subjects = [...new Set((parts.indexes ?? []).map((i) => cleanText(i.MatterIndexName ?? '')).filter((s) => s !== ''))];
  const name = cleanText(matter.MatterName ?? '');
  return {
    source: `legistar:${context.client}`,
    externalId: String(matter.MatterId),
    jurisdictionId: context.jurisdictionId,
    session: sessionFor(sessionDate, context.terms),
    identifier: cleanText(matter.MatterFile ?? '') || name || String(matter.MatterId),
    title,
    otherTitles: name && name !== title ? [name] : [],
    classification: classifyMatterType(matter.MatterTypeName),
    subjects,
    chamber: 'council',
    actions: normalizeHistories(parts.histories).map((row) => historyToAction(row, context.bodyRoles)),
    votes: historyVotes(normalizeHistories(parts.histories), parts.votes, context.bodyRoles),
    sponsors,
    documents,
    enactmentNumber: cleanText(matter.MatterEnactmentNumber ?? '') || null,
    statusHints: matter.MatterStatusName ? [cleanText(matter.MatterStatusName)] : [],
    sourceUrl,
    sourceUpdatedAt: legistarUtcInstant(matter.MatterLastModifiedUtc),
    extras: {
      legistar: {
        matterGuid: matter.MatterGuid,
        matterTypeName: matter.MatterTypeName,
        matterBodyName: matter.MatterBodyName,
        introDate,
        agendaDate: legistarLocalDate(matter.MatterAgendaDate),
        passedDate: legistarLocalDate(matter.MatterPassedDate),
        enactmentDate: legistarLocalDate(matter.MatterEnactmentDate),
      },
      ...(parts.text ? { text: parts.text.plain } : {}),
    },
  };
}
