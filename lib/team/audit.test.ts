import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { type AuditCursor, listAuditEntries, recordAudit } from "@/db/queries/audit";
import { createTestDatabase } from "@/db/testing";
import { createTestMerchant } from "@/lib/tracking/testing";
import { auditActor, auditDetails, auditSentence } from "./audit-words";
import { addTestMember } from "./team-testing";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

describe("the audit log", () => {
  it("pages newest first without gaps or repeats, even for rows sharing a timestamp, one merchant only", async () => {
    const db = handle.db;
    const merchant = await createTestMerchant(db);
    const other = await createTestMerchant(db);
    const admin = await addTestMember(db, merchant.id, "admin");
    for (let i = 0; i < 7; i++)
      await recordAudit(db, {
        merchantId: merchant.id,
        actorUserId: admin.id,
        action: "payouts.paid",
        data: { id: `pay_${i}` },
      });
    await recordAudit(db, {
      merchantId: other.id,
      actorUserId: null,
      action: "payouts.paid",
      data: { id: "theirs" },
    });
    // Three rows in one transaction share created_at: the id breaks the tie.
    await db.transaction(async (tx) => {
      for (let i = 7; i < 10; i++)
        await recordAudit(tx, {
          merchantId: merchant.id,
          actorUserId: admin.id,
          action: "payouts.paid",
          data: { id: `pay_${i}` },
        });
    });
    const seen: string[] = [];
    let cursor: AuditCursor | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const rows = await listAuditEntries(db, { merchantId: merchant.id, limit: 3, cursor });
      const page = rows.slice(0, 3);
      seen.push(...page.map((r) => String(r.data.id)));
      expect(page.every((r) => r.actorEmail === admin.email && r.actorName === admin.name)).toBe(true);
      if (rows.length <= 3) break;
      cursor = { at: page.at(-1)!.cursorAt, id: String(page.at(-1)!.id) };
    }
    expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `pay_${9 - i}`));
    const stamps = await db.execute(
      sql`select count(distinct created_at) as n from audit_log where data->>'id' in ('pay_7','pay_8','pay_9')`,
    );
    const n = Number(
      (Array.isArray(stamps) ? stamps[0] : (stamps as unknown as { rows: { n: unknown }[] }).rows[0])?.n,
    );
    expect(n).toBe(1);
  });

  it("says what happened in words, and who did it", () => {
    expect(auditSentence("team.role_changed", { email: "a@x.co", from: "viewer", to: "admin" })).toBe(
      "Changed the role of a@x.co from viewer to admin",
    );
    expect(auditSentence("team.member_invited", { email: "b@x.co", role: "admin" })).toBe(
      "Invited b@x.co to the team as an admin",
    );
    expect(auditSentence("payouts.created", { payouts: [{}, {}] })).toBe("Created 2 payouts");
    expect(auditSentence("affiliate.approve", { via: "api" })).toBe(
      "Approved an affiliate through the REST API",
    );
    expect(auditSentence("something.new", {})).toBe("something.new");
    expect(auditDetails({ ids: ["a", "b", "c", "d"], affiliateId: "aff_1", empty: "" })).toEqual([
      "ids: a, b, c … (4 in all)",
      "affiliate id: aff_1",
    ]);
    expect(auditActor({ actorUserId: "usr_1", actorName: "Ada", actorEmail: "a@x.co", data: {} })).toEqual({
      name: "Ada",
      email: "a@x.co",
    });
    expect(
      auditActor({ actorUserId: null, actorName: null, actorEmail: null, data: { via: "api" } }).name,
    ).toBe("REST API (private key)");
  });
});
