import { appDatabase } from "@/db";
import { sweepWindows } from "@/db/queries/limits";
import { env } from "@/lib/env";
import { databaseStore, type LimitStore, memoryStore } from "./store";
import { trackLimiter } from "./tracking";

const slot = globalThis as unknown as { leadtrailLimitStore?: Promise<LimitStore> };

/**
 * The app's limit store: the database on PostgreSQL (shared by every process), memory on PGlite
 * (which only one process can open). Shared by the custom server and Next's bundles.
 */
export function limitStore(): Promise<LimitStore> {
  slot.leadtrailLimitStore ??= appDatabase().then((handle) => {
    if (handle.driver !== "postgres") return memoryStore();
    const sweep = setInterval(() => void sweepWindows(handle.db).catch(() => {}), 5 * 60_000);
    sweep.unref();
    return databaseStore(handle.db);
  });
  return slot.leadtrailLimitStore;
}

/** Replaces the app's store (tests). */
export function installLimitStore(store: LimitStore): () => void {
  const previous = slot.leadtrailLimitStore;
  slot.leadtrailLimitStore = Promise.resolve(store);
  return () => {
    slot.leadtrailLimitStore = previous;
  };
}

export function limitRules() {
  const e = env();
  return {
    signinAccount: e.LIMIT_SIGNIN_ACCOUNT,
    signinIp: e.LIMIT_SIGNIN_IP,
    signupIp: e.LIMIT_SIGNUP_IP,
    joinIp: e.LIMIT_JOIN_IP,
    resetRequestAccount: e.LIMIT_RESET_REQUEST_ACCOUNT,
    resetRequestIp: e.LIMIT_RESET_REQUEST_IP,
    resetSubmitAccount: e.LIMIT_RESET_SUBMIT_ACCOUNT,
    resetSubmitIp: e.LIMIT_RESET_SUBMIT_IP,
    verifyResendAccount: e.LIMIT_VERIFY_RESEND_ACCOUNT,
    apiKey: e.LIMIT_API_KEY,
    trackKey: e.LIMIT_TRACK_KEY,
    trackIp: e.LIMIT_TRACK_IP,
  };
}

/** The tracking limiter of this process, with the configured rules. */
export function appTrackLimiter() {
  return trackLimiter(() => {
    const r = limitRules();
    return { ip: r.trackIp, key: r.trackKey };
  });
}
