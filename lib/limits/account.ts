import { limitRules, limitStore } from "./index";
import { type Decision, decide } from "./limiter";
import type { Rule } from "./rules";

/**
 * Password reset and email verification limits (SPEC §13). Each attempt counts against the
 * client's address and against the account it is about. For a reset request the account is the
 * email asked about, whether or not an account has it: a limit that only existing accounts hit
 * would tell a stranger which addresses have one.
 */
export type AccountLimit = "resetRequest" | "resetSubmit" | "verifyResend";

export const accountLimitMessages: Record<AccountLimit, string> = {
  resetRequest: "Too many password reset requests.",
  resetSubmit: "Too many attempts to set a new password.",
  verifyResend: "Too many verification emails requested.",
};

function rulesFor(kind: AccountLimit): { ip: Rule | null; account: Rule } {
  const r = limitRules();
  if (kind === "resetRequest") return { ip: r.resetRequestIp, account: r.resetRequestAccount };
  if (kind === "resetSubmit") return { ip: r.resetSubmitIp, account: r.resetSubmitAccount };
  return { ip: null, account: r.verifyResendAccount };
}

/** Counts this attempt; the refusal with the longest wait, or null when it may go ahead. */
export async function accountLimitRefusal(
  kind: AccountLimit,
  who: { ip?: string; account?: string },
): Promise<Decision | null> {
  const rules = rulesFor(kind);
  const counted: { key: string; rule: Rule }[] = [];
  if (rules.ip && who.ip) counted.push({ key: `${kind}:ip:${who.ip}`, rule: rules.ip });
  if (who.account) counted.push({ key: `${kind}:account:${who.account}`, rule: rules.account });
  const windows = await (await limitStore()).add(
    counted.map(({ key, rule }) => ({ key, points: 1, windowMs: rule.windowMs })),
  );
  const refusals = windows
    .map((w, i) => decide(counted[i]!.rule.points, w.count, w.resetInMs))
    .filter((d) => !d.allowed)
    .sort((a, b) => b.resetSeconds - a.resetSeconds);
  return refusals[0] ?? null;
}
