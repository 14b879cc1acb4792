import { z } from "zod";

/** A limit: at most `points` in a window of `windowMs`. Written `10/1m` in the environment. */
export interface Rule {
  points: number;
  windowMs: number;
}

const UNITS = { s: 1000, m: 60_000, h: 3_600_000 } as const;

export function parseRule(text: string): Rule {
  const match = /^(\d+)\s*\/\s*(\d*)\s*([smh])$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a limit: write it as count/window, e.g. 10/1m or 600/1s`);
  const points = Number(match[1]);
  const windowMs = Number(match[2] || 1) * UNITS[match[3] as keyof typeof UNITS];
  if (points < 1 || windowMs < 1000) throw new Error(`"${text}": at least 1 in a window of at least 1s`);
  return { points, windowMs };
}

export const ruleSchema = z.string().transform((text, ctx) => {
  try {
    return parseRule(text);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as Error).message });
    return z.NEVER;
  }
});

/**
 * Defaults (README, "Configuration"), each chosen so that people using Leadtrail never meet
 * them and abuse does:
 * - sign-in per account: 10 wrong passwords a minute, then a lockout that doubles each time
 *   (1 min, 2, 4 … up to an hour): a person mistyping never gets there, a guesser gets a
 *   handful of guesses an hour.
 * - sign-in per address: 30 attempts a minute (each costs ~19 MiB of Argon2): a shared office
 *   signing in at 9:00 fits, a password spray from one host does not.
 * - sign-up 10 an hour and join 20 an hour per address: a team onboarding fits; a script
 *   creating accounts or pending affiliates by the thousand does not.
 * - password reset requests 5 an hour per address asked about and 20 an hour per client
 *   address: each sends a mail, so nobody's inbox can be flooded, while someone who asks again
 *   because the first mail was slow still gets one; an office behind one NAT fits.
 * - setting the new password 10 an hour per account and 30 an hour per client address: each
 *   costs an Argon2 hash, and a person needs one or two tries.
 * - verification email resends 5 an hour per user: enough for a slow inbox, not a mail cannon.
 * - REST API 600 a minute per key: three times LeadDyno's 200 (the floor SPEC §8 sets), room
 *   for a nightly export paging at full speed.
 * - tracking per public key 20,000 a second: a busy shop with thousands of visits a second
 *   stays far below; a flood against one key is cut before it fills the database.
 * - tracking per address 50 a second (burst 200): one visitor sends a few calls per page;
 *   even a large office behind one NAT stays below, a single flooding host does not.
 */
export const DEFAULT_RULES = {
  LIMIT_SIGNIN_ACCOUNT: "10/1m",
  LIMIT_SIGNIN_IP: "30/1m",
  LIMIT_SIGNUP_IP: "10/1h",
  LIMIT_JOIN_IP: "20/1h",
  LIMIT_RESET_REQUEST_ACCOUNT: "5/1h",
  LIMIT_RESET_REQUEST_IP: "20/1h",
  LIMIT_RESET_SUBMIT_ACCOUNT: "10/1h",
  LIMIT_RESET_SUBMIT_IP: "30/1h",
  LIMIT_VERIFY_RESEND_ACCOUNT: "5/1h",
  LIMIT_API_KEY: "600/1m",
  LIMIT_TRACK_KEY: "20000/1s",
  LIMIT_TRACK_IP: "50/1s",
} as const;
