import { classifierInput, MAX_CLASSIFIED_TEXT } from '../../../core/classify/classifier-input.js';
import { normalizedBillSchema } from '../../../core/bill/bill.schema.js';
import { matterToBill } from '../../../scrapers/legistar/matter-to-bill.js';

describe('classifierInput: one input for import and re-classification', () => {
  test('a Legistar matter gives MatterTitle, MatterName, indexes, attachment names and its text', () => {
    // The Oakland MACRO resolution (File 21-0193) as the Legistar Web API describes it.
    const matter = {
      MatterId: 4835421, MatterGuid: 'E42DF8B5-6DF4-4FC9-A8E4-08A4FA35F62B', MatterFile: '21-0193', MatterName: 'Mobile Assistance Community Responders Of Oakland (MACRO) Program',
      MatterTitle: 'Adopt A Resolution Directing The City Administrator To Explore And Implement Option(s) For Expediting The One-Year Pilot Phase Of The MACRO Program',
      MatterTypeName: 'City Resolution', MatterStatusName: 'Passed', MatterBodyName: 'City Council', MatterIntroDate: '2021-03-10T00:00:00', MatterAgendaDate: '2021-03-16T00:00:00',
      MatterPassedDate: '2021-03-16T00:00:00', MatterEnactmentDate: null, MatterEnactmentNumber: '88553 CMS', MatterLastModifiedUtc: '2021-03-17T18:00:00', MatterRestrictViewViaWeb: false,
    };
    const attachments = [
      { MatterAttachmentName: 'View Report', MatterAttachmentFileName: 'report.pdf', MatterAttachmentHyperlink: 'https://oakland.legistar.com/View.ashx?M=F&ID=1', MatterAttachmentShowOnInternetPage: true },
      { MatterAttachmentName: 'Mobile crisis response staffing plan', MatterAttachmentFileName: 'plan.pdf', MatterAttachmentHyperlink: 'https://oakland.legistar.com/View.ashx?M=F&ID=2', MatterAttachmentShowOnInternetPage: true },
    ];
    const bill = normalizedBillSchema.parse(matterToBill(matter as never, {
      histories: [], sponsors: [], attachments: attachments as never, indexes: [{ MatterIndexName: 'Public Safety' }] as never, text: { version: '1', plain: 'RESOLVED: That the City Administrator is directed to contract with the County for mental health specialists.' },
    }, { client: 'oakland', jurisdictionId: 'ocd-jurisdiction/country:us/state:ca/place:oakland/government', insiteUrl: 'https://oakland.legistar.com' }));
    expect(classifierInput(bill)).toEqual({
      title: matter.MatterTitle,
      otherTitles: [matter.MatterName],
      abstract: null,
      subjects: ['Public Safety'],
      documents: ['View Report', 'Mobile crisis response staffing plan'],
      text: 'RESOLVED: That the City Administrator is directed to contract with the County for mental health specialists.',
    });
  });

  test('every Open States abstract counts, one per line; other titles that repeat the title are dropped', () => {
    const input = classifierInput({
      title: 'Appropriate Use Of Chemical Restraints On A Person', otherTitles: ['Appropriate Use Of Chemical Restraints On A Person', ' Ketamine '],
      abstract: 'Concerning the appropriate use of ketamine.', extras: { abstracts: ['Concerning the appropriate use of ketamine.', 'Prohibits a peace officer from directing the use of a chemical restraint.'] },
      subjects: ['Crimes', 'Crimes', ''],
    });
    expect(input).toMatchObject({
      otherTitles: ['Ketamine'],
      abstract: 'Concerning the appropriate use of ketamine.\nProhibits a peace officer from directing the use of a chemical restraint.',
      subjects: ['Crimes'],
      documents: [],
      text: null,
    });
  });

  test('the latest stored version wins over the text the source gave; a very long text is cut', () => {
    expect(classifierInput({ title: 'T', extras: { text: 'source text' }, latestText: 'stored version' }).text).toBe('stored version');
    expect(classifierInput({ title: 'T', extras: { text: 'source text' } }).text).toBe('source text');
    expect(classifierInput({ title: 'T', latestText: 'x'.repeat(MAX_CLASSIFIED_TEXT + 10) }).text).toHaveLength(MAX_CLASSIFIED_TEXT);
  });

  test('versions are not documents: only attachments lend their names', () => {
    const input = classifierInput({ title: 'T', documents: [{ kind: 'version', note: 'Introduced' }, { kind: 'document', note: 'Fiscal note' }] });
    expect(input.documents).toEqual(['Fiscal note']);
  });
});
