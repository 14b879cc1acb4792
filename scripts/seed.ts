import { getDb } from "@/db";
import { findUserByEmail } from "@/db/queries/merchants";
import { signUpMerchant } from "@/lib/merchants/sign-up";

export const DEMO_LOGIN = { email: "demo@leadtrail.dev", password: "leadtrail-demo" };

/** A demo merchant for local use, created once. */
export async function seedDemo(): Promise<void> {
  const db = await getDb();
  if (await findUserByEmail(db, DEMO_LOGIN.email)) return;
  await signUpMerchant(db, { name: "Demo Owner", company: "Demo Store", ...DEMO_LOGIN }, { verified: true });
}
