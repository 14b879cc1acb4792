import type { Database } from "../index";
import { auditLog } from "../schema";

export async function recordAudit(
  db: Database,
  entry: { merchantId: string; actorUserId: string | null; action: string; data?: Record<string, unknown> },
) {
  await db.insert(auditLog).values({ ...entry, data: entry.data ?? {} });
}
