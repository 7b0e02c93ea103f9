import { createHash } from 'node:crypto';
import type { NormalizedBillInput } from '../../core/bill/bill.schema.js';
import type { StoredAppearance } from '../../db/meetings/agenda-appearances.js';

/**
 * Matters of agenda-only councils (OnBase, NovusAGENDA, Austin): sites that publish meeting
 * agendas but no legislation database. A matter is known by the agenda lines that take it up;
 * each line becomes an "on the agenda" action dated by its meeting, and a clerk's list of
 * final actions (San Diego's O-/R- numbers) or an enactment number in the text marks it
 * enacted. Its identity is the city's file number when the title carries one, else its
 * normalized title (the way a clerk re-lists the same matter on later agendas).
 */

/** The compiled per-city rules of which agenda lines are legislation and what their numbers are. */
export type AgendaRules = { skipSections: RegExp; matterPattern: RegExp | null };

export function compileAgendaRules(settings: { skipSections: string; matterPattern: string | null }): AgendaRules {
  return { skipSections: new RegExp(settings.skipSections, 'iu'), matterPattern: settings.matterPattern ? new RegExp(settings.matterPattern, 'iu') : null };
}

/** Procedural and ceremonial lines whatever section they sit in (minutes of any body, proclamations, warrant registers). */
const PROCEDURAL_TITLE = /^(roll call|call to order|adjourn|(approval|approve|adoption|adopt) of (the )?([\w ]{0,40} )?minutes|approve (the )?([\w ]{0,40} )?minutes|minutes (of|for)\b|pledge of allegiance|invocation|proclamation|warrant register)/i;

/**
 * Whether an agenda line takes up a matter, and if so its key and file number: null for a line
 * under a skipped heading (minutes, ceremonies, public comment...) or a procedural title.
 */
export function agendaMatter(line: { title: string; sectionPath: readonly string[] }, rules: AgendaRules): { key: string; file: string | null } | null {
  if (line.sectionPath.some((heading) => rules.skipSections.test(heading))) return null;
  if (PROCEDURAL_TITLE.test(line.title.trim())) return null;
  const found = rules.matterPattern?.exec(line.title);
  const file = found ? (found.groups?.file ?? found[1] ?? found[0]).replace(/\s+/g, ' ').trim() : null;
  return file ? { key: fileKey(file), file } : { key: titleKey(line.title), file: null };
}

/** The key of a matter known by its file number. */
export function fileKey(file: string): string {
  return `file:${file.replace(/\s+/g, ' ').trim().toUpperCase()}`;
}

/** The key of a matter known only by its title: case, punctuation and spacing do not count. */
export function titleKey(title: string): string {
  const normal = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return `title:${createHash('sha256').update(normal).digest('hex').slice(0, 24)}`;
}

/** A final action of the council from a clerk's list: the enacted number, the drafting number. */
export type AgendaEnactment = {
  number: string;
  draftNumber: string | null;
  kind: 'ordinance' | 'resolution' | 'other';
  date: string;
  title: string;
  url: string | null;
};

export type AgendaMatterContext = {
  source: string;
  jurisdictionId: string;
  /** Who adopts: named on enactment actions. */
  councilBody: string;
};

/**
 * The bill record of each matter: its agenda lines (stored and this run's, from
 * listAgendaAppearances) and, when the clerk's list has it, its enactment. Lines of one meeting
 * count once. A matter with neither is left out.
 */
export function agendaMatterBills(lines: ReadonlyMap<string, readonly StoredAppearance[]>, enactments: ReadonlyMap<string, AgendaEnactment>, ctx: AgendaMatterContext): NormalizedBillInput[] {
  const keys = new Set([...lines.keys(), ...enactments.keys()]);
  const bills: NormalizedBillInput[] = [];
  for (const key of keys) {
    const seen = new Set<string>();
    const appearances = [...(lines.get(key) ?? [])]
      .sort((a, b) => a.date.localeCompare(b.date))
      .filter((line) => {
        const id = `${line.meetingExternalId}|${line.itemExternalId ?? line.title}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      });
    const enactment = enactments.get(key) ?? null;
    const first = appearances[0];
    const latest = appearances[appearances.length - 1];
    if (!first && !enactment) continue;
    const file = appearances.find((a) => a.matterFile)?.matterFile ?? null;
    const title = latest?.title ?? enactment!.title;
    const text = `${title} ${appearances.map((a) => a.section ?? '').join(' ')}`;
    const classification = enactment?.kind === 'ordinance' || /\bordinance\b/i.test(text) ? 'ordinance' : enactment?.kind === 'resolution' || /\bresolution\b/i.test(text) ? 'resolution' : 'other';
    const actions: NonNullable<NormalizedBillInput['actions']> = appearances.flatMap((line) => {
      const committee = /committee/i.test(line.body);
      const where = line.section ? ` (${line.section})` : '';
      const onAgenda = {
        date: line.date,
        // A committee's agenda is its hearing; a council's agenda puts the matter before the council.
        description: committee ? `Hearing: on the agenda of ${line.body}${where}` : `On the agenda of ${line.body}${where}`,
        actor: line.body,
        actorClassification: committee ? ('committee' as const) : ('council' as const),
      };
      if (!line.action) return [onAgenda];
      const passed = line.result ? (/^pass|^adopt|^approv/i.test(line.result) ? true : /^fail|^den/i.test(line.result) ? false : null) : null;
      return [onAgenda, { date: line.date, description: line.action, actor: line.body, actorClassification: onAgenda.actorClassification, passed }];
    });
    if (enactment) {
      const word = enactment.kind === 'other' ? 'Enacted' : `Enacted as ${enactment.kind === 'ordinance' ? 'Ordinance' : 'Resolution'}`;
      actions.push({
        date: enactment.date,
        description: `${word} ${enactment.number}${enactment.draftNumber ? ` (${enactment.draftNumber})` : ''}`,
        actor: ctx.councilBody,
        actorClassification: 'council',
      });
    }
    const documents: NonNullable<NormalizedBillInput['documents']> = [];
    if (enactment?.url) documents.push({ kind: 'version', note: `${enactment.number} as adopted`, date: enactment.date, url: enactment.url, mediaType: /\.pdf($|\?)/i.test(enactment.url) ? 'application/pdf' : null });
    for (const line of appearances) {
      const url = line.url ?? line.meetingUrl;
      if (url && !documents.some((d) => d.url === url)) documents.push({ kind: 'document', note: `Agenda item, ${line.body}, ${line.date}`, date: line.date, url });
    }
    const startDate = first?.date ?? enactment!.date;
    bills.push({
      source: ctx.source,
      externalId: key,
      jurisdictionId: ctx.jurisdictionId,
      session: startDate.slice(0, 4),
      identifier: file ?? enactment?.number ?? `Item ${first?.itemExternalId ?? first?.number ?? key.slice(-8)}`,
      title,
      otherTitles: enactment && enactment.title !== title ? [enactment.title] : [],
      classification,
      chamber: 'council',
      actions,
      documents,
      enactmentNumber: enactment?.number ?? null,
      statusHints: enactment ? ['enacted'] : [],
      sourceUrl: latest?.url ?? latest?.meetingUrl ?? enactment?.url ?? null,
      extras: { agenda: { matterKey: key, appearances: appearances.length, draftNumber: enactment?.draftNumber ?? null } },
    });
  }
  return bills;
}

/** Stored agenda lines grouped by matter key, in their order. */
export function groupAppearances(rows: readonly StoredAppearance[]): Map<string, StoredAppearance[]> {
  const out = new Map<string, StoredAppearance[]>();
  for (const row of rows) out.set(row.matterKey, [...(out.get(row.matterKey) ?? []), row]);
  return out;
}
