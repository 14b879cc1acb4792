import { z } from "zod";
import { DEFAULT_RULES, ruleSchema } from "./limits/rules";

const port = z.coerce.number().int().min(0).max(65535);

/**
 * What the launchers (scripts/dev.ts, scripts/start.ts) read before they set the rest of the
 * environment (local secrets, the simulator's address); parsed on each call, never cached.
 */
const launchSchema = z.object({
  PORT: port.default(3000),
  /** LISTEN_HOST=127.0.0.1 keeps the server on loopback (behind a proxy, or for a benchmark). */
  LISTEN_HOST: z.string().optional(),
  STRIPE_SIMULATOR_PORT: port.default(12111),
  /** `0`: real Stripe without a Connect platform even when no STRIPE_* credentials are set. */
  LEADTRAIL_STRIPE_SIMULATOR: z.enum(["0", "1"]).optional(),
  LEADTRAIL_DATA_DIR: z.string().default(".data"),
});

/**
 * Validated configuration (SPEC §10), the one place the app reads the environment. Read lazily
 * so scripts can set defaults (local secrets, the simulator's address) before anything asks.
 */
const schema = launchSchema.extend({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  /** Connections per process to PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  APP_URL: z.string().url().default("http://localhost:3000"),
  /** next-auth reads it from process.env itself; unset, it is APP_URL (see exportNextAuthUrl). */
  NEXTAUTH_URL: z.string().url().optional(),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  ENCRYPTION_KEY: z.string().optional(),
  STRIPE_SECRET_KEY: z.string().optional(),
  /**
   * The platform's test-mode key, for the test events Stripe sends a live connection to the live
   * endpoint (SPEC §4). Without it such events are acknowledged and recorded as skipped.
   */
  STRIPE_TEST_SECRET_KEY: z.string().optional(),
  STRIPE_CLIENT_ID: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  STRIPE_API_BASE: z.string().url().optional(),
  STRIPE_CONNECT_AUTHORIZE_URL: z.string().url().default("https://connect.stripe.com/oauth/authorize"),
  /** The SDK retries connection errors, 409 and 5xx itself; 0 turns that off. */
  STRIPE_MAX_NETWORK_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** Set by the launcher when the built-in Stripe simulator stands in for Stripe. */
  LEADTRAIL_STRIPE_SIMULATED: z.enum(["0", "1"]).optional(),
  /** Proxies whose X-Forwarded-For is believed (lib/limits/client-ip.ts); none by default. */
  TRUSTED_PROXIES: z.string().optional(),
  /** Argon2 checks running at once (each holds ~19 MiB); more wait their turn. */
  PASSWORD_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Outgoing mail (SPEC §12), e.g. smtp://user:pass@smtp.example.com:587 (smtps:// for TLS on
   * connect). Unset: mail is caught in the local mailbox instead of sent (lib/mail/transport.ts).
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  /** The From of every message; `Leadtrail <no-reply@APP_URL's host>` when unset. */
  MAIL_FROM: z.string().min(3).optional(),
  /** Rate limits (lib/limits/rules.ts explains each default), `count/window` such as 10/1m. */
  LIMIT_SIGNIN_ACCOUNT: ruleSchema.prefault(DEFAULT_RULES.LIMIT_SIGNIN_ACCOUNT),
  LIMIT_SIGNIN_IP: ruleSchema.prefault(DEFAULT_RULES.LIMIT_SIGNIN_IP),
  LIMIT_SIGNUP_IP: ruleSchema.prefault(DEFAULT_RULES.LIMIT_SIGNUP_IP),
  LIMIT_JOIN_IP: ruleSchema.prefault(DEFAULT_RULES.LIMIT_JOIN_IP),
  LIMIT_API_KEY: ruleSchema.prefault(DEFAULT_RULES.LIMIT_API_KEY),
  LIMIT_TRACK_KEY: ruleSchema.prefault(DEFAULT_RULES.LIMIT_TRACK_KEY),
  LIMIT_TRACK_IP: ruleSchema.prefault(DEFAULT_RULES.LIMIT_TRACK_IP),
  /** Visit batches of one merchant committing at once per process; how long one may wait to fill. */
  TRACK_BATCH_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(1),
  TRACK_BATCH_WAIT_MS: z.coerce.number().min(0).max(1000).default(2),
  /** `off`: this process runs no background jobs (`npm run jobs` workers do). */
  LEADTRAIL_JOBS: z.enum(["on", "off"]).default("on"),
  /** Jobs in flight per process; how long a running job's lock may go unrenewed before takeover. */
  LEADTRAIL_JOB_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  LEADTRAIL_JOB_STALE_MS: z.coerce.number().int().min(100).default(60_000),
});

export type Env = z.infer<typeof schema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(emptyToUndefined(process.env));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${issues}`);
  }
  cached = parsed.data;
  return cached;
}

export type LaunchSettings = z.infer<typeof launchSchema>;

/** The launchers' settings, read afresh (they run before the rest of the environment is set). */
export function launchSettings(source: NodeJS.ProcessEnv = process.env): LaunchSettings {
  const parsed = launchSchema.safeParse(emptyToUndefined(source));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${issues}`);
  }
  return parsed.data;
}

/** next-auth builds its callback URLs from process.env.NEXTAUTH_URL: APP_URL unless set. */
export function exportNextAuthUrl(): void {
  const { NEXTAUTH_URL, APP_URL } = env();
  if (!NEXTAUTH_URL) process.env.NEXTAUTH_URL = APP_URL;
}

/** Secrets that have no safe default: generated for local use, required in production. */
export function requiredSecret(name: "NEXTAUTH_SECRET" | "ENCRYPTION_KEY"): string {
  const value = env()[name];
  if (!value) {
    throw new Error(
      `${name} is not set. Set it in the environment (npm run dev generates one for local use in .data/).`,
    );
  }
  return value;
}

/**
 * Stripe webhook secrets that ship with Leadtrail's Stripe simulator: anyone who has read the
 * source can sign events with them. Kept here (product code does not import the simulator);
 * a test keeps the two lists equal.
 */
export const WELL_KNOWN_WEBHOOK_SECRETS = ["whsec_leadtrail_simulator", "whsec_test_simulator_secret"];

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * What stops a production start (SPEC §13), each with what to set. An APP_URL on this machine's
 * loopback address is a local trial of the production build, reachable by nobody else: it may
 * use http and the Stripe simulator. Anything else must be https with real secrets.
 */
export function productionProblems(source: Record<string, string | undefined> = process.env): string[] {
  const value = (name: string) => (source[name] === "" ? undefined : source[name]);
  const problems: string[] = [];
  if (!value("NEXTAUTH_SECRET") || value("NEXTAUTH_SECRET")!.length < 32) {
    problems.push(
      "NEXTAUTH_SECRET is missing or shorter than 32 characters: set it to a long random value " +
        "(for example `openssl rand -base64 32`). It signs every session.",
    );
  }
  if (!isEncryptionKey(value("ENCRYPTION_KEY"))) {
    problems.push(
      "ENCRYPTION_KEY is missing or not 32 bytes: set it to 32 random bytes in hex " +
        "(for example `openssl rand -hex 32`). It encrypts stored Stripe tokens.",
    );
  }
  let appUrl: URL | null = null;
  try {
    appUrl = value("APP_URL") ? new URL(value("APP_URL")!) : null;
  } catch {
    appUrl = null;
  }
  const local = appUrl !== null && LOOPBACK.has(appUrl.hostname);
  if (!appUrl) {
    problems.push("APP_URL is not set: set it to the https address people use to reach Leadtrail.");
  } else if (appUrl.protocol !== "https:" && !local) {
    problems.push(
      `APP_URL is ${appUrl.origin}: set it to the https address people use to reach Leadtrail ` +
        "(terminate TLS in front of it); sessions and Stripe tokens must not travel in clear.",
    );
  }
  const webhookSecret = value("STRIPE_WEBHOOK_SECRET");
  if (!local && webhookSecret && WELL_KNOWN_WEBHOOK_SECRETS.includes(webhookSecret)) {
    problems.push(
      "STRIPE_WEBHOOK_SECRET is the Stripe simulator's published secret, so anyone could forge " +
        "events: set it to the signing secret of your endpoint in the Stripe dashboard (whsec_…).",
    );
  }
  if (!local && value("LEADTRAIL_STRIPE_SIMULATED") === "1") {
    problems.push(
      "LEADTRAIL_STRIPE_SIMULATED=1 points Leadtrail at the Stripe simulator: unset it and set " +
        "STRIPE_SECRET_KEY, STRIPE_CLIENT_ID and STRIPE_WEBHOOK_SECRET from your Stripe account.",
    );
  }
  return problems;
}

/** 32 bytes as 64 hex characters or base64, as lib/crypto.ts reads it. */
function isEncryptionKey(raw: string | undefined): boolean {
  if (!raw) return false;
  return Buffer.from(raw, /^[0-9a-f]{64}$/i.test(raw) ? "hex" : "base64").length === 32;
}

/** True for an APP_URL on this machine only (see productionProblems). */
export function isLoopbackAppUrl(appUrl: string | undefined): boolean {
  try {
    return appUrl ? LOOPBACK.has(new URL(appUrl).hostname) : false;
  } catch {
    return false;
  }
}

export function resetEnvCache(): void {
  cached = undefined;
}

function emptyToUndefined(source: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(source)) out[key] = value === "" ? undefined : value;
  return out;
}
