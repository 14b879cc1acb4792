import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { conflict } from "@/lib/errors";
import { errorAnswer, errorResponse } from "./error-answer";

describe("the one error mapper", () => {
  it("keeps an AppError's status, code and message", () => {
    expect(errorAnswer(conflict("Code taken", "code_taken"))).toEqual({
      status: 409,
      body: { error: { code: "code_taken", message: "Code taken" } },
    });
  });

  it("answers a ZodError 400 with its first issue", () => {
    const parsed = z.object({ email: z.email("Enter an email") }).safeParse({ email: "x" });
    expect(errorAnswer(parsed.error)).toEqual({
      status: 400,
      body: { error: { code: "invalid_request", message: "Enter an email" } },
    });
  });

  it("answers anything else 500 without its message, logged, with the caller's wording", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const secret = new Error("password authentication failed for user leadtrail");
    const answer = errorAnswer(secret, { internal: { code: "processing_failed", message: "Retry later" } });
    expect(answer).toEqual({
      status: 500,
      body: { error: { code: "processing_failed", message: "Retry later" } },
    });
    const res = errorResponse(secret, { headers: { "cache-control": "no-store" } });
    expect(res.status).toBe(500);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(JSON.stringify(await res.json())).not.toContain("password");
    expect(log).toHaveBeenCalledTimes(2);
    log.mockRestore();
  });
});
