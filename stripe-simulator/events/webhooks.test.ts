import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SECRET_KEY, type StripeSimulator } from "../index";
import { connected, type Receiver, start, startReceiver, WEBHOOK_SECRET } from "../testing";

let sim: StripeSimulator;
let receiver: Receiver;
let account: string;

beforeAll(async () => {
  receiver = await startReceiver();
  ({ sim } = await start({ webhookUrl: receiver.url }));
  ({ account } = connected(sim));
});
beforeEach(() => {
  receiver.events.length = 0;
  receiver.rejected = 0;
});
afterAll(async () => {
  await sim.close();
  await receiver.close();
});

const types = () => receiver.events.map((e) => e.type);

describe("delivery and signatures", () => {
  it("deliver: false returns events a test can send itself, in any order and concurrently", async () => {
    const built = await sim.events.subscriptionStarted({
      account,
      email: "o@example.com",
      amount: 700,
      interval: "week",
      deliver: false,
    });
    expect(built.deliveries).toEqual([]);
    expect(receiver.events).toEqual([]);
    const shuffled = [...built.events].reverse();
    const answers = await Promise.all(shuffled.map((event) => sim.deliver(event)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(new Set(types())).toEqual(new Set(built.events.map((e) => e.type)));
  });

  it("signs with the configured secret: a wrong secret or a stale timestamp fails verification", async () => {
    const { events } = await sim.events.checkoutPayment({
      account,
      email: "s@example.com",
      amount: 100,
      deliver: false,
    });
    const event = events[0] ?? {};
    expect((await sim.deliver(event, { secret: "whsec_wrong" })).status).toBe(400);
    expect((await sim.deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(400);
    expect(receiver.rejected).toBe(2);
    expect((await sim.deliver(event)).status).toBe(200);
    // The same bytes verify with the SDK used directly, as the app's route handler will.
    const payload = JSON.stringify(event);
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    expect(new Stripe(DEFAULT_SECRET_KEY).webhooks.constructEvent(payload, header, WEBHOOK_SECRET).id).toBe(
      (event as Stripe.Event).id,
    );
  });
});
