import { PGlite } from '@electric-sql/pglite';
const db = new PGlite(process.argv[2]);
await db.waitReady;
console.log('open');
await db.query('create table if not exists fill(x text)');
for (let i = 0; i < 100000; i++) {
  try { await db.query("insert into fill values (repeat(md5(random()::text), 30))"); }
  catch (e) { console.log('insert err', i, (e as any).code, (e as Error).message); break; }
  if (i % 2000 === 0) console.log('at', i);
}
console.log('done loop');
await db.close().catch((e) => console.log('close err', e.message));
console.log('closed');
