import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { StripeConnection } from "@/db/schema";
import { StripeEventSyncCard } from "./stripe-event-sync-card";

const connection = (patch: Partial<StripeConnection>) =>
  ({ reconciledAt: null, ...patch }) as StripeConnection;
const text = (html: string) => html.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");
const render = (c: StripeConnection, skipped: Parameters<typeof StripeEventSyncCard>[0]["skipped"]) =>
  text(renderToStaticMarkup(createElement(StripeEventSyncCard, { connection: c, skipped })));
const none = { count: 0, latest: null };

describe("the Stripe events card", () => {
  it("says when it last reconciled and how many missed events it applied, or that it never has", () => {
    expect(render(connection({}), none)).toContain("Never reconciled");
    const at = new Date("2026-03-01T12:00:00Z");
    const shown = render(
      connection({
        reconciledAt: at,
        reconcileFound: 4,
        reconcileApplied: 3,
        reconcileFailed: 1,
        reconcileError: "evt_1 (invoice.paid): api_error (500): boom",
      }),
      none,
    );
    expect(shown).toContain(
      "Last reconciled 3/1/2026, 12:00:00 PM UTC: 3 missed events applied (of 4 found).",
    );
    expect(shown).toContain(
      "1 event could not be applied and will be tried again. First error: evt_1 (invoice.paid)",
    );
  });

  it("shows how many test events were skipped and the latest, with the reason", () => {
    const shown = render(connection({}), {
      count: 2,
      latest: {
        id: "evt_9",
        type: "charge.succeeded",
        note: "set STRIPE_TEST_SECRET_KEY to process it",
        receivedAt: new Date("2026-03-02T00:00:00Z"),
      },
    });
    expect(shown).toContain("2 events skipped. Latest: charge.succeeded (evt_9)");
    expect(shown).toContain("set STRIPE_TEST_SECRET_KEY to process it");
  });
});
