import { parseCommandArgs, type Command } from '../command.js';
import { getRuntime, withDatabase } from '../runtime.js';
import { seedDatabase } from '../../db/seed/run-seed.js';
import { loadModelPolicies } from '../../db/seed/model-policies.js';
import { scoreCuratedLawTexts } from '../../scrapers/pipeline/score-texts.js';

export const seedCommand: Command = {
  name: 'seed',
  summary: 'load jurisdictions, policies, sources and curated laws (idempotent)',
  help: `Usage: npm run tracker -- seed [--jurisdictions-only]

Loads the shipped knowledge: the 50 states, DC and Puerto Rico with their legislative
sessions (db/seed/sessions), the registry cities, counties and school districts, the
policy set, the default sources, and the curated laws (db/seed/curated-laws.json). Running it again changes nothing; records staff edited
are never overwritten. --jurisdictions-only (or SEED=none) skips the curated laws.
The first start of an empty database runs it by itself.`,
  async run(args) {
    const { values } = parseCommandArgs(args, { 'jurisdictions-only': { type: 'boolean' } });
    const curated = !values['jurisdictions-only'] && getRuntime().config.seed !== 'none';
    const counts = await withDatabase('tracker seed', async (handle) => ({
      ...(await seedDatabase(handle.db, { curated })),
      scored: await scoreCuratedLawTexts(handle.db, loadModelPolicies()),
    }), { seedIfEmpty: false });
    process.stdout.write(
      `seeded: ${counts.jurisdictions} jurisdiction(s) added or changed, ${counts.policies} policy(ies) added, ` +
        (counts.policyRulesUpdated ? `${counts.policyRulesUpdated} policy rule set(s) updated to the shipped rules (run \`tracker classify\` to apply them to stored bills), ` : '') +
        `${counts.sources} source(s) added, ` +
        `sessions added or filled in for ${counts.sessionJurisdictions.length} jurisdiction(s), ` +
        `curated laws ${counts.curatedCreated} created, ${counts.curatedUpdated} updated, ${counts.curatedKeptStaffEdits} kept as staff edited them; ` +
        `${counts.curatedTexts} curated-law text(s) added, ${counts.scored} score(s) written\n`,
    );
    return 0;
  },
};
