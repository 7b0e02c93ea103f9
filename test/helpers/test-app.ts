import { loadConfig, type Config } from '../../core/config.js';
import { createLogger } from '../../core/logger.js';
import { createApp } from '../../server/app.js';
import type { DatabaseHandle } from '../../db/connect.js';
import type { AppContext } from '../../server/app-context.js';

/**
 * Config for tests: defaults, silent logs, scheduler off, plus overrides. Page and export
 * budgets are raised (a test file makes hundreds of requests from one address); the tests
 * of those limits set their own.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: 'silent', SCHEDULER: 'off', DATA_DIR: 'memory://', PAGE_RATE_LIMIT: '100000', EXPORT_RATE_LIMIT: '10000', ...env });
}

/** The real express app over a test database (for supertest); `extra` sets what tests inject (resolver, throttle clock). */
export function testApp(handle: DatabaseHandle, env: Record<string, string> = {}, extra: Pick<AppContext, 'resolveHost' | 'signInThrottle'> = {}) {
  const config = testConfig(env);
  return createApp({ handle, config, logger: createLogger('silent'), ...extra });
}
