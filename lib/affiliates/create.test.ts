import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { affiliateActivity, getAffiliate, listAffiliates } from "@/db/queries/affiliates";
import { createTestDatabase } from "@/db/testing";
import { decodeCursor } from "@/lib/cursor";
import { AppError } from "@/lib/errors";
import { handleTrack } from "@/lib/tracking/handler";
import { createTestMerchant } from "@/lib/tracking/testing";
import { commands } from "@/lib/wiring/commands";
import { createAffiliate, referralLink } from "./create";

let handle: DbHandle;
let shop: Awaited<ReturnType<typeof createTestMerchant>>;
let other: Awaited<ReturnType<typeof createTestMerchant>>;
beforeAll(async () => {
  handle = await createTestDatabase();
  shop = await createTestMerchant(handle.db);
  other = await createTestMerchant(handle.db);
});
afterAll(() => handle?.close());

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("creating affiliates", () => {
  it("stores a valid affiliate with its email lower-cased", async () => {
    const a = await createAffiliate(handle.db, shop.id, {
      firstName: " Sam ",
      lastName: "Lee",
      email: "Sam@Example.com",
      code: "Sam-1",
    });
    expect(a).toMatchObject({
      merchantId: shop.id,
      firstName: "Sam",
      email: "sam@example.com",
      code: "Sam-1",
    });
    expect(a.id).toMatch(/^aff_/);
  });

  it("refuses a code already in use in the program, whatever its case", async () => {
    const e = await refusal(
      createAffiliate(handle.db, shop.id, { email: "other@example.com", code: "SAM-1" }),
    );
    expect(e.status).toBe(409);
    expect(e.message).toBe('The referral code "SAM-1" is already in use (codes ignore case)');
  });

  it("allows the same code in another merchant's program", async () => {
    const a = await createAffiliate(handle.db, other.id, { email: "sam@example.com", code: "sam-1" });
    expect(a.merchantId).toBe(other.id);
  });

  it("refuses a second affiliate with the same email", async () => {
    const e = await refusal(createAffiliate(handle.db, shop.id, { email: "SAM@example.com", code: "sam-2" }));
    expect(e.message).toBe("An affiliate with this email already exists");
  });

  it("refuses codes with other characters, and bad emails", async () => {
    for (const code of ["sam 1", "sam/1", "<script>", "sam?x=1", "", "ß"]) {
      const e = await refusal(createAffiliate(handle.db, shop.id, { email: "x@example.com", code }));
      expect(e.status).toBe(400);
    }
    const e = await refusal(createAffiliate(handle.db, shop.id, { email: "not-an-email", code: "ok" }));
    expect(e.message).toBe("Enter a valid email address");
  });

  it("keeps markup in names as plain text", async () => {
    const name = '<img src=x onerror="alert(1)">';
    const a = await createAffiliate(handle.db, shop.id, {
      firstName: name,
      email: "xss@example.com",
      code: "xss",
    });
    expect((await getAffiliate(handle.db, shop.id, a.id))!.firstName).toBe(name);
  });

  it("a visit with a new code is credited at once, though a miss was cached just before", async () => {
    const visit = (tid: string) =>
      handleTrack(() => Promise.resolve(handle.db), {
        method: "POST",
        endpoint: "visit",
        origin: null,
        contentType: "application/json",
        body: JSON.stringify({ key: shop.publicKey, tid, url: "https://shop.example/?afmc=late" }),
      });
    await visit("before-create-1");
    const late = await createAffiliate(handle.db, shop.id, { email: "late@example.com", code: "late" });
    await visit("after-create-1");
    const activity = await affiliateActivity(handle.db, shop.id, [late.id]);
    expect(activity.get(late.id)).toEqual({ visits: 1, leads: 0 });
  });
});

describe("listing affiliates", () => {
  it("pages newest first without gaps or repeats, scoped to the merchant", async () => {
    for (let i = 0; i < 7; i++) {
      await createAffiliate(handle.db, shop.id, { email: `page${i}@example.com`, code: `page-${i}` });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listAffiliates>> = await listAffiliates(handle.db, {
        merchantId: shop.id,
        limit: 3,
        cursor: decodeCursor(cursor),
      });
      seen.push(...page.affiliates.map((a) => a.code));
      cursor = page.nextCursor;
    } while (cursor);
    // Paging returns exactly the one-page listing: rows sharing a timestamp are ordered by id.
    const onePage = await listAffiliates(handle.db, { merchantId: shop.id, limit: 100, cursor: null });
    expect(seen).toEqual(onePage.affiliates.map((a) => a.code));
    expect(seen.slice(0, 7).sort()).toEqual([
      "page-0",
      "page-1",
      "page-2",
      "page-3",
      "page-4",
      "page-5",
      "page-6",
    ]);
    expect(seen.indexOf("page-6")).toBeLessThan(seen.indexOf("Sam-1"));
    const all = await listAffiliates(handle.db, { merchantId: other.id, limit: 50, cursor: null });
    expect(all.affiliates.map((a) => a.code)).toEqual(["sam-1"]);
  });

  it("searches names, emails and codes literally", async () => {
    const search = async (q: string) =>
      (
        await listAffiliates(handle.db, { merchantId: shop.id, search: q, limit: 50, cursor: null })
      ).affiliates.map((a) => a.code);
    expect(await search("sam lee")).toEqual(["Sam-1"]);
    expect(await search("PAGE3@")).toEqual(["page-3"]);
    expect(await search("%")).toEqual([]);
    expect(await search("_")).toEqual([]);
    expect(await search("-")).toContain("page-0");
  });

  it("an id from another merchant is not found", async () => {
    const [theirs] = (await listAffiliates(handle.db, { merchantId: other.id, limit: 1, cursor: null }))
      .affiliates;
    expect(await getAffiliate(handle.db, shop.id, theirs!.id)).toBeNull();
    expect(await getAffiliate(handle.db, other.id, theirs!.id)).not.toBeNull();
  });
});

describe("referral links and the CLI", () => {
  it("adds the code to the merchant's site URL", () => {
    expect(referralLink("https://shop.example", "afmc", "sam-1")).toBe("https://shop.example/?afmc=sam-1");
    expect(referralLink("https://shop.example/landing?utm=x", "afmc", "sam-1")).toBe(
      "https://shop.example/landing?utm=x&afmc=sam-1",
    );
  });

  it("affiliates:create creates through the same rules", async () => {
    const run = (...argv: string[]) => commands["affiliates:create"]!.run(handle.db, argv);
    const created = (await run(
      "--merchant",
      shop.id,
      "--email",
      "cli@example.com",
      "--code",
      "cli-1",
      "--first-name",
      "Cli",
    )) as Record<string, string>;
    expect(created).toMatchObject({
      merchant_id: shop.id,
      email: "cli@example.com",
      code: "cli-1",
      first_name: "Cli",
    });
    expect(created.referral_link).toMatch(/\?afmc=cli-1$/);
    await expect(
      run("--merchant", shop.id, "--email", "cli2@example.com", "--code", "CLI-1"),
    ).rejects.toThrow(/already in use/);
    await expect(run("--merchant", "mer_nope", "--email", "a@b.co", "--code", "x")).rejects.toThrow(
      /No merchant/,
    );
    await expect(run("--merchant", shop.id, "--email", "a@b.co")).rejects.toThrow(/--code/);
  });
});
