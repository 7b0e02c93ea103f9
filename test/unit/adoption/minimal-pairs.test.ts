import { loadModelPolicies } from '../../../db/seed/model-policies.js';
import { scoreText } from '../../../core/adoption/text-score.js';
import type { Outcome, ProvisionResult } from '../../../core/adoption/adoption-types.js';
import { normalizeBillText } from '../../../core/texts/bill-text-normalize.js';

/**
 * Minimal pairs: two texts that differ in one thing a statute can do to a provision, and
 * the outcome each must get. Written in the wordings real codes and acts use (quoted
 * sources are named), so a model or scorer edit that breaks a class of wording fails here.
 */
const models = loadModelPolicies();

function judge(policy: string, provisionId: string, text: string, options: { bracketDeletions?: boolean } = {}): ProvisionResult {
  const model = models.find((m) => m.policyId === policy);
  if (!model) throw new Error(`no model ${policy}`);
  const norm = normalizeBillText(text, options);
  const p = scoreText(norm, model).provisions.find((x) => x.provisionId === provisionId);
  if (!p) throw new Error(`no provision ${provisionId}`);
  for (const ev of p.evidence) expect(norm.text.slice(ev.start, ev.end)).toBe(ev.excerpt);
  return p;
}

type Pair = { name: string; policy: string; provision: string; a: [string, Outcome]; b: [string, Outcome]; reason?: RegExp; brackets?: boolean };

const PAIRS: Pair[] = [
  // adopted ↔ weaker (each with its named reason)
  {
    name: 'a one-sentence ban, worded as a court-side ban, vs. the same ban with "Except as provided" (Texas H.B. 492 draft)', policy: 'no-knock', provision: 'NK-1',
    a: ['A magistrate may not issue a warrant under this chapter that authorizes a no-knock entry.', 'adopted'],
    b: ['Except as provided by Subsection (c), a magistrate may not issue a warrant under this chapter that authorizes a no-knock entry.', 'weaker'],
    reason: /^exception: /,
  },
  {
    name: 'a ban in the passive vs. a ban plus an allowance in another sentence', policy: 'no-knock', provision: 'NK-1',
    a: ['No-knock warrants are prohibited in this state. Officers shall knock and announce before entry.', 'adopted'],
    b: ['No-knock warrants are prohibited in this state. A district judge may issue a no-knock warrant only if the affidavit shows an imminent threat of death.', 'weaker'],
    reason: /^exception: the ban is stated .* but elsewhere/,
  },
  {
    name: 'a ban for every case vs. a ban only in drug cases (narrower scope)', policy: 'no-knock', provision: 'NK-1',
    a: ['A law enforcement officer may not seek a no-knock search warrant.', 'adopted'],
    b: ['A law enforcement officer may not seek a no-knock search warrant for the search of a residence for controlled substances.', 'weaker'],
    reason: /^narrower scope: /,
  },
  {
    name: 'a wait of fifteen seconds vs. ten (a shorter limit)', policy: 'no-knock', provision: 'NK-4',
    a: ['After knocking and announcing, the officer shall wait a minimum of fifteen (15) seconds before entering.', 'adopted'],
    b: ['After knocking and announcing, the officer shall wait a minimum of ten (10) seconds before entering.', 'weaker'],
    reason: /^limit: .*wait 10 seconds < model 15 seconds/,
  },
  {
    name: 'a county "shall" vs. "may" establish mobile crisis teams (permissive)', policy: 'crisis-response', provision: 'CRI-2',
    a: ['Each county shall establish a mobile crisis team staffed by behavioral health professionals.', 'adopted'],
    b: ['Each county may establish a mobile crisis team staffed by behavioral health professionals.', 'weaker'],
    reason: /^permissive: /,
  },
  {
    name: 'automatic sealing vs. sealing on petition', policy: 'second-chance', provision: 'CS-1',
    a: ['The court shall automatically seal the record of a conviction for a misdemeanor seven years after the sentence is completed.', 'adopted'],
    b: ['A person may file a petition to seal the record of a conviction for a misdemeanor seven years after the sentence is completed.', 'weaker'],
  },
  {
    name: 'a special fund vs. one "subject to appropriation" (limit)', policy: 'violence-prevention', provision: 'VP-2',
    a: ['There is established as a special fund the Community Violence Intervention Fund, which shall not revert to the general fund.', 'adopted'],
    b: ['There is established as a special fund the Community Violence Intervention Fund, subject to appropriation.', 'weaker'],
    reason: /^exception: .*subject to appropriation|^limit: /,
  },
  // adopted ↔ mentioned: duties in so many words vs. the same words without a duty
  {
    name: 'a crisis duty in so many words vs. a study of it', policy: 'crisis-response', provision: 'CRI-2',
    a: ['The department shall dispatch a mobile crisis team to each behavioral health crisis call.', 'adopted'],
    b: ['The department shall study the feasibility of dispatching a mobile crisis team to behavioral health crisis calls.', 'mentioned'],
  },
  {
    name: 'a chemical-restraint ban vs. a finding about ketamine', policy: 'chemical-restraint', provision: 'CR-2',
    a: ['Be it enacted: Section 1. Emergency medical service providers shall not administer ketamine to a person in the custody of a peace officer for the purpose of sedating the person.', 'adopted'],
    b: ['WHEREAS, ketamine has been administered to persons in the custody of peace officers for the purpose of sedating them; NOW, THEREFORE, BE IT ENACTED: Section 1. The department shall report on emergency medical services.', 'mentioned'],
  },
  {
    name: 'a ban in the operative text vs. the same words in the findings section', policy: 'no-knock', provision: 'NK-1',
    a: ['Be it enacted by the General Assembly: Section 1. No law enforcement officer shall seek or execute a no-knock warrant.', 'adopted'],
    b: ['Be it enacted by the General Assembly: Section 1. Findings. The General Assembly finds that no law enforcement officer should seek or execute a no-knock warrant. Section 2. The board shall adopt rules.', 'mentioned'],
  },
  {
    name: 'a definition of a mobile crisis team vs. a duty to set one up', policy: 'crisis-response', provision: 'CRI-2',
    a: ['A county shall create a mobile crisis response team.', 'adopted'],
    b: ['"Mobile crisis response team" means a team of behavioral health professionals.', 'mentioned'],
  },
  {
    name: 'list items take their verb from the lead-in', policy: 'chemical-restraint', provision: 'CR-6',
    a: ['Before administering ketamine, emergency medical service personnel shall:\n(1) weigh the individual;\n(2) monitor the individual\'s vital signs.', 'adopted'],
    b: ['Emergency medical service personnel administering ketamine:\n(1) weigh the individual;\n(2) monitor the individual\'s vital signs.', 'mentioned'],
  },
  // adopted ↔ absent
  {
    name: 'a decertification ground in licence wording vs. none', policy: 'decertification', provision: 'DC-2',
    a: ['The board may suspend or revoke the license of a peace officer who has used excessive force or been untruthful in an investigation.', 'adopted'],
    b: ['The board may set the fees for the license of a peace officer.', 'absent'],
  },
  {
    name: 'mandatory revocation on a felony vs. none', policy: 'decertification', provision: 'DC-4',
    a: ['The commission shall revoke the certification of an officer who is convicted of a felony.', 'adopted'],
    b: ['The commission shall keep a record of each officer who is convicted of a felony.', 'absent'],
  },
  {
    name: 'ending an SRO contract vs. a school calendar', policy: 'police-free-schools', provision: 'SCH-1',
    a: ['The Board of Education hereby terminates its contract with the city police department for school resource officers.', 'adopted'],
    b: ['The Board of Education hereby adopts the school calendar for the 2021-2022 school year.', 'absent'],
  },
  {
    name: 'hospital-based violence intervention vs. hospital parking', policy: 'violence-prevention', provision: 'VP-5',
    a: ['The department shall establish a hospital-based violence intervention program in each trauma center.', 'adopted'],
    b: ['The department shall establish parking rules for each trauma center.', 'absent'],
  },
  {
    name: 'charitable bail organizations allowed vs. nothing on bail', policy: 'bail-funds', provision: 'BAIL-1',
    a: ['A charitable bail organization that holds a certificate issued by the superintendent may deposit money as bail.', 'adopted'],
    b: ['The superintendent may issue a certificate to an insurance agent.', 'absent'],
  },
  // adopted ↔ repealed
  {
    name: 'a ban in force vs. the same ban struck (LBDC brackets)', policy: 'no-knock', provision: 'NK-1', brackets: true,
    a: ['Be it enacted as follows: 1. No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant.', 'adopted'],
    b: ['Be it enacted as follows: 1. [No law-enforcement officer shall seek, execute, or participate in the execution of a no-knock search warrant.] Warrants may be executed at any time.', 'repealed'],
  },
  {
    name: 'a ban in force vs. "is repealed" of the section that held it', policy: 'no-knock', provision: 'NK-1',
    a: ['Sec. 4. Section 39.11, which prohibits no-knock warrants, is hereby amended by adding a subsection (c).', 'adopted'],
    b: ['Sec. 4. Section 39.11, which prohibits no-knock warrants, is hereby repealed.', 'repealed'],
  },
  {
    name: 'automatic sealing kept vs. the section that holds it repealed (NY S 8335 wording)', policy: 'second-chance', provision: 'CS-1',
    a: ['AN ACT in relation to the automatic sealing of certain convictions. THE PEOPLE OF THE STATE OF NEW YORK DO ENACT AS FOLLOWS: Section 1. Convictions shall be automatically sealed after eight years.', 'adopted'],
    b: ['AN ACT in relation to the automatic sealing of certain convictions; and to repeal section 160.57 of the criminal procedure law. THE PEOPLE OF THE STATE OF NEW YORK DO ENACT AS FOLLOWS: Section 1. Section 160.57 of the criminal procedure law is REPEALED.', 'repealed'],
  },
  // adopted ↔ contradicted
  {
    name: 'a ban vs. a preemption of local bans', policy: 'no-knock', provision: 'NK-1',
    a: ['A municipality may adopt an ordinance. No peace officer shall execute a no-knock warrant.', 'adopted'],
    b: ['A political subdivision may not adopt or enforce an ordinance that prohibits the use of no-knock warrants.', 'contradicted'],
  },
  {
    name: 'ending SROs vs. assigning one to every campus', policy: 'police-free-schools', provision: 'SCH-1',
    a: ['The district shall discontinue the school resource officer program at each campus.', 'adopted'],
    b: ['The district shall assign a school resource officer to each campus.', 'contradicted'],
  },
  {
    name: 'knock and announce required vs. not required', policy: 'no-knock', provision: 'NK-3',
    a: ['An officer executing a search warrant shall knock and announce the officer\'s authority and purpose.', 'adopted'],
    b: ['An officer executing a search warrant shall not be required to knock and announce.', 'contradicted'],
  },
];

describe('minimal pairs: one change in wording, one change in outcome', () => {
  test.each(PAIRS)('$name', ({ policy, provision, a, b, reason, brackets }) => {
    const first = judge(policy, provision, a[0], { bracketDeletions: brackets });
    const second = judge(policy, provision, b[0], { bracketDeletions: brackets });
    expect({ text: a[0], outcome: first.outcome }).toEqual({ text: a[0], outcome: a[1] });
    expect({ text: b[0], outcome: second.outcome }).toEqual({ text: b[0], outcome: b[1] });
    if (b[1] === 'weaker') {
      // "weaker" only with a named reason, shown to the reader.
      expect(second.weakerBecause).toBeDefined();
      expect(second.reason).toMatch(/^(?:exception|limit|narrower scope|permissive): /);
      if (reason) expect(second.reason).toMatch(reason);
    }
    if (b[1] !== 'absent') expect(second.evidence.length).toBeGreaterThan(0);
  });

  test('every outcome is covered by the pairs', () => {
    const seen = new Set(PAIRS.flatMap((p) => [p.a[1], p.b[1]]));
    expect([...seen].sort()).toEqual(['absent', 'adopted', 'contradicted', 'mentioned', 'repealed', 'weaker']);
  });

  test('a threat is there or not: a bill going the other way scores no threat', () => {
    const threat = judge('police-free-schools', 'SCH-T1', 'The district shall assign a school resource officer to each campus.');
    const none = judge('police-free-schools', 'SCH-T1', 'No school district may station a school resource officer on a campus.');
    expect(threat.outcome).toBe('adopted');
    expect(none.outcome).toBe('absent');
  });
});
