import type { Config } from '../config.js';

/**
 * Whether a source can run with this configuration, in one place: the adapter refuses to start
 * with it, the staff sources page says it, and the map tells the public why a state is not
 * tracked ("add an Open States API key"). Pure.
 */
export type ConfigProblem = {
  /** For staff and logs: what is missing and where to get it. */
  detail: string;
  /** For anyone, public pages included (no command line): what would enable the source. */
  enable: string;
};

const OPENSTATES_KEY_URL = 'https://open.pluralpolicy.com/accounts/profile/';

/** The Open States source needs an API key. */
export function openStatesConfigProblem(config: Pick<Config, 'openstates'>): ConfigProblem | null {
  if (config.openstates.apiKey) return null;
  return {
    detail: `OPENSTATES_API_KEY is not set (request a free key at ${OPENSTATES_KEY_URL})`,
    enable: `add an Open States API key (a free key from ${OPENSTATES_KEY_URL}, set as OPENSTATES_API_KEY)`,
  };
}

/** What keeps a source of this kind from running, or null when nothing does. */
export function sourceConfigProblem(kind: string, config: Pick<Config, 'openstates'>): ConfigProblem | null {
  return kind === 'openstates' ? openStatesConfigProblem(config) : null;
}
