import { describe, expect, it } from "vitest";
import { z } from "zod";
import { conflict } from "@/lib/errors";
import { publicAction } from "./action";

const schema = z.object({ email: z.email("Enter a valid email address") });

describe("publicAction", () => {
  it("runs with the parsed input", async () => {
    const action = publicAction(schema, async ({ email }) => email.length);
    expect(await action({ email: "a@b.co" })).toEqual({ ok: true, data: 6 });
  });

  it("answers invalid input with zod's first issue, or the fixed message, without running", async () => {
    let ran = false;
    const run = async () => {
      ran = true;
    };
    expect(await publicAction(schema, run)({ email: "nope" })).toEqual({
      ok: false,
      error: "Enter a valid email address",
    });
    expect(await publicAction(schema, run, { invalid: "Fill in every field" })({ email: "" })).toEqual({
      ok: false,
      error: "Fill in every field",
    });
    expect(ran).toBe(false);
  });

  it("turns an AppError into the form's message and lets anything else through", async () => {
    const taken = publicAction(schema, async () => {
      throw conflict("That email is taken");
    });
    expect(await taken({ email: "a@b.co" })).toEqual({ ok: false, error: "That email is taken" });
    const broken = publicAction(schema, async () => {
      throw new Error("database down");
    });
    await expect(broken({ email: "a@b.co" })).rejects.toThrow("database down");
  });
});
