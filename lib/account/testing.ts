import type { DbHandle } from "@/db";
import { insertAffiliate } from "@/db/queries/affiliates";
import { listMailMessages } from "@/db/queries/mail";
import { createTestDatabase } from "@/db/testing";
import { installAppDatabase } from "@/lib/api/testing";
import { authOptions } from "@/lib/auth/options";
import { hashPassword } from "@/lib/auth/password";
import { resetEnvCache } from "@/lib/env";
import { randomToken } from "@/lib/ids";
import { installLimitStore } from "@/lib/limits";
import { memoryStore } from "@/lib/limits/store";
import { mailBodies } from "@/lib/mail/outbox";
import { signUpMerchant } from "@/lib/merchants/sign-up";
import { TEST_ENCRYPTION_KEY } from "@/lib/stripe/testing";

/**
 * Test support for password reset and email verification: a database installed as the app's
 * (the sign-in providers and route handlers read it), a fresh limit store, and sign-in through
 * next-auth's real credentials providers and callbacks.
 */
export interface AccountsBed {
  handle: DbHandle;
  close(): Promise<void>;
}

const ENV = {
  NEXTAUTH_SECRET: "accounts-test-secret-0123456789abcdef",
  ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
  APP_URL: "http://localhost:3000",
};

/** `shared`: a database another testbed owns (the Stripe testbed's); it is left open on close. */
export async function startAccountsBed(
  extraEnv: Record<string, string> = {},
  shared?: DbHandle,
): Promise<AccountsBed> {
  const saved = { ...process.env };
  Object.assign(process.env, ENV, extraEnv);
  resetEnvCache();
  const handle = shared ?? (await createTestDatabase());
  const restoreDb = installAppDatabase(handle);
  const restoreStore = installLimitStore(memoryStore());
  return {
    handle,
    async close() {
      restoreStore();
      restoreDb();
      if (!shared) await handle.close();
      process.env = saved;
      resetEnvCache();
    },
  };
}

export const uniqueEmail = (prefix: string) => `${prefix}-${randomToken(8).toLowerCase()}@example.com`;

export async function newMerchantUser(
  handle: DbHandle,
  password: string,
  options: { verified?: boolean } = {},
) {
  const email = uniqueEmail("owner");
  const { merchant, user } = await signUpMerchant(
    handle.db,
    { name: "Ada Owner", company: "Ada's Shop", email, password },
    options,
  );
  return { merchant, user, email };
}

export async function newAffiliate(handle: DbHandle, merchantId: string, email: string, password: string) {
  return insertAffiliate(handle.db, {
    merchantId,
    email,
    code: `aff${randomToken(6).toLowerCase()}`,
    firstName: "Sam",
    passwordHash: await hashPassword(password),
  });
}

type Credentials = { email: string; password: string; program?: string };
type Provider = { options: { id: string; authorize(raw: Credentials, req: unknown): Promise<unknown> } };

/** Signs in as the login form would; the session's user as the app then sees it, or null. */
export async function signIn(provider: "merchant" | "affiliate", credentials: Credentials) {
  const options = authOptions();
  const found = (options.providers as unknown as Provider[]).find((p) => p.options.id === provider)!;
  const user = (await found.options.authorize({ program: "", ...credentials }, {})) as {
    id: string;
    email: string;
    name: string;
  } | null;
  if (!user) return null;
  const callbacks = options.callbacks!;
  const token = await callbacks.jwt!({
    token: { sub: user.id, email: user.email, name: user.name },
    user,
    account: null,
    trigger: "signIn",
  } as never);
  const session = await callbacks.session!({ session: { expires: "", user: {} }, token } as never);
  return (session as { user: { id: string; merchantId: string; sessionVersion: number } }).user;
}

/** The newest message to this address in the outbox, its bodies opened. */
export async function lastMailTo(handle: DbHandle, to: string) {
  const messages = await listMailMessages(handle.db, { merchantId: null, limit: 100 });
  const message = messages.find((m) => m.toAddress === to);
  return message ? { ...message, ...mailBodies(message) } : null;
}

export async function mailsTo(handle: DbHandle, to: string) {
  const messages = await listMailMessages(handle.db, { merchantId: null, limit: 100 });
  return messages.filter((m) => m.toAddress === to).map((m) => ({ ...m, ...mailBodies(m) }));
}

/** The token of the first Leadtrail link in a text body that goes to `path`. */
export function tokenIn(text: string, path: string): string {
  const link = text.split(/\s+/).find((word) => word.includes(`${path}?token=`));
  if (!link) throw new Error(`no ${path} link in: ${text}`);
  return new URL(link).searchParams.get("token") ?? "";
}
