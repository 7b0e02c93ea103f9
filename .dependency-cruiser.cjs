/**
 * The house rules of ARCHITECTURE.md ("The house: layers and who may import whom"), checked in
 * CI by `npm run lint:deps`. Each floor only looks down:
 *
 *   cli/ -> everything;  server/ -> core, db, web;  web/ -> core (db: types only);
 *   scrapers/ -> core, db;  db/ -> core;  core/ -> nothing of ours.
 *
 * Type-only imports count (tsPreCompilationDeps), and so do cycles made of them.
 */
const OURS = '^(core|db|scrapers|server|web|cli)/';
/** Source folders: per-source fetch + parse code, which never writes or schedules. */
const SOURCE_FOLDER = '^scrapers/(?!kit/|pipeline/|scheduler/|sources/)[^/]+/';
const SQL_PACKAGES = '^(node_modules/)?(drizzle-orm|pg|pg-boss|@electric-sql/pglite)(/|$)';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'Import cycles, type-only ones included, make every change risk the whole house.',
      severity: 'error',
      from: { path: OURS },
      to: { circular: true },
    },
    {
      name: 'core-imports-nothing-of-ours',
      comment: 'core/ is the pure domain: it imports nothing of ours outside core/.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: OURS, pathNot: '^core/' },
    },
    {
      name: 'core-has-no-io',
      comment: 'core/ may use zod, pino, node-cron and node:crypto; no file system, network, database or HTML parser.',
      severity: 'error',
      from: { path: '^core/' },
      to: {
        dependencyTypesNot: ['local', 'type-only'],
        pathNot: '^(node_modules/)?(zod|pino|node-cron)(/|$)|^crypto$',
      },
    },
    {
      name: 'db-only-looks-at-core',
      comment: 'db/ stores what it is handed: it never imports scrapers/, server/, web/ or cli/.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^(scrapers|server|web|cli)/' },
    },
    {
      name: 'db-never-derives',
      comment: 'db/ takes only types and schemas from status, classification and adoption: derivation happens in the pipeline.',
      severity: 'error',
      from: { path: '^db/' },
      to: {
        path: '^core/(status|classify|adoption)/',
        pathNot: '\\.schema\\.ts$|-types\\.ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'scrapers-never-look-up',
      comment: 'scrapers/ may use core/ and db/ only.',
      severity: 'error',
      from: { path: '^scrapers/' },
      to: { path: '^(server|web|cli)/' },
    },
    {
      name: 'source-folders-only-parse',
      comment: 'A source folder (and any parser) uses core/ and scrapers/kit/: never db/, the pipeline, the scheduler or the adapters.',
      severity: 'error',
      from: { path: [SOURCE_FOLDER, '\\.parser\\.ts$'] },
      to: { path: '^(db/|scrapers/(pipeline|scheduler|sources)/)' },
    },
    {
      name: 'server-never-imports-scrapers-or-cli',
      comment: 'server/ reaches the scheduler through a port cli/ hands it.',
      severity: 'error',
      from: { path: '^server/' },
      to: { path: '^(scrapers|cli)/' },
    },
    {
      name: 'web-renders-only',
      comment: 'web/ renders: core/ for vocabulary, db/ for types only.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(scrapers|server|cli)/' },
    },
    {
      name: 'web-takes-only-types-from-db',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^db/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sql-only-in-db',
      comment: 'Every SQL statement lives in db/: no drizzle, pg, pg-boss or PGlite elsewhere.',
      severity: 'error',
      from: { path: OURS, pathNot: '^db/' },
      to: { path: SQL_PACKAGES },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: { path: OURS },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|test|migrations)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.d.ts', '.js', '.json'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
