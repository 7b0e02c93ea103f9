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
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://').optional(),
  SMTP_FROM: z
    .string()
    .trim()
    .regex(/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/, 'SMTP_FROM must be an address such as alerts@example.org or "Policy tracker <alerts@example.org>"')
    .optional(),
  PUBLIC_URL: url('PUBLIC_URL').optional(),
  API_RATE_LIMIT: positiveInt('API_RATE_LIMIT').default(600),
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
  legistar: { apiUrl: string };
  smtpUrl: string | null;
  /** The From of every email (alerts, confirmations, invitations); default `"Policy tracker" <alerts@host of PUBLIC_URL>`. */
  smtpFrom: string;
  /** Base URL used in links sent out (emails, feeds); defaults to the listening address. */
  publicUrl: string;
  /** Requests a minute one anonymous client may make to the API. */
  apiRateLimitPerMinute: number;
};

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
      return `${key}=${JSON.stringify(value ?? '')}: ${issue.message}`;
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
    legistar: { apiUrl: c.LEGISTAR_API_URL.replace(/\/+$/, '') },
    smtpUrl: c.SMTP_URL ?? null,
    apiRateLimitPerMinute: c.API_RATE_LIMIT,
    publicUrl,
    smtpFrom: c.SMTP_FROM ?? `"Policy tracker" <alerts@${new URL(publicUrl).hostname}>`,
  };
}
