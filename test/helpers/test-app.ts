import { loadConfig, type Config } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { createApp } from '../../server/app.js';
import type { DatabaseHandle } from '../../db/connect.js';

/** Config for tests: defaults, silent logs, scheduler off, plus overrides. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATA_DIR: 'memory://', ...env });
}

/** The real express app over a test database (for supertest). */
export function testApp(handle: DatabaseHandle, env: Record<string, string> = {}) {
  const config = testConfig(env);
  return createApp({ handle, config, logger: createLogger('silent') });
}
