import { and, desc, eq, isNull } from "drizzle-orm";
import { sha256Hex } from "@/lib/crypto";
import { newId, randomToken } from "@/lib/ids";
import type { Database } from "../index";
import { apiKeys, merchants } from "../schema";

export const PRIVATE_KEY_PREFIX = "lt_sk_";
export const newPublicKey = () => `lt_pk_${randomToken(24)}`;

/** Shown once; only the hash and a short prefix are stored. */
export async function createPrivateKey(db: Database, merchantId: string) {
  const key = `${PRIVATE_KEY_PREFIX}${randomToken(32)}`;
  const row = { id: newId("key"), merchantId, prefix: key.slice(0, 12), keyHash: sha256Hex(key) };
  await db.insert(apiKeys).values(row);
  return { id: row.id, key, prefix: row.prefix };
}

/**
 * Replaces the merchant's active private key. The merchant row is locked (not the keys: the
 * first rotation has none to lock), so two rotations at once cannot leave two active keys.
 */
export async function rotatePrivateKey(db: Database, merchantId: string) {
  return db.transaction(async (tx) => {
    await tx.select({ id: merchants.id }).from(merchants).where(eq(merchants.id, merchantId)).for("update");
    await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.merchantId, merchantId), isNull(apiKeys.revokedAt)));
    return createPrivateKey(tx, merchantId);
  });
}

export async function activePrivateKey(db: Database, merchantId: string) {
  const [row] = await db
    .select({
      id: apiKeys.id,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.merchantId, merchantId), isNull(apiKeys.revokedAt)))
    .orderBy(desc(apiKeys.createdAt))
    .limit(1);
  return row ?? null;
}

/** Resolves a presented private key to its merchant, or null. */
export async function merchantIdForPrivateKey(db: Database, key: string): Promise<string | null> {
  if (!key.startsWith(PRIVATE_KEY_PREFIX)) return null;
  const [row] = await db
    .select({ merchantId: apiKeys.merchantId })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sha256Hex(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row?.merchantId ?? null;
}
