import { hash, verify } from "@node-rs/argon2";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Each Argon2 check holds ~19 MiB and a core for tens of milliseconds: at most
 * PASSWORD_HASH_CONCURRENCY run at once, others wait in line, and past a line of 200 the
 * request is turned away (429) rather than letting memory grow with a flood.
 */
const MAX_WAITING = 200;
let running = 0;
const waiting: (() => void)[] = [];

export async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= env().PASSWORD_HASH_CONCURRENCY) {
    if (waiting.length >= MAX_WAITING) {
      throw new AppError(429, "rate_limited", "Too many sign-ins at once. Try again in a few seconds.");
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next in line; otherwise free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

/** Checks running and waiting now (tests). */
export const hashLoad = () => ({ running, waiting: waiting.length });

// Argon2id with the library's defaults (OWASP-recommended memory and iterations).
export function hashPassword(password: string): Promise<string> {
  return withHashSlot(() => hash(password));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await withHashSlot(() => verify(passwordHash, password));
  } catch (error) {
    if (error instanceof AppError) throw error;
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check, so unknown emails are not revealed by timing. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("leadtrail-no-such-account");
  await verifyPassword(await dummyHash, password);
}
