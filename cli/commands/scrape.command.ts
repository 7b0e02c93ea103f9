import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { withDatabase, getRuntime } from '../runtime.js';
import { createProgress } from '../progress.js';
import { exitCodeOf, formatRunSummary } from '../run-report.js';
import { ensureSources, ensureSource } from '../../db/seed/ensure-sources.js';
import { adapterFor } from '../../scrapers/sources/adapters.js';
import { runSource } from '../../scrapers/sources/run-source.js';
import { legistarCity } from '../../scrapers/sources/legistar.source.js';
import { californiaArchiveYear } from '../../scrapers/sources/california.source.js';
import { texasLegSessFor } from '../../scrapers/sources/texas.source.js';
import { loadCityRegistry, registryCitySources } from '../../db/seed/city-registry.js';
import { resolveStateJurisdiction } from '../../scrapers/sources/openstates.source.js';
import { parseVirginiaSessionCode } from '../../scrapers/virginia/virginia-session.js';

/** Runs a check of the command's own arguments; what it throws is bad usage, never a failed run. */
function usageCheck<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const HELP = `Usage: npm run tracker -- scrape <kind> [options]

Runs one source once through the pipeline (validate, upsert, status, classify) and
prints the counts: requests, fetched, created, updated, unchanged, failed.
Exit code 1 when the run failed (nothing stored is lost; the cursor stays), 2 for bad usage.

Kinds:
  openstates --jurisdiction <va|ocd-id> [--jurisdiction ...] [--session <id> ...] [--since <date>] [--max-requests <n>]
      Open States API v3 (needs OPENSTATES_API_KEY). With --session: those sessions
      (identifiers as Open States writes them, e.g. 2025, 89, 20252026). Without: the
      quota-aware planner keeps the jurisdictions fresh and resumes tomorrow when the
      day's budget (OPENSTATES_DAILY_LIMIT) is spent.
  legistar --client <name> [--since <date>]
      A city council through the Legistar Web API (client names: db/seed/cities.json).
  virginia [--session <code>]
      Virginia LIS BILLS.CSV and HISTORY.CSV (session code 20251 = 2025 regular session).
  california [--session <year>]
      California pubinfo database archive. With --session (2025 or 20252026): that
      session's pubinfo_<year>.zip; without: the newest pubinfo_daily_<Day>.zip. An
      archive unchanged since the last run costs one conditional request (304).
  texas --session <id>
      Texas Legislature Online: the session's bill search results, then the history page
      of each bill that changed (89 = 89th regular session, 891 = its first called session).
  legistar-html --client <name>
      A council read only from its public Legistar InSite pages (search, detail, calendar).
  onbase [--city <name>]      a city on Hyland OnBase Agenda Online (San Diego)
  novusagenda [--city <name>] a city on NovusAGENDA (Houston)
  austin                      Austin's council pages, boards pages and EDIMS documents
      Cities and their sites: db/seed/cities.json ("sources"); --city takes the name or the
      OCD place (san_diego), and may be left out when one city uses the platform.
  openstates-events --jurisdiction <va|ocd-id> [--jurisdiction ...]
      Hearings from Open States /events (needs OPENSTATES_API_KEY; spends its daily quota).`;

const KIND_ALIASES: Record<string, string> = {
  virginia: 'virginia-lis', 'virginia-lis': 'virginia-lis', openstates: 'openstates', legistar: 'legistar',
  california: 'california-pubinfo', 'california-pubinfo': 'california-pubinfo', texas: 'texas-tlo', 'texas-tlo': 'texas-tlo',
  'legistar-html': 'legistar-html', onbase: 'onbase', novusagenda: 'novusagenda', austin: 'austin-council', 'austin-council': 'austin-council',
  'openstates-events': 'openstates-events',
};

/** The registry source of `kind` for `--city` (a name or OCD place), or the only city on that platform. @throws UsageError */
function citySourceFor(kind: string, city: string | undefined): string {
  const sources = registryCitySources(loadCityRegistry()).filter((s) => s.source.kind === kind);
  const wanted = city?.trim().toLowerCase().replace(/\s+/g, '_');
  const found = wanted ? sources.filter((s) => s.city.name.toLowerCase().replace(/\s+/g, '_') === wanted || s.id === `${kind}:${wanted}`) : sources;
  if (found.length === 1) return found[0].id;
  const known = sources.map((s) => s.city.name).join(', ') || 'none';
  throw new UsageError(found.length === 0 ? `no ${kind} city ${city ? `"${city}" ` : ''}in db/seed/cities.json (known: ${known})` : `name the city with --city (${known})`);
}

export const scrapeCommand: Command = {
  name: 'scrape',
  summary: 'run a source once (openstates, legistar, virginia, california, texas, onbase, novusagenda, austin, ...) and print its counts',
  help: HELP,
  async run(args) {
    const [kindArg, ...rest] = args;
    if (!kindArg) throw new UsageError('name a source kind');
    const kind = KIND_ALIASES[kindArg];
    if (!kind) throw new UsageError(`unknown source kind "${kindArg}"`);
    const { values } = parseCommandArgs(rest, {
      jurisdiction: { type: 'string', multiple: true },
      session: { type: 'string', multiple: true },
      since: { type: 'string' },
      client: { type: 'string' },
      city: { type: 'string' },
      'max-requests': { type: 'string' },
    });
    if (values.since && Number.isNaN(Date.parse(values.since))) throw new UsageError(`--since "${values.since}" is not a date (use YYYY-MM-DD)`);
    const params: Record<string, unknown> = {};
    let sourceId: string;
    if (kind === 'openstates') {
      if (!values.jurisdiction?.length) throw new UsageError('openstates needs --jurisdiction (a state code such as va, or an ocd-jurisdiction id)');
      for (const j of values.jurisdiction) usageCheck(() => resolveStateJurisdiction(j));
      Object.assign(params, { jurisdiction: values.jurisdiction, session: values.session ?? [], since: values.since });
      if (values['max-requests'] !== undefined) {
        const max = Number(values['max-requests']);
        if (!Number.isInteger(max) || max < 1) throw new UsageError(`--max-requests "${values['max-requests']}" is not a positive whole number`);
        params.maxRequests = max;
      }
      sourceId = 'openstates';
    } else if (kind === 'legistar') {
      if (!values.client) throw new UsageError('legistar needs --client <name>');
      usageCheck(() => legistarCity(values.client!));
      Object.assign(params, { since: values.since });
      sourceId = `legistar:${values.client}`;
    } else if (kind === 'california-pubinfo') {
      if ((values.session?.length ?? 0) > 1) throw new UsageError('california takes one --session');
      const session = values.session?.[0];
      if (session !== undefined) {
        try {
          californiaArchiveYear(session);
        } catch (error) {
          throw new UsageError((error as Error).message);
        }
      }
      Object.assign(params, { session });
      sourceId = 'california-pubinfo';
    } else if (kind === 'texas-tlo') {
      if (values.session?.length !== 1) throw new UsageError('texas needs one --session (89 for the 89th regular session, 891 for its first called session)');
      try {
        texasLegSessFor(values.session[0]);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      Object.assign(params, { session: values.session[0] });
      sourceId = 'texas-tlo';
    } else if (kind === 'legistar-html') {
      if (!values.client) throw new UsageError('legistar-html needs --client <name>');
      legistarCity(values.client);
      sourceId = `legistar-html:${values.client}`;
    } else if (kind === 'onbase' || kind === 'novusagenda' || kind === 'austin-council') {
      sourceId = citySourceFor(kind, values.city);
    } else if (kind === 'openstates-events') {
      if (!values.jurisdiction?.length) throw new UsageError('openstates-events needs --jurisdiction (a state code such as va, or an ocd-jurisdiction id)');
      Object.assign(params, { jurisdiction: values.jurisdiction });
      sourceId = 'openstates-events';
    } else {
      if ((values.session?.length ?? 0) > 1) throw new UsageError('virginia takes one --session');
      if (values.session?.[0] !== undefined) usageCheck(() => parseVirginiaSessionCode(values.session![0]));
      Object.assign(params, { session: values.session?.[0] });
      sourceId = 'virginia-lis';
    }
    const { config } = getRuntime();
    return withDatabase(`tracker scrape ${kindArg}`, async (handle) => {
      await ensureSources(handle.db);
      const client = kind === 'legistar-html' ? values.client : undefined;
      const source = await ensureSource(handle.db, { id: sourceId, kind, name: sourceId, ...(client ? { jurisdictionId: legistarCity(client).id, settings: { client } } : {}) });
      const progress = createProgress();
      const summary = await runSource(handle, config, source, adapterFor(kind), {
        trigger: 'cli',
        params,
        onProgress: (c) => progress.update(`${sourceId}: fetched ${c.fetched}, created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, failed ${c.failed}`),
      });
      progress.done();
      process.stdout.write(formatRunSummary(summary));
      return exitCodeOf(summary);
    });
  },
};
