import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './reference.js';
import type { SessionFact } from '../../core/sessions/session-end.js';
import type { FakeJurisdiction } from './openstates-server.js';

/**
 * The recorded `GET /jurisdictions?include=legislative_sessions` response (DC, MS, NC, TX and VA,
 * 2026-10-09), trimmed: test/fixtures/sessions/README.md says where it comes from.
 */
export type RecordedSession = { identifier: string; name: string; classification: string; start_date: string; end_date: string; downloads: unknown[] };
export type RecordedJurisdiction = { id: string; name: string; latest_bill_update: string; legislative_sessions: RecordedSession[] };

export function readRecordedJurisdictions(): RecordedJurisdiction[] {
  const file = path.join(repoRoot, 'test', 'fixtures', 'sessions', 'jurisdictions-sessions-2026-10.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { results: RecordedJurisdiction[] }).results;
}

/** One recorded jurisdiction by its two-letter code. */
export function recordedJurisdiction(code: string): RecordedJurisdiction {
  const found = readRecordedJurisdictions().find((j) => j.id.includes(`:${code.toLowerCase()}/government`));
  if (!found) throw new Error(`no recorded jurisdiction ${code}`);
  return found;
}

/** Its sessions as the status model reads them ("" dates as null, as the pipeline stores them). */
export function recordedSessionFacts(code: string): SessionFact[] {
  return recordedJurisdiction(code).legislative_sessions.map((s) => ({
    identifier: s.identifier,
    name: s.name,
    classification: s.classification || null,
    startDate: s.start_date || null,
    endDate: s.end_date || null,
  }));
}

/** A jurisdiction for the loopback Open States server, with its recorded sessions as served. */
export function recordedFakeJurisdiction(code: string, edit: (sessions: RecordedSession[]) => RecordedSession[] = (s) => s): FakeJurisdiction {
  const j = recordedJurisdiction(code);
  return {
    id: j.id,
    name: j.name,
    abbreviation: code.toLowerCase(),
    latest_bill_update: j.latest_bill_update,
    legislative_sessions: edit(j.legislative_sessions.map((s) => ({ ...s }))) as unknown as FakeJurisdiction['legislative_sessions'],
  };
}
