import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "../index";
import { oauthStates } from "../schema";

/** Stores a state's hash; the merchant's long-dead states are swept at the same time. */
export async function insertOAuthState(
  db: Database,
  params: { stateHash: string; merchantId: string; userId: string; ttlSeconds: number },
) {
  await db
    .delete(oauthStates)
    .where(
      and(
        eq(oauthStates.merchantId, params.merchantId),
        lt(oauthStates.expiresAt, sql`now() - interval '1 day'`),
      ),
    );
  await db.insert(oauthStates).values({
    stateHash: params.stateHash,
    merchantId: params.merchantId,
    userId: params.userId,
    expiresAt: sql`now() + make_interval(secs => ${params.ttlSeconds})`,
  });
}

/**
 * Spends a state in one statement: unused, unexpired and bound to this merchant and user, or
 * nothing. Two callbacks racing with the same state (a replay, a double click) cannot both
 * get the row back, so a code is exchanged at most once per state.
 */
export async function consumeOAuthState(
  db: Database,
  params: { stateHash: string; merchantId: string; userId: string },
) {
  const [row] = await db
    .update(oauthStates)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(oauthStates.stateHash, params.stateHash),
        eq(oauthStates.merchantId, params.merchantId),
        eq(oauthStates.userId, params.userId),
        isNull(oauthStates.usedAt),
        gt(oauthStates.expiresAt, sql`now()`),
      ),
    )
    .returning();
  return row ?? null;
}

/** Why a state could not be spent; only read after consumeOAuthState refused it. */
export async function describeOAuthState(db: Database, stateHash: string) {
  const [row] = await db
    .select({
      merchantId: oauthStates.merchantId,
      userId: oauthStates.userId,
      used: sql<boolean>`${oauthStates.usedAt} is not null`,
      expired: sql<boolean>`${oauthStates.expiresAt} <= now()`,
    })
    .from(oauthStates)
    .where(eq(oauthStates.stateHash, stateHash))
    .limit(1);
  return row ?? null;
}
