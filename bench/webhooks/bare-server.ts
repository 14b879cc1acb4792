import http from "node:http";
import postgres from "postgres";
import Stripe from "stripe";

/**
 * The floor to compare against: node:http, the same signature check, and one insert of the
 * event row (into a copy of stripe_events, so the app's own table stays untouched).
 */
const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
const stripe = new Stripe("sk_unused");
const secret = process.env.STRIPE_WEBHOOK_SECRET!;

http
  .createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    let event: Stripe.Event;
    try {
      event = stripe.webhooks.constructEvent(body, req.headers["stripe-signature"] as string, secret, 300);
    } catch {
      return void res.writeHead(400).end();
    }
    try {
      await sql`insert into bench_stripe_events (id, account, type, livemode, status, payload, created_at)
        values (${event.id}, ${event.account ?? null}, ${event.type}, ${event.livemode}, 'processed',
                ${sql.json(event as never)}, ${new Date(event.created * 1000)})
        on conflict do nothing`;
      res.writeHead(200, { "content-type": "application/json" }).end('{"received":true}');
    } catch (error) {
      console.error(error);
      res.writeHead(500).end();
    }
  })
  .listen(Number(process.env.PORT), "127.0.0.1");
