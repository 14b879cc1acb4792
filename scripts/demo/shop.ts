import http from "node:http";
import Stripe from "stripe";
import { trackingSnippet } from "@/lib/tracking/settings";
import { PRODUCTS, type ProductKey, pages } from "./shop-pages";

/**
 * The demo shop (`npm run dev` and the end-to-end harness): a merchant's site on its own origin
 * (127.0.0.1, while Leadtrail is on localhost, so cookies and CORS behave as on a real domain).
 * Every page carries the real tracking snippet; buying creates a Checkout Session in the
 * merchant's simulated Stripe account with the official SDK, the way a shop's backend does, and
 * the simulator's hosted Checkout then delivers the sale's events to Leadtrail's webhook.
 *
 * Paths: /{public key}/{Stripe account}/{page}, so one shop serves every local merchant.
 */
export interface DemoShopOptions {
  port: number;
  appUrl: string;
  /** The key and address the shop's backend calls Stripe with (the simulator's platform key). */
  stripeSecretKey: string;
  stripeApiBase: string;
  /** Extra routes on the same server (the Stripe simulator's control, scripts/demo/control.ts). */
  extra?: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => Promise<boolean>;
}

export interface DemoShop {
  url: string;
  /** The shop as `publicKey`'s site, selling through `stripeAccount`. */
  siteUrl(publicKey: string, stripeAccount: string): string;
  close(): Promise<void>;
}

const PATH = /^\/(lt_pk_\w+)\/(acct_\w+)\/([a-z]*)$/;

export async function startDemoShop(options: DemoShopOptions): Promise<DemoShop> {
  const api = new URL(options.stripeApiBase);
  const stripe = new Stripe(options.stripeSecretKey, {
    host: api.hostname,
    port: Number(api.port),
    protocol: api.protocol === "https:" ? "https" : "http",
    maxNetworkRetries: 0,
  });
  const base = `http://127.0.0.1:${options.port}`;
  const server = http.createServer(async (req, res) => {
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString();
      if (options.extra && (await options.extra(req, res, body))) return;
      const url = new URL(req.url ?? "/", base);
      const match = PATH.exec(url.pathname);
      if (!match)
        return void html(res, 404, "<h1>Not found</h1><p>Open the shop from Leadtrail's Try it panel.</p>");
      const [, publicKey = "", account = "", name = ""] = match;
      const snippet = trackingSnippet(options.appUrl, publicKey);
      const here = `${base}/${publicKey}/${account}/`;
      if (req.method === "GET" && name === "") return void html(res, 200, pages.home(snippet));
      if (req.method === "GET" && name === "signup") return void html(res, 200, pages.signup(snippet));
      if (req.method === "GET" && name === "welcome") {
        return void html(res, 200, pages.welcome(snippet, url.searchParams.get("email") ?? ""));
      }
      if (req.method === "GET" && name === "paid") {
        const session = await stripe.checkout.sessions.retrieve(
          url.searchParams.get("session_id") ?? "",
          {},
          { stripeAccount: account },
        );
        const paid = `${session.amount_total === null ? "" : `$${(session.amount_total / 100).toFixed(2)} `}paid by ${session.customer_details?.email ?? "you"}.`;
        return void html(res, 200, pages.paid(snippet, paid));
      }
      if (req.method === "POST" && name === "checkout") {
        const form = new URLSearchParams(body);
        const result = await createCheckout(stripe, account, here, form);
        if ("error" in result) {
          const email = form.get("email") ?? "";
          return void html(
            res,
            400,
            email ? pages.welcome(snippet, email, result.error) : pages.home(snippet, result.error),
          );
        }
        return void res.writeHead(303, { location: result.url }).end();
      }
      html(res, 404, "<h1>Not found</h1>");
    } catch (error) {
      console.error("Demo shop:", error);
      if (!res.headersSent) html(res, 500, `<h1>The demo shop failed</h1><p>${String(error)}</p>`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", resolve);
  });
  return {
    url: base,
    siteUrl: (publicKey, stripeAccount) => `${base}/${publicKey}/${stripeAccount}/`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Checkout Session for one product; a coupon code the buyer typed becomes its promotion code. */
async function createCheckout(
  stripe: Stripe,
  stripeAccount: string,
  here: string,
  form: URLSearchParams,
): Promise<{ url: string } | { error: string }> {
  const key = form.get("product") as ProductKey;
  const product = PRODUCTS[key];
  if (!product) return { error: "Pick a product." };
  const email = form.get("email")?.trim();
  const tid = form.get("tid") ?? "";
  const couponCode = form.get("coupon")?.trim();
  let discounts: Stripe.Checkout.SessionCreateParams.Discount[] | undefined;
  if (couponCode) {
    const found = await stripe.promotionCodes.list(
      { code: couponCode, active: true, limit: 1 },
      { stripeAccount },
    );
    const promo = found.data[0];
    if (!promo) return { error: `No coupon code "${couponCode}" in this shop.` };
    discounts = [{ promotion_code: promo.id }];
  }
  const session = await stripe.checkout.sessions.create(
    {
      mode: product.mode,
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: "usd",
            unit_amount: product.amount,
            product_data: { name: product.name },
            ...(product.mode === "subscription" ? { recurring: { interval: "month" as const } } : {}),
          },
        },
      ],
      ...(/^[\w-]{8,64}$/.test(tid) ? { client_reference_id: tid } : {}),
      ...(email ? { customer_email: email } : {}),
      ...(discounts ? { discounts } : { allow_promotion_codes: true }),
      success_url: `${here}paid?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: here,
    },
    { stripeAccount },
  );
  return { url: session.url ?? here };
}

function html(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(body);
}
