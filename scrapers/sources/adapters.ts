import type { SourceAdapter } from './source-adapter.js';
import { openStatesSource } from './openstates.source.js';
import { legistarHtmlSource, legistarSource } from './legistar.source.js';
import { onbaseSource } from './onbase.source.js';
import { novusagendaSource } from './novusagenda.source.js';
import { austinCouncilSource } from './austin.source.js';
import { openStatesEventsSource } from './openstates-events.source.js';
import { virginiaSource } from './virginia.source.js';
import { californiaSource } from './california.source.js';
import { texasSource } from './texas.source.js';
import { openStatesBackfillSource } from './openstates-backfill.source.js';

/** Live source adapters by kind (saved files of the same sources go through `tracker import`). */
const ADAPTERS: SourceAdapter[] = [
  openStatesSource, openStatesBackfillSource, legistarSource, legistarHtmlSource, virginiaSource, californiaSource, texasSource, onbaseSource, novusagendaSource, austinCouncilSource, openStatesEventsSource,
];

/** @throws naming the kind when no live adapter exists for it. */
export function adapterFor(kind: string): SourceAdapter {
  const adapter = ADAPTERS.find((a) => a.kind === kind);
  if (!adapter) throw new Error(`no live adapter for source kind "${kind}" (live: ${ADAPTERS.map((a) => a.kind).join(', ')}); use \`tracker import\` for saved files`);
  return adapter;
}
