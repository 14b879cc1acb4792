import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db";
import { verifyPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { signUpMerchant } from "@/lib/merchants/sign-up";
import { createTestDatabase } from "../testing";
import { activePrivateKey, createPrivateKey, merchantIdForPrivateKey, rotatePrivateKey } from "./api-keys";
import { membershipsForUser } from "./merchants";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle?.close());

const input = (email: string) => ({ name: "Ada", company: "Ada's Shop", email, password: "long-password" });

describe("merchant sign-up", () => {
  it("creates the merchant, its owner and a hashed password", async () => {
    const { merchant, user } = await signUpMerchant(handle.db, input("Owner@Example.com"));
    expect(merchant.id).toMatch(/^mer_/);
    expect(merchant.publicKey).toMatch(/^lt_pk_/);
    expect(merchant.slug).toMatch(/^ada-s-shop-[a-z0-9]{4}$/);
    expect(user.email).toBe("owner@example.com");
    expect(user.passwordHash).not.toContain("long-password");
    expect(await verifyPassword(user.passwordHash, "long-password")).toBe(true);
    expect(await membershipsForUser(handle.db, user.id)).toEqual([
      { merchantId: merchant.id, role: "owner", merchantName: "Ada's Shop" },
    ]);
  });

  it("refuses bad input and duplicate emails, whatever their case", async () => {
    await expect(
      signUpMerchant(handle.db, { ...input("x@example.com"), password: "short" }),
    ).rejects.toMatchObject({
      status: 400,
      message: "Password must be at least 8 characters",
    });
    await expect(signUpMerchant(handle.db, input("not-an-email"))).rejects.toBeInstanceOf(AppError);
    await signUpMerchant(handle.db, input("dup@example.com"));
    await expect(signUpMerchant(handle.db, input("DUP@example.com"))).rejects.toMatchObject({ status: 409 });
  });

  it("settles two sign-ups with one email at once: exactly one wins", async () => {
    const results = await Promise.allSettled([
      signUpMerchant(handle.db, input("race@example.com")),
      signUpMerchant(handle.db, input("race@example.com")),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { status: 409 } });
  });
});

describe("private API keys", () => {
  it("are stored hashed, resolve to their merchant, and stop working when rotated", async () => {
    const { merchant } = await signUpMerchant(handle.db, input("keys@example.com"));
    const first = await createPrivateKey(handle.db, merchant.id);
    expect(await merchantIdForPrivateKey(handle.db, first.key)).toBe(merchant.id);
    expect((await activePrivateKey(handle.db, merchant.id))?.prefix).toBe(first.key.slice(0, 12));

    const second = await rotatePrivateKey(handle.db, merchant.id);
    expect(await merchantIdForPrivateKey(handle.db, first.key)).toBeNull();
    expect(await merchantIdForPrivateKey(handle.db, second.key)).toBe(merchant.id);
    expect(await merchantIdForPrivateKey(handle.db, "lt_sk_nonsense")).toBeNull();
  });

  it("two rotations at once leave exactly one active key", async () => {
    const { merchant } = await signUpMerchant(handle.db, input("rotate-race@example.com"));
    const keys = await Promise.all([
      rotatePrivateKey(handle.db, merchant.id),
      rotatePrivateKey(handle.db, merchant.id),
    ]);
    const active = await Promise.all(keys.map((k) => merchantIdForPrivateKey(handle.db, k.key)));
    expect(active.filter(Boolean)).toHaveLength(1);
  });
});
