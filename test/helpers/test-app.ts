import { loadConfig, type Config } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { createApp } from '../../server/app.js';
import type { DatabaseHandle } from '../../db/connect.js';

/**
 * Config for tests: defaults, silent logs, scheduler off, plus overrides. Page and export
 * budgets are raised (a test file makes hundreds of requests from one address); the tests
 * of those limits set their own.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATA_DIR: 'memory://', PAGE_RATE_LIMIT: '100000', EXPORT_RATE_LIMIT: '10000', ...env });
}

/** The real express app over a test database (for supertest). */
export function testApp(handle: DatabaseHandle, env: Record<string, string> = {}) {
  const config = testConfig(env);
  return createApp({ handle, config, logger: createLogger('silent') });
}
