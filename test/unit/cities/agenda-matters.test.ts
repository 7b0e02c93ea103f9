import { agendaMatter, agendaMatterBills, compileAgendaRules, fileKey, titleKey } from '../../../scrapers/sources/agenda-matters.js';
import { DEFAULT_MATTER_PATTERN, DEFAULT_SKIP_SECTIONS } from '../../../core/sources/city-source-settings.js';
import { normalizedBillSchema } from '../../../core/bill/bill.schema.js';
import type { StoredAppearance } from '../../../db/meetings/agenda-appearances.js';

/** Which agenda lines are a city's legislation, and how a matter's lines become its record (titles from the recorded agendas). */
const rules = compileAgendaRules({ skipSections: DEFAULT_SKIP_SECTIONS, matterPattern: DEFAULT_MATTER_PATTERN });

test('ceremonies, minutes, public comment and closed session are no matters; legislation is, by number when its title has one', () => {
  expect(agendaMatter({ title: 'Women’s History Month.', sectionPath: ['PROCLAMATIONS/CEREMONIAL ITEMS'] }, rules)).toBeNull();
  expect(agendaMatter({ title: 'Approval of Council Minutes.', sectionPath: ['CONSENT ITEMS', 'APPROVAL AGENDA', 'APPROVAL OF COUNCIL MINUTES'] }, rules)).toBeNull();
  expect(agendaMatter({ title: 'Approval of City Council Meeting Minutes (MA)', sectionPath: ['CONSENT CALENDAR'] }, rules)).toBeNull();
  expect(agendaMatter({ title: 'Liability Claim (MA)', sectionPath: ['CLOSED SESSION'] }, rules)).toBeNull();
  expect(agendaMatter({ title: 'Proclamation No. 2022-04 Palm United Methodist Church 100th Anniversary (DJ)', sectionPath: ['CONSENT CALENDAR'] }, rules)).toBeNull();
  expect(agendaMatter({ title: 'Ordinance No. 2022-10 Amendments to Floodplain Management Ordinance (DY)', sectionPath: ['PUBLIC HEARING'] }, rules)).toEqual({ key: 'file:ORDINANCE NO. 2022-10', file: 'Ordinance No. 2022-10' });
  const sd = agendaMatter({ title: 'Preservation and Progress Package A.', sectionPath: ['CONSENT ITEMS', 'ADOPTION AGENDA', 'CONSENT, ORDINANCES TO BE ADOPTED:'] }, rules);
  expect(sd).toEqual({ key: titleKey('Preservation and Progress Package A.'), file: null });
});

test('a title key ignores case, punctuation and spacing, so a matter re-listed on a later agenda is the same matter', () => {
  expect(titleKey('Preservation and Progress Package A.')).toBe(titleKey('PRESERVATION AND PROGRESS  PACKAGE A'));
  expect(titleKey('Preservation and Progress Package A.')).not.toBe(titleKey('Preservation and Progress Package B.'));
  expect(fileKey(' o-2026-93 ')).toBe('file:O-2026-93');
});

test('a committee hearing, then the council, then the clerk’s enactment: one record, enacted, with three dated actions', () => {
  const line = (over: Partial<StoredAppearance>): StoredAppearance => ({
    matterKey: 'title:x', meetingExternalId: 'm', date: '2026-03-10', body: 'City Council', meetingUrl: 'https://sandiego.hylandcloud.com/211agendaonlinecouncil/Meetings/ViewMeeting?id=6892&doctype=1',
    itemExternalId: '256419', number: null, title: 'Actions Related to the East Village Green Phase 1 Project.', section: 'CONSENT, ORDINANCES TO BE INTRODUCED:', matterFile: null,
    url: null, action: null, result: null, ...over,
  });
  const lines = new Map([['title:x', [line({}), line({ meetingExternalId: 'c', date: '2026-02-25', body: 'Land Use and Housing Committee', itemExternalId: '250001', section: 'ACTION ITEMS' }), line({})]]]);
  const enactments = new Map([['title:x', { number: 'O-22072', draftNumber: 'O-2026-93', kind: 'ordinance' as const, date: '2026-03-24', title: 'Actions Related to the East Village Green Phase 1 Project.', url: 'https://docs.sandiego.gov/council_reso_ordinance/rao2026/O-22072.pdf' }]]);
  const [bill] = agendaMatterBills(lines, enactments, { source: 'onbase:san_diego', jurisdictionId: 'ocd-jurisdiction/country:us/state:ca/place:san_diego/government', councilBody: 'City Council' });
  const parsed = normalizedBillSchema.parse(bill);
  expect(parsed).toMatchObject({ externalId: 'title:x', identifier: 'O-22072', session: '2026', classification: 'ordinance', enactmentNumber: 'O-22072', statusHints: ['enacted'] });
  expect(parsed.actions.map((a) => [a.date, a.description, a.actorClassification])).toEqual([
    ['2026-02-25', 'Hearing: on the agenda of Land Use and Housing Committee (ACTION ITEMS)', 'committee'],
    ['2026-03-10', 'On the agenda of City Council (CONSENT, ORDINANCES TO BE INTRODUCED:)', 'council'],
    ['2026-03-24', 'Enacted as Ordinance O-22072 (O-2026-93)', 'council'],
  ]);
  expect(parsed.documents[0]).toMatchObject({ kind: 'version', note: 'O-22072 as adopted', mediaType: 'application/pdf' });
});
