import type { ClassifiableBill } from './classify-bill.js';

/**
 * What a bill offers the classifier, as a normalized record (NormalizedBill fits) or as a
 * stored bill: the title, other titles (Open States `other_titles`, Legistar `MatterName`),
 * abstracts, subjects (Open States `subject`, Legistar indexes), documents (Legistar
 * attachments and their names), extras (`abstracts`: Open States abstracts after the
 * first; `text`: the Legistar matter text) and the latest stored version's text.
 */
export type ClassifierSource = {
  title: string;
  otherTitles?: readonly string[] | null;
  abstract?: string | null;
  subjects?: readonly string[] | null;
  documents?: readonly { kind: string; note: string }[] | null;
  extras?: Readonly<Record<string, unknown>> | null;
  /** The latest version's text as stored (bill_texts), when there is one. */
  latestText?: string | null;
};

/**
 * Enough of a bill's text to find every section an omnibus act enacts, while keeping a
 * 1,000-page budget bill from costing seconds: the text is read up to this many characters.
 */
export const MAX_CLASSIFIED_TEXT = 400_000;

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Trimmed, non-empty, each once (first occurrence kept), leaving out what `skip` already holds. */
function distinct(values: Iterable<string>, skip: ReadonlySet<string> = new Set()): string[] {
  const seen = new Set(skip);
  const out: string[] = [];
  for (const raw of values) {
    const value = raw.trim();
    if (value === '' || seen.has(value)) continue;
    seen.add(value);
    out.push(value);
  }
  return out;
}

/**
 * The classifier's input for a bill, built the same way at import (from the normalized
 * record) and at re-classification (from the stored bill), so both see the same words:
 * other titles that only repeat the title are dropped, every abstract is kept (one per
 * line), attachment names are read as `documents`, and the text is the latest stored
 * version's, else the text the source gave with the record (Legistar), cut to
 * MAX_CLASSIFIED_TEXT characters. Pure.
 */
export function classifierInput(source: ClassifierSource): ClassifiableBill {
  const title = source.title.trim();
  const abstracts = distinct([...strings(source.abstract ?? null), ...strings(source.extras?.abstracts)]);
  const text = source.latestText?.trim() || strings(source.extras?.text).join('\n').trim() || null;
  return {
    title,
    otherTitles: distinct(source.otherTitles ?? [], new Set([title])),
    abstract: abstracts.length ? abstracts.join('\n') : null,
    subjects: distinct(source.subjects ?? []),
    documents: distinct((source.documents ?? []).filter((d) => d.kind === 'document').map((d) => d.note)),
    text: text && text.length > MAX_CLASSIFIED_TEXT ? text.slice(0, MAX_CLASSIFIED_TEXT) : text,
  };
}
