/**
 * Stripe's idempotency for POST: the first request with a key runs and its successful answer is
 * kept; the same key with the same endpoint and parameters replays that answer (header
 * `Idempotent-Replayed: true`); different parameters are a 400 idempotency_error. Keys are scoped
 * per account, as Stripe scopes them. Handlers run synchronously, so no two requests with one key
 * can be in flight at once and Stripe's 409 for that case cannot arise here.
 * Errors are not kept: Stripe saves no result for requests that failed validation, so a retry
 * after fixing the cause runs again.
 */
import { apiError, type SimulatorError } from "./errors";

export interface StoredResponse {
  status: number;
  body: unknown;
  requestId: string;
}

interface Entry {
  fingerprint: string;
  response: StoredResponse;
}

export type IdempotencyCheck =
  | { kind: "run"; finish: (response: StoredResponse) => void }
  | { kind: "replay"; response: StoredResponse }
  | { kind: "error"; error: SimulatorError };

export class IdempotencyStore {
  private entries = new Map<string, Entry>();

  begin(scope: string, key: string, fingerprint: string): IdempotencyCheck {
    const id = `${scope}\u0000${key}`;
    const entry = this.entries.get(id);
    if (!entry) {
      return {
        kind: "run",
        finish: (response) => {
          if (response.status < 200 || response.status >= 300) return;
          // A copy: the body may be a live stored object, and a replay must show it as it was then.
          this.entries.set(id, {
            fingerprint,
            response: { ...response, body: structuredClone(response.body) },
          });
        },
      };
    }
    if (entry.fingerprint !== fingerprint) {
      return {
        kind: "error",
        error: apiError(
          400,
          "idempotency_error",
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        ),
      };
    }
    return { kind: "replay", response: entry.response };
  }
}
