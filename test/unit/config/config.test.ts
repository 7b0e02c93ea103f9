import { ConfigError, loadConfig } from '../../../core/config.js';

describe('configuration from the environment', () => {
  test('defaults give an embedded tracker on port 3000 with the public API hosts', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir.endsWith('/data')).toBe(true);
    expect(c.openstates).toEqual({ apiUrl: 'https://v3.openstates.org', apiKey: null, rateLimitPerMinute: 10, dailyLimit: 250 });
    expect(c.legistar.apiUrl).toBe('https://webapi.legistar.com');
    expect(c.scheduler).toBe(true);
  });

  test('SMTP_FROM sets the From of every email; by default alerts@ the host of PUBLIC_URL; a malformed one is refused', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://tracker.example.org/' }).smtpFrom).toBe('"Policy tracker" <alerts@tracker.example.org>');
    expect(loadConfig({ SMTP_FROM: 'Reform desk <desk@example.org>' }).smtpFrom).toBe('Reform desk <desk@example.org>');
    expect(loadConfig({ SMTP_FROM: 'desk@example.org' }).smtpFrom).toBe('desk@example.org');
    expect(() => loadConfig({ SMTP_FROM: 'the desk' })).toThrow(/SMTP_FROM="the desk": SMTP_FROM must be an address/);
  });

  test('a malformed PORT is one clear line naming the setting and the value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(['PORT="eighty": PORT must be a number from 0 to 65535']);
    }
  });

  test('every bad setting is reported at once', () => {
    try {
      loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://x', SCHEDULER: 'maybe', OPENSTATES_DAILY_LIMIT: '-3' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/DATABASE_URL="mysql:\/\/x": DATABASE_URL must start with postgres/);
      expect(problems.join('\n')).toMatch(/SCHEDULER="maybe": expected on or off/);
    }
  });

  test('SCHEDULER=off and a paid Open States tier are honoured', () => {
    const c = loadConfig({ SCHEDULER: 'off', OPENSTATES_RATE_LIMIT: '40', OPENSTATES_DAILY_LIMIT: '1000', OPENSTATES_API_KEY: 'k' });
    expect(c.scheduler).toBe(false);
    expect(c.openstates.rateLimitPerMinute).toBe(40);
    expect(c.openstates.dailyLimit).toBe(1000);
  });
});

describe('LEGISTAR_TOKENS: a Legistar Web API token per client', () => {
  test('client:token pairs, separated by commas, become a map', () => {
    expect(loadConfig({ LEGISTAR_TOKENS: 'phila:abc123, nyc:def-456' }).legistar.tokens).toEqual({ phila: 'abc123', nyc: 'def-456' });
    expect(loadConfig({}).legistar.tokens).toEqual({});
  });

  test('a malformed value is refused without echoing the tokens', () => {
    try {
      loadConfig({ LEGISTAR_TOKENS: 'phila=zz9-secret' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toEqual(['LEGISTAR_TOKENS="***": LEGISTAR_TOKENS must be client:token pairs separated by commas (phila:abc123,nyc:def456)']);
      expect(problems.join('\n')).not.toContain('zz9-secret');
    }
  });
});
