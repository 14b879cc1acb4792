import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { formLimitMessage } from "./forms";
import { installLimitStore } from "./index";
import { memoryStore } from "./store";

let restore: () => void;
beforeAll(() => {
  process.env.LIMIT_SIGNUP_IP = "2/1h";
  resetEnvCache();
  restore = installLimitStore(memoryStore());
});
afterAll(() => {
  delete process.env.LIMIT_SIGNUP_IP;
  resetEnvCache();
  restore();
});

describe("sign-up and join limits", () => {
  it("stop a third sign-up from one address within the hour, with a message saying when to retry", async () => {
    expect(await formLimitMessage("signup", "192.0.2.1")).toBeNull();
    expect(await formLimitMessage("signup", "192.0.2.1")).toBeNull();
    expect(await formLimitMessage("signup", "192.0.2.1")).toBe(
      "Too many accounts have been created from your network. Try again in 60 minutes.",
    );
    expect(await formLimitMessage("signup", "192.0.2.2")).toBeNull();
    // Join has its own counter.
    expect(await formLimitMessage("join", "192.0.2.1")).toBeNull();
  });
});
