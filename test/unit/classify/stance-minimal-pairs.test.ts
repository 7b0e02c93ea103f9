import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/reference.js';
import { classifyBill, type ClassifiableBill, type PolicyMatch } from '../../../core/classify/classify-bill.js';
import { parsePolicies } from '../../../core/classify/policy.schema.js';

/*
 * One test per failure class of issue 16, each on minimal pairs: the same title with only the
 * verb changed ("prohibits" / "restricts" / "authorizes"), so a pass shows the class is fixed
 * and not one title. Stance values and strength follow /work/shared/POLICIES.md: a ban
 * supports in full, a restriction supports partially, widening or preempting opposes.
 */
const policies = parsePolicies(JSON.parse(readFileSync(path.join(repoRoot, 'db', 'seed', 'policies.json'), 'utf8')));
const bill = (title: string, more: Partial<ClassifiableBill> = {}): ClassifiableBill => ({ title, otherTitles: [], abstract: null, subjects: [], ...more });
const summary = (matches: PolicyMatch[]) => matches.map((m) => `${m.policyId}:${m.stance}${m.strength ? `/${m.strength}` : ''}`).sort();
const classify = (title: string, more?: Partial<ClassifiableBill>) => summary(classifyBill(bill(title, more), policies));

describe('restrictions support with strength partial; an outright ban supports in full', () => {
  test.each([
    ['Search warrants; no-knock warrants prohibited.', 'no-knock:supports/full'],
    ['Search warrants; no-knock warrants restricted.', 'no-knock:supports/partial'],
    ['Search warrants; no-knock warrants prohibited, exceptions.', 'no-knock:supports/partial'],
    ['Search warrants; no-knock warrants only with a judge\'s finding.', 'no-knock:supports/partial'],
    ['Search warrants; no-knock warrants authorized only for violent felonies.', 'no-knock:supports/partial'],
    ['Search warrants; no-knock warrants executed only in daytime.', 'no-knock:supports/partial'],
    ['Search warrants; no-knock warrants authorized.', 'no-knock:opposes'],
    ['Ketamine; prohibits use of ketamine as a chemical restraint.', 'chemical-restraint:supports/full'],
    ['Ketamine; restricts use of ketamine as a chemical restraint.', 'chemical-restraint:supports/partial'],
    ['Ketamine; authorizes use of ketamine as a chemical restraint.', 'chemical-restraint:opposes'],
    ['Cash bail; abolishes cash bail.', 'bail-funds:supports/full'],
    ['Cash bail; limits cash bail for misdemeanors.', 'bail-funds:supports/partial'],
    ['School resource officers; removes school resource officers from public schools.', 'police-free-schools:supports/full'],
    ['School resource officers; limits the duties of school resource officers.', 'police-free-schools:supports/partial'],
  ])('%s', (title, expected) => {
    expect(classify(title)).toEqual([expected]);
  });

  test('an exception written in another sentence does not weaken the ban (Breonna\'s Law)', () => {
    const text = 'No Louisville Metro Police Department (LMPD) police officer shall seek, execute, or participate in the execution of a no-knock warrant. Before entering the premises, the executing officer shall, absent exigent circumstances, wait a minimum of 15 seconds.';
    expect(classify('An ordinance relating to search warrants', { text })).toEqual(['no-knock:supports/full']);
  });

  test('a warrant "authorizing entry without notice" names the warrant, it authorizes nothing', () => {
    expect(classify('AN ACT relating to warrants authorizing entry without notice.', { abstract: 'Create procedures and requirements for issuance of warrants authorizing entry without notice.' }))
      .toEqual(['no-knock:supports/partial']);
  });
});

describe('hostile bills oppose their policy', () => {
  test.each([
    ['Charitable bail organizations; regulates charitable bail organizations.', 'bail-funds:opposes'],
    ['Bail; caps the amount a charitable bail organization may pay at $2,000.', 'bail-funds:opposes'],
    ['Bail; criminalizes paying bail for more than three people a year by charitable bail funds.', 'bail-funds:opposes'],
    ['Bail; requires cash bail for certain offenses.', 'bail-funds:opposes'],
    ['Bail; limits unsecured judicial releases.', 'bail-funds:opposes'],
    ['School boards; requires a school resource officer in every public school.', 'police-free-schools:opposes'],
    ['School boards; authorizes the employment of retired law enforcement officers as school resource officers.', 'police-free-schools:opposes'],
    ['Search warrants; prohibits localities from banning no-knock warrants.', 'no-knock:opposes'],
    ['Forcible entry; provides an exception to the requirement that an officer knock and announce before entry under a warrant.', 'no-knock:opposes'],
    ['Mobile crisis teams; participation is optional for localities.', 'crisis-response:opposes'],
    ['Law-enforcement officers; decertification records sealed.', 'decertification:opposes'],
    ['Earned sentence credits; exemptions for firearm offenses.', 'second-chance:opposes'],
  ])('%s', (title, expected) => {
    expect(classify(title)).toEqual([expected]);
  });

  test('"allows a charitable organization to pay bail if it is certified" regulates bail funds (Indiana HEA 1300)', () => {
    const abstract = 'Defines "charitable bail organization" and allows a charitable organization to pay bail on behalf of specified defendants if the organization meets certain criteria and is certified by the commissioner of the department of insurance.';
    expect(classify('Bail.', { abstract })).toEqual(['bail-funds:opposes']);
  });

  test('the same words protecting bail funds support the policy', () => {
    expect(classify('Bail; protects charitable bail organizations from regulation as bail agents.')).toEqual(['bail-funds:supports/partial']);
  });
});

describe('omnibus acts get every policy they enact, each with its own stance', () => {
  test('a long title with four sections', () => {
    const title = 'Law enforcement; revocation of certification of law-enforcement officers for serious misconduct; no-knock warrants restricted; funds mobile crisis teams; requires a school resource officer in each public school.';
    expect(classify(title)).toEqual([
      'crisis-response:supports/partial', 'decertification:supports/partial', 'no-knock:supports/partial', 'police-free-schools:opposes',
    ]);
  });

  test('cues stay inside their sentence: a ban in one sentence does not decide the next', () => {
    const abstract = 'Prohibits no-knock warrants. Authorizes school boards to employ school resource officers.';
    expect(classify('Public safety; various changes.', { abstract })).toEqual(['no-knock:supports/full', 'police-free-schools:opposes']);
  });

  test('a section found only in the latest text still counts, as text', () => {
    const text = 'Section 12. The 988 crisis line fund is established to pay for mobile crisis teams.';
    expect(classify('An act relating to state government; making appropriations.', { text })).toEqual(['crisis-response:supports/partial']);
  });

  test('an exclusion in one section does not sink another section (a pension section beside decertification)', () => {
    const text = 'Section 1. The board shall revoke the certification of a law enforcement officer who is convicted of a crime of violence.\nSection 40. The retirement allowance of a member of the pension system is increased.';
    expect(classify('An act relating to public safety.', { text })).toEqual(['decertification:supports/partial']);
  });
});

describe('decertification worded the way statutes word it', () => {
  test.each([
    'Peace officer standards and training council; revocation of certification.',
    'Certification of law enforcement officers; revocation for excessive force.',
    'Law enforcement officers; licensure by the Police Training Commission; suspension and revocation of a license.',
    'Police Standards and Training Council; reporting of law enforcement misconduct.',
    'Peace officers: certification: revocation for serious misconduct.',
  ])('%s', (title) => {
    expect(classify(title)).toEqual(['decertification:supports/partial']);
  });

  test.each([
    'Automated license plate readers; use by law enforcement officers.',
    'Licenses to carry; immunity for law enforcement officers issuing certain firearms licenses.',
    'Capital appropriations; police standards and training council facility improvements.',
    'Police retirement system; certification of creditable service of police officers.',
  ])('not about it: %s', (title) => {
    expect(classify(title)).toEqual([]);
  });
});

describe('crisis response worded as behavioral health, mobile crisis, co-responder, 988, alternative response', () => {
  test.each([
    'Behavioral health crisis response; establishes statewide system.',
    'Mobile crisis; funds mobile crisis teams in each county.',
    'Co-responder programs; creates grant program for law enforcement and mental health co-responder teams.',
    '988 suicide and crisis lifeline; imposes a surcharge to fund crisis call centers.',
    'Alternative response; creates a pilot program for alternative response to 911 calls involving behavioral health.',
    'Public safety; requires the 911 system to refer calls to mental health crisis teams as primary responders.',
  ])('%s', (title) => {
    expect(classify(title)).toEqual(['crisis-response:supports/partial']);
  });

  test.each([
    'Child protective services; alternative response to reports of child abuse or neglect.',
    'Highway Corporation Act of 1988; quarterly reports.',
    'Health insurance; coverage for behavioral health services.',
    'Crisis pregnancy centers; grants.',
    'Mental Health First Aid training for school staff.',
  ])('not about it: %s', (title) => {
    expect(classify(title)).toEqual([]);
  });
});

describe('distractors: the words without the thing', () => {
  test.each([
    'Residential tenancies; forcible entry and detainer; eviction procedures.',
    'Right-to-know law; sealing records in nonpublic session.',
    'Public employees; payment for an employee\'s unused earned time.',
    'Bail out of financial institutions; deposit insurance.',
    'Domestic violence intervention programs; certification of providers.',
    'Restraints on juveniles; use in court prohibited, exceptions.',
  ])('%s', (title) => {
    expect(classify(title)).toEqual([]);
  });
});
