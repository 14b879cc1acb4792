import type { EventHandler } from "../types";

/** An authorisation that was never captured: no sale was recorded for it, and none will be. */
export const chargeExpired: EventHandler<"charge.expired"> = async () => ({
  ignored: true,
  note: "authorisation expired uncaptured: no sale",
});
