import type { Database } from "@/db";
import { insertAffiliate } from "@/db/queries/affiliates";
import { createMerchant } from "@/db/queries/merchants";
import { randomToken } from "@/lib/ids";

/** A merchant for tests, without the cost of hashing a real password. */
export async function createTestMerchant(db: Database) {
  const { merchant } = await createMerchant(db, {
    company: "Test Shop",
    name: "Owner",
    email: `owner-${randomToken(8).toLowerCase()}@example.com`,
    passwordHash: "not-a-real-hash",
  });
  return merchant;
}

export async function createTestAffiliate(db: Database, merchantId: string, code: string, extra = {}) {
  return insertAffiliate(db, {
    merchantId,
    code,
    email: `${code.toLowerCase()}-${randomToken(6)}@example.com`,
    ...extra,
  });
}
