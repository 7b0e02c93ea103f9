import { z } from 'zod';

/**
 * Configuration, parsed once from the environment at start-up. No other module reads
 * `process.env`: everything takes a `Config` (or the part it needs).
 */
const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'], { message: 'expected on or off' })
  .transform((v) => v === 'on' || v === 'true' || v === '1');

const positiveInt = (name: string) =>
  z.coerce.number({ message: `${name} must be a whole number` }).int(`${name} must be a whole number`).positive(`${name} must be positive`);

/** Names express (proxy-addr) knows for address ranges, besides addresses and CIDR ranges. */
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const NO_PROXY = ['off', 'false', 'none'];
const IPV4_OR_CIDR = /^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/;
const IPV6_OR_CIDR = /^[0-9a-fA-F:]*:[0-9a-fA-F:.]*(\/\d{1,3})?$/;

const url = (name: string) => z.string().url(`${name} must be a URL (got something else)`);

const configSchema = z.object({
  PORT: z.coerce
    .number({ message: 'PORT must be a number from 0 to 65535' })
    .int('PORT must be a whole number from 0 to 65535')
    .min(0, 'PORT must be a number from 0 to 65535')
    .max(65535, 'PORT must be a number from 0 to 65535')
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED: z.enum(['full', 'none'], { message: 'SEED must be full or none' }).default('full'),
  SCHEDULER: onOff.default(true),
  OPENSTATES_API_URL: url('OPENSTATES_API_URL').default('https://v3.openstates.org'),
  OPENSTATES_API_KEY: z.string().min(1).optional(),
  OPENSTATES_RATE_LIMIT: positiveInt('OPENSTATES_RATE_LIMIT').default(10),
  OPENSTATES_DAILY_LIMIT: positiveInt('OPENSTATES_DAILY_LIMIT').default(250),
  LEGISTAR_API_URL: url('LEGISTAR_API_URL').default('https://webapi.legistar.com'),
  LEGISTAR_TOKENS: z
    .string()
    .regex(/^\s*[a-z0-9]+:[^\s,:]+\s*(,\s*[a-z0-9]+:[^\s,:]+\s*)*$/, 'LEGISTAR_TOKENS must be client:token pairs separated by commas (phila:abc123,nyc:def456)')
    .optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://').optional(),
  SMTP_FROM: z
    .string()
    .trim()
    .regex(/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'SMTP_FROM must be an address such as alerts@example.org or "Policy tracker <alerts@example.org>"')
    .optional(),
  PUBLIC_URL: url('PUBLIC_URL').optional(),
  API_RATE_LIMIT: positiveInt('API_RATE_LIMIT').default(600),
  EXPORT_RATE_LIMIT: positiveInt('EXPORT_RATE_LIMIT').default(10),
  PAGE_RATE_LIMIT: positiveInt('PAGE_RATE_LIMIT').default(300),
  TRUST_PROXY: z
    .string()
    .transform((v) => v.split(',').map((p) => p.trim()).filter(Boolean))
    .refine((list) => list.every((p) => PROXY_NAMES.includes(p) || NO_PROXY.includes(p) || IPV4_OR_CIDR.test(p) || IPV6_OR_CIDR.test(p)), {
      message: 'TRUST_PROXY must be off, or a comma-separated list of proxy addresses or CIDR ranges (or loopback, linklocal, uniquelocal)',
    })
    .optional(),
  ALLOW_PRIVATE_WEBHOOKS: onOff.default(false),
  DISK_MIN_FREE_MB: z.coerce
    .number({ message: 'DISK_MIN_FREE_MB must be a whole number of megabytes, at least 32' })
    .int('DISK_MIN_FREE_MB must be a whole number of megabytes, at least 32')
    .min(32, 'DISK_MIN_FREE_MB must be at least 32: the embedded database needs room for a 16 MB log segment')
    .default(64),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
  seed: 'full' | 'none';
  scheduler: boolean;
  openstates: { apiUrl: string; apiKey: string | null; rateLimitPerMinute: number; dailyLimit: number };
  /** `tokens`: Legistar Web API tokens per client (`LEGISTAR_TOKENS=phila:...`), never logged. */
  legistar: { apiUrl: string; tokens: Record<string, string> };
  smtpUrl: string | null;
  /** The From of every email (alerts, confirmations, invitations); default `"Policy tracker" <alerts@host of PUBLIC_URL>`. */
  smtpFrom: string;
  /** Base URL used in links sent out (emails, feeds); defaults to the listening address. */
  publicUrl: string;
  /** Requests a minute one anonymous client may make to the API. */
  apiRateLimitPerMinute: number;
  /** CSV exports a minute one anonymous client may start (exports are the heaviest reads). */
  exportRateLimitPerMinute: number;
  /** Page views a minute one anonymous client may make. */
  pageRateLimitPerMinute: number;
  /**
   * Proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed (addresses, CIDR
   * ranges, or express's names such as `loopback`); empty: none, the peer address is the client.
   */
  trustProxy: string[];
  /** Deliver webhooks to private, loopback and link-local addresses (tests, private deployments). */
  allowPrivateWebhooks: boolean;
  /** Below this much free space on the embedded database's disk, writes are refused (bytes). */
  diskMinFreeBytes: number;
};

/** Settings whose values are secrets: a problem with one names it without echoing it. */
const SECRET_SETTINGS = new Set(['OPENSTATES_API_KEY', 'LEGISTAR_TOKENS', 'SMTP_URL']);

/** Thrown with every problem found, one line each, so start-up can print them and exit. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/**
 * Parses the environment (empty strings count as unset).
 * @throws ConfigError listing every bad setting.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      const value = cleaned[key];
      // A token never reaches a terminal or a log, even when it is malformed.
      const shown = SECRET_SETTINGS.has(key) ? '"***"' : JSON.stringify(value ?? '');
      return `${key}=${shown}: ${issue.message}`;
    });
    throw new ConfigError(problems);
  }
  const c = parsed.data;
  const publicUrl = (c.PUBLIC_URL ?? `http://${c.HOST === '0.0.0.0' ? 'localhost' : c.HOST}:${c.PORT}`).replace(/\/+$/, '');
  return {
    port: c.PORT,
    host: c.HOST,
    // `memory://` keeps the embedded database in memory (tests, demos); anything else is a
    // folder, resolved against the working directory when the database opens it.
    dataDir: c.DATA_DIR,
    databaseUrl: c.DATABASE_URL ?? null,
    logLevel: c.LOG_LEVEL,
    seed: c.SEED,
    scheduler: c.SCHEDULER,
    openstates: {
      apiUrl: c.OPENSTATES_API_URL.replace(/\/+$/, ''),
      apiKey: c.OPENSTATES_API_KEY ?? null,
      rateLimitPerMinute: c.OPENSTATES_RATE_LIMIT,
      dailyLimit: c.OPENSTATES_DAILY_LIMIT,
    },
    legistar: { apiUrl: c.LEGISTAR_API_URL.replace(/\/+$/, ''), tokens: parseTokenPairs(c.LEGISTAR_TOKENS) },
    smtpUrl: c.SMTP_URL ?? null,
    apiRateLimitPerMinute: c.API_RATE_LIMIT,
    exportRateLimitPerMinute: c.EXPORT_RATE_LIMIT,
    pageRateLimitPerMinute: c.PAGE_RATE_LIMIT,
    trustProxy: (c.TRUST_PROXY ?? []).filter((p) => !NO_PROXY.includes(p)),
    allowPrivateWebhooks: c.ALLOW_PRIVATE_WEBHOOKS,
    diskMinFreeBytes: c.DISK_MIN_FREE_MB * 1024 * 1024,
    publicUrl,
    smtpFrom: c.SMTP_FROM ?? `"Policy tracker" <alerts@${new URL(publicUrl).hostname}>`,
  };
}

/** `phila:abc,nyc:def` → `{ phila: 'abc', nyc: 'def' }` (already checked by the schema). */
function parseTokenPairs(value: string | undefined): Record<string, string> {
  if (!value) return {};
  return Object.fromEntries(
    value
      .split(',')
      .map((pair) => pair.trim())
      .filter((pair) => pair !== '')
      .map((pair) => {
        const colon = pair.indexOf(':');
        return [pair.slice(0, colon), pair.slice(colon + 1)];
      }),
  );
}
