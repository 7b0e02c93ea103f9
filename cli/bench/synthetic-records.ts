import type { NormalizedBillInput } from '../../core/bill/bill.schema.js';

/**
 * Bill records as a source adapter yields them, for the import benchmarks: varied titles
 * (about half of them on a tracked policy, as a police-reform search of a state's bills
 * would give), eight dated actions, two sponsors and a text version each, over ten states.
 */

const STATES = ['va', 'ky', 'co', 'ca', 'tx', 'ny', 'nc', 'mn', 'il', 'wa'];

const TITLES = [
  'Search warrants; no-knock warrants prohibited',
  'Law-enforcement officers; decertification for serious misconduct',
  'Marcus alert system; mobile crisis teams and 988 call centers',
  'Highway maintenance; bridge inspections',
  'Record sealing; automatic sealing of certain convictions',
  'School resource officers; memoranda of understanding',
  'Income tax; credit for child care expenses',
  'Public procurement; small business set-asides',
];

const STEPS = [
  { description: 'Prefiled and ordered printed', sourceClassification: ['introduction'] },
  { description: 'Referred to Committee for Courts of Justice', sourceClassification: ['referral-committee'] },
  { description: 'Assigned Courts sub: Criminal', sourceClassification: [] },
  { description: 'Subcommittee recommends reporting', sourceClassification: [] },
  { description: 'Reported from Courts of Justice (12-Y 8-N)', sourceClassification: ['committee-passage'] },
  { description: 'Read first time', sourceClassification: ['reading-1'] },
  { description: 'Read second time and engrossed', sourceClassification: ['reading-2'] },
  { description: 'Read third time and passed House (55-Y 44-N)', sourceClassification: ['passage'] },
];

/** `count` records numbered from `from` (so two calls give distinct bills). */
export function syntheticRecords(count: number, from = 1, source = 'bench'): NormalizedBillInput[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const state = STATES[i % STATES.length];
    const steps = STEPS.slice(0, 2 + (i % (STEPS.length - 1)));
    return {
      source,
      externalId: `${source}-${i}`,
      jurisdictionId: `ocd-jurisdiction/country:us/state:${state}/government`,
      session: '2025',
      identifier: `HB ${i}`,
      title: `${TITLES[i % TITLES.length]} (${i})`,
      abstract: i % 3 === 0 ? `Provides that ${TITLES[(i + 3) % TITLES.length].toLowerCase()}; effective July 1.` : null,
      chamber: 'lower',
      subjects: i % 2 ? ['Crimes and Offenses'] : [],
      actions: [
        ...steps.map((s, n) => ({
          date: `2025-0${1 + (n % 3)}-${String(10 + n).padStart(2, '0')}`,
          description: s.description,
          actor: 'House',
          actorClassification: 'lower' as const,
          sourceClassification: s.sourceClassification,
        })),
        ...Array.from({ length: 8 - steps.length }, (_, n) => ({
          date: `2025-03-${String(10 + n).padStart(2, '0')}`,
          description: `Committee on Appropriations hearing ${n + 1}`,
          actor: 'House',
          actorClassification: 'lower' as const,
          sourceClassification: [],
        })),
      ],
      sponsors: [
        { name: `Delegate ${String.fromCharCode(65 + (i % 26))}${i % 97}`, classification: 'primary', primary: true },
        { name: `Delegate ${String.fromCharCode(65 + ((i + 7) % 26))}${(i + 13) % 97}`, classification: 'cosponsor' },
      ],
      documents: [{ kind: 'version' as const, note: 'Introduced', date: '2025-01-10', url: `https://example.org/${state}/2025/HB${i}/introduced.pdf`, mediaType: 'application/pdf' }],
      sourceUrl: `https://example.org/${state}/2025/HB${i}`,
      extras: { lisBillId: `HB${i}`, flags: { emergency: i % 11 === 0 } },
    };
  });
}
