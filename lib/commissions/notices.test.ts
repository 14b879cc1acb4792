import { and, eq, sql } from "drizzle-orm";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as unsubscribeRoute from "@/app/api/unsubscribe/route";
import { affiliates, commissions, jobs } from "@/db/schema";
import { unsubscribeTarget } from "@/lib/affiliates/unsubscribe";
import { installAppDatabase } from "@/lib/api/testing";
import { type MailBed, startMailBed, TEST_APP_URL } from "@/lib/mail/messages-testing";
import { linkIn } from "@/lib/mail/testing";
import { setPortalNoticeSetting } from "@/lib/portal/notices";
import { connectedShop, expectDelivered, trackedVisitor } from "@/lib/sales/sales-testing";
import { type StripeTestbed, startStripeTestbed } from "@/lib/stripe/testing";
import { COMMISSION_NOTICE } from "./notices";

/**
 * The new-commission notice from a real Stripe webhook (the simulator signs and delivers the
 * events) to a real SMTP server, and its unsubscribe link followed signed out.
 */
let bed: StripeTestbed;
let mail: MailBed;
let restore: () => void;

beforeAll(async () => {
  mail = await startMailBed();
  bed = await startStripeTestbed();
  restore = installAppDatabase(bed.handle);
});
afterAll(async () => {
  restore?.();
  await bed?.close();
  await mail?.close();
});

type Shop = Awaited<ReturnType<typeof connectedShop>>;

/** A customer the affiliate referred buys; the queue then runs until its mail is out. */
async function sale(shop: Shop, amount: number) {
  const email = `buyer-${Math.random().toString(36).slice(2, 8)}@example.com`;
  await trackedVisitor(bed, shop.merchantId, shop.affiliate.id, email);
  expectDelivered(await bed.sim.events.checkoutPayment({ account: shop.account, email, amount }));
  await mail.deliver(bed.db);
}

const post = (url: string, body: string) =>
  unsubscribeRoute.POST(
    new Request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    }),
  );

const noticesOn = async (shop: Shop) =>
  (await bed.db.select().from(affiliates).where(eq(affiliates.id, shop.affiliate.id)))[0]!.commissionNotices;

const noticeJobs = async (merchantId: string) =>
  (
    await bed.db
      .select({ n: sql<number>`count(*)::int` })
      .from(jobs)
      .where(and(eq(jobs.kind, COMMISSION_NOTICE), eq(jobs.merchantId, merchantId)))
  )[0]!.n;

function header(message: ParsedMail, name: string): string {
  return message.headerLines.find((h) => h.key === name)?.line ?? "";
}

describe("the new-commission notice", () => {
  it("tells the affiliate what they earned and when it is payable, with a one-click way out", async () => {
    const shop = await connectedShop(bed);
    await sale(shop, 4999);
    const [notice, ...more] = mail.mailTo(shop.affiliate.email);
    expect(more).toHaveLength(0);
    expect(notice!.subject).toMatch(/^\[Test mode\] You earned a \$10\.00 commission from /);
    expect(notice!.text).toContain("Hi Maya,");
    expect(notice!.text).toMatch(
      /It becomes payable on \w{3} \d{1,2}, \d{4}, once the refund period has passed\./,
    );
    expect(linkIn(notice!, `${TEST_APP_URL}/portal/`)).toBe(`${TEST_APP_URL}/portal/commissions`);
    const page = linkIn(notice!, `${TEST_APP_URL}/unsubscribe?`);
    const oneClick = page.replace("/unsubscribe?", "/api/unsubscribe?");
    expect(header(notice!, "list-unsubscribe")).toContain(`<${oneClick}>`);
    expect(header(notice!, "list-unsubscribe-post")).toBe(
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    );
    expect(notice!.html).toContain(`href="${page.replaceAll("&", "&amp;")}"`);

    // A mail client's RFC 8058 one-click POST, signed out.
    const res = await post(oneClick, "List-Unsubscribe=One-Click");
    expect(res.status).toBe(200);
    expect(await noticesOn(shop)).toBe(false);
    const jobsBefore = await noticeJobs(shop.merchantId);
    await sale(shop, 2500);
    expect(mail.mailTo(shop.affiliate.email)).toHaveLength(1);
    // Nothing is queued on the webhook's transaction for an affiliate who turned notices off.
    expect(await noticeJobs(shop.merchantId)).toBe(jobsBefore);
  });

  it("says nothing of a commission held for review: that would tell the affiliate they were flagged", async () => {
    const shop = await connectedShop(bed);
    const email = `buyer-${Math.random().toString(36).slice(2, 8)}@mailinator.com`;
    await trackedVisitor(bed, shop.merchantId, shop.affiliate.id, email);
    expectDelivered(await bed.sim.events.checkoutPayment({ account: shop.account, email, amount: 4999 }));
    await mail.deliver(bed.db);
    const [held] = await bed.db.select().from(commissions).where(eq(commissions.merchantId, shop.merchantId));
    expect(held).toMatchObject({ status: "on_hold", holdReason: "review" });
    expect(mail.mailTo(shop.affiliate.email)).toHaveLength(0);
  });

  it("the link in the body opens a page that asks first; its button stops them; the portal turns them on again", async () => {
    const shop = await connectedShop(bed);
    await sale(shop, 4999);
    const page = linkIn(mail.mailTo(shop.affiliate.email)[0]!, `${TEST_APP_URL}/unsubscribe?`);
    const params = new URL(page).searchParams;

    // Opening the link (a person, or a mail scanner) changes nothing.
    const opened = unsubscribeRoute.GET(new Request(page.replace("/unsubscribe?", "/api/unsubscribe?")));
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe(page);
    expect(await unsubscribeTarget(bed.db, params)).toMatchObject({
      email: shop.affiliate.email,
      commissionNotices: true,
    });
    // The page's button: a form POST back to the page.
    const pressed = await post(`${TEST_APP_URL}/api/unsubscribe?${params}`, "");
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get("location")).toBe(page);
    expect((await unsubscribeTarget(bed.db, params)).commissionNotices).toBe(false);
    await sale(shop, 3000);
    expect(mail.mailTo(shop.affiliate.email)).toHaveLength(1);

    const ctx = { merchantId: shop.merchantId, affiliateId: shop.affiliate.id, email: "", name: "" };
    expect(await setPortalNoticeSetting(bed.db, ctx, true)).toBe(true);
    await sale(shop, 1500);
    const notices = mail.mailTo(shop.affiliate.email);
    expect(notices).toHaveLength(2);
    expect(notices[1]!.subject).toMatch(/\$3\.00 commission/);
  });

  it("refuses a forged or altered link and changes nothing", async () => {
    const shop = await connectedShop(bed);
    const other = await connectedShop(bed);
    await sale(shop, 4999);
    await sale(other, 4999);
    const page = linkIn(mail.mailTo(shop.affiliate.email)[0]!, `${TEST_APP_URL}/unsubscribe?`);
    const mine = new URL(page.replace("/unsubscribe?", "/api/unsubscribe?"));
    const forged = (change: Record<string, string>) => {
      const url = new URL(mine);
      for (const [name, value] of Object.entries(change)) url.searchParams.set(name, value);
      return url.toString();
    };
    const t = mine.searchParams.get("t")!;
    const flipped = (t[0] === "A" ? "B" : "A") + t.slice(1);
    for (const url of [
      forged({ t: flipped }),
      forged({ a: other.affiliate.id }),
      forged({ m: other.merchantId, a: other.affiliate.id }),
    ]) {
      const res = await post(url, "List-Unsubscribe=One-Click");
      expect(res.status).toBe(403);
      expect((await res.json()).error.code).toBe("invalid_link");
    }
    expect((await post(forged({ t: "short" }), "List-Unsubscribe=One-Click")).status).toBe(400);
    expect((await post(`${TEST_APP_URL}/api/unsubscribe`, "List-Unsubscribe=One-Click")).status).toBe(400);
    expect(await noticesOn(shop)).toBe(true);
    expect(await noticesOn(other)).toBe(true);
  });
});
