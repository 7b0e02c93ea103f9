/**
 * Run by the map-cache test as a real child process (`npx tsx`): opens the PostgreSQL
 * database named by its first argument and, as staff (user id, second argument), records a
 * curated law: Colorado enacted a crisis-response program. Prints the law's id.
 */
import { writeSync } from 'node:fs';
import { openDatabase } from '../../db/connect.js';
import { createCuratedLaw } from '../../db/queries/curated-laws-repository.js';

const [url, userId] = process.argv.slice(2);
if (!url?.startsWith('postgres') || !userId) throw new Error('usage: write-curated-law <postgres url> <user id>');
const handle = await openDatabase({ databaseUrl: url, dataDir: '' });
try {
  const law = await createCuratedLaw(
    handle.db,
    {
      jurisdictionId: 'ocd-jurisdiction/country:us/state:co/government', policyId: 'crisis-response', stance: 'supports', strength: 'partial',
      kind: 'statute', title: 'Written by another process', outcome: 'enacted', sourceUrls: ['https://leg.colorado.gov/'],
    },
    Number(userId),
  );
  writeSync(1, `${law.id}\n`);
} finally {
  await handle.close();
}
