import { type Decision, decide } from "./limiter";
import type { Rule } from "./rules";
import type { LimitStore } from "./store";

/**
 * Sign-in limits (SPEC §13). Per address every attempt counts (each costs an Argon2 check);
 * per account only wrong passwords count, and reaching the limit locks the account for a
 * lockout that doubles each time within a day (1 minute, 2, 4 … at most an hour), so a guesser
 * gets a handful of tries an hour while its owner, once the lockout ends, signs in as usual.
 */
const LOCKOUT_HISTORY_MS = 24 * 3_600_000;
const MAX_LOCKOUT_MS = 3_600_000;

export interface SignInRules {
  account: Rule;
  ip: Rule;
}

const keys = (account: string) => ({
  failures: `signin:fail:${account}`,
  lockouts: `signin:lockouts:${account}`,
  locked: `signin:locked:${account}`,
});

/** The refusal for this attempt, or null when it may go ahead (and is counted for the address). */
export async function signInRefusal(
  store: LimitStore,
  rules: SignInRules,
  attempt: { ip: string; account: string },
): Promise<Decision | null> {
  const locked = await store.read(keys(attempt.account).locked);
  if (locked) return decide(rules.account.points, rules.account.points + 1, locked.resetInMs);
  const [byIp] = await store.add([
    { key: `signin:ip:${attempt.ip}`, points: 1, windowMs: rules.ip.windowMs },
  ]);
  const decision = decide(rules.ip.points, byIp!.count, byIp!.resetInMs);
  return decision.allowed ? null : decision;
}

export async function recordSignInFailure(store: LimitStore, rules: SignInRules, account: string) {
  const k = keys(account);
  const [failures] = await store.add([{ key: k.failures, points: 1, windowMs: rules.account.windowMs }]);
  if (failures!.count < rules.account.points) return;
  const [lockouts] = await store.add([{ key: k.lockouts, points: 1, windowMs: LOCKOUT_HISTORY_MS }]);
  const ms = Math.min(MAX_LOCKOUT_MS, rules.account.windowMs * 2 ** (lockouts!.count - 1));
  await store.set(k.locked, 1, ms);
  await store.delete(k.failures);
}

export async function recordSignInSuccess(store: LimitStore, account: string) {
  await store.delete(keys(account).failures);
}

/** After a password reset: the lockout guarded the old password, and the owner proved the address. */
export async function clearSignInLockout(store: LimitStore, account: string) {
  const k = keys(account);
  await store.delete(k.failures);
  await store.delete(k.locked);
}

/** One account per audience and email: a merchant and an affiliate may share an address. */
export const signInAccount = (provider: string, email: string) => `${provider}:${email.trim().toLowerCase()}`;
