/**
 * API keys of an account's own: secret keys (`sk_test_…`, everything) and restricted keys
 * (`rk_test_…`, only the permissions granted). A request made with one acts on the key's account
 * without any Stripe-Account header, as a merchant's own integration would.
 */
import { apiError } from "../http/errors";
import { randomToken } from "../store/ids";
import { createAccount, type SimAccount, type SimApiKey, type SimContext } from "../store/state";

/** Stripe's permission names: `rak_<resource>_read` or `rak_<resource>_write` (write includes read). */
export type Permission = `rak_${string}_${"read" | "write"}`;

export interface CreateKeyInput {
  /** An account made earlier (by a previous key); omitted: a new account of its own. */
  account?: string;
  livemode?: boolean;
  email?: string;
  businessName?: string;
}

export function createApiKey(
  sim: SimContext,
  kind: SimApiKey["kind"],
  input: CreateKeyInput & { permissions?: readonly string[] },
): { key: string; account: SimAccount } {
  const account = ownAccount(sim, input);
  const prefix = `${kind === "secret" ? "sk" : "rk"}_${account.livemode ? "live" : "test"}_`;
  const record: SimApiKey = {
    key: prefix + randomToken(48),
    account: account.id,
    kind,
    livemode: account.livemode,
    permissions: kind === "secret" ? null : new Set(input.permissions ?? []),
    revoked: false,
    created: sim.now(),
  };
  sim.state.apiKeys.set(record.key, record);
  return { key: record.key, account };
}

function ownAccount(sim: SimContext, input: CreateKeyInput): SimAccount {
  if (input.account) {
    const existing = sim.state.accounts.get(input.account);
    if (!existing) throw new Error(`Stripe simulator: no account ${input.account}`);
    return existing;
  }
  // Not a Connect account: its events are direct events, without an `account` field.
  const account = createAccount(sim.newId("acct"), {
    connected: false,
    livemode: input.livemode ?? false,
    created: sim.now(),
    email: input.email ?? null,
    businessName: input.businessName ?? null,
  });
  sim.state.accounts.set(account.id, account);
  return account;
}

export function revokeApiKey(sim: SimContext, key: string): void {
  const record = sim.state.apiKeys.get(key);
  if (!record) throw new Error("Stripe simulator: no such API key");
  record.revoked = true;
}

/** `/v1/<resource>` → the permission's resource name, as Stripe's dashboard lists them. */
const RESOURCES: Record<string, string> = {
  charges: "charge",
  refunds: "refund",
  disputes: "dispute",
  customers: "customer",
  invoices: "invoice",
  invoice_payments: "invoice",
  subscriptions: "subscription",
  checkout: "checkout_session",
  coupons: "coupon",
  promotion_codes: "promotion_code",
  credit_notes: "credit_note",
  events: "event",
  webhook_endpoints: "webhook",
  payment_intents: "payment_intent",
  account: "account",
  accounts: "account",
};

/** The permission a request needs, or null when any key of the account may make it. */
export function requiredPermission(method: string, path: string): Permission | null {
  const resource = RESOURCES[path.split("/")[2] ?? ""];
  if (!resource) return null;
  return `rak_${resource}_${method === "GET" ? "read" : "write"}`;
}

function grants(key: SimApiKey, needed: Permission): boolean {
  if (!key.permissions) return true;
  if (key.permissions.has(needed)) return true;
  return needed.endsWith("_read") && key.permissions.has(needed.replace(/_read$/, "_write"));
}

/** Stripe's answer to a restricted key without the permission: a 403 naming the one it lacks. */
export function checkPermission(key: SimApiKey, method: string, path: string, redacted: string): void {
  const needed = requiredPermission(method, path);
  if (!needed || grants(key, needed)) return;
  throw apiError(
    403,
    "invalid_request_error",
    `The provided key '${redacted}' does not have the required permissions for this endpoint on account '${key.account}'. Having the '${needed}' permission would allow this request to continue.`,
  );
}

/** Every permission Leadtrail's self-hosted connection asks for (tests start from this set). */
export const LEADTRAIL_PERMISSIONS: readonly Permission[] = [
  "rak_charge_read",
  "rak_customer_read",
  "rak_invoice_read",
  "rak_subscription_read",
  "rak_checkout_session_read",
  "rak_dispute_read",
  "rak_refund_read",
  "rak_credit_note_read",
  "rak_event_read",
  "rak_coupon_write",
  "rak_promotion_code_write",
  "rak_webhook_write",
];
