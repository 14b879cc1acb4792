import { z } from "zod";

/**
 * Validated configuration (SPEC §10). Read lazily so scripts can set defaults
 * (local secrets, the simulator's address) before anything asks for them.
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  LEADTRAIL_DATA_DIR: z.string().default(".data"),
  APP_URL: z.string().url().default("http://localhost:3000"),
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

export function resetEnvCache(): void {
  cached = undefined;
}

function emptyToUndefined(source: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(source)) out[key] = value === "" ? undefined : value;
  return out;
}
