import { timingSafeEqual } from "node:crypto";
import type http from "node:http";
import type { StripeSimulator } from "@/stripe-simulator";

/**
 * What only Stripe's own world does, for the dashboard's Try it panel in local use: the merchant
 * refunds a payment in Stripe's dashboard, or the customer's bank opens a dispute. The simulator
 * makes the change and delivers the signed events to Leadtrail's webhook before this answers.
 * Leadtrail calls it over HTTP with a per-run token (LEADTRAIL_DEMO_CONTROL_TOKEN), so no other
 * page the browser opens can.
 *
 *   POST /control/{refund|dispute}  { "account": "acct_…", "charge": "ch_…" | "invoice": "in_…" }
 */
export function stripeControl(sim: StripeSimulator, token: string) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<boolean> => {
    const action = /^\/control\/(refund|dispute)$/.exec(req.url ?? "")?.[1];
    if (!action) return false;
    const [status, answer] = await run(sim, token, req, action, body);
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer));
    return true;
  };
}

async function run(
  sim: StripeSimulator,
  token: string,
  req: http.IncomingMessage,
  action: string,
  body: string,
): Promise<[number, unknown]> {
  if (req.method !== "POST") return [405, { error: "POST only" }];
  if (!sameToken(req.headers.authorization, token)) return [401, { error: "bad token" }];
  let input: { account?: unknown; charge?: unknown; invoice?: unknown };
  try {
    input = JSON.parse(body || "{}");
  } catch {
    return [400, { error: "the body is not JSON" }];
  }
  const text = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
  const target = {
    account: text(input.account) ?? "",
    charge: text(input.charge),
    invoice: text(input.invoice),
  };
  if (!sim.state.accounts.has(target.account) || (!target.charge && !target.invoice)) {
    return [
      400,
      {
        error:
          "The simulated Stripe does not know this account or payment (it forgets both when it restarts).",
      },
    ];
  }
  try {
    const result = action === "refund" ? await sim.events.refund(target) : await sim.events.dispute(target);
    return [200, { deliveries: result.deliveries.map((d) => ({ type: d.type, status: d.status })) }];
  } catch (error) {
    return [400, { error: error instanceof Error ? error.message : String(error) }];
  }
}

function sameToken(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header ?? "");
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
