import { newId } from "@/lib/ids";
import type { Database } from "../index";
import { affiliates } from "../schema";

export interface NewAffiliate {
  merchantId: string;
  email: string;
  code: string;
  firstName?: string;
  lastName?: string;
  passwordHash?: string | null;
  status?: "pending" | "active" | "inactive";
}

export async function insertAffiliate(db: Database, input: NewAffiliate) {
  const [row] = await db
    .insert(affiliates)
    .values({ id: newId("aff"), ...input, email: input.email.toLowerCase() })
    .returning();
  return row!;
}
