import type Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CLIENT_ID, type StripeSimulator } from "../index";
import { failure, sdk, start } from "../testing";

let sim: StripeSimulator;
let stripe: Stripe;
const redirectUri = "http://localhost:3000/api/stripe/oauth/callback";

beforeAll(async () => {
  ({ sim, stripe } = await start());
});
afterAll(() => sim.close());

function authorizeUrl(params: Record<string, string>): string {
  const query = new URLSearchParams({
    response_type: "code",
    client_id: DEFAULT_CLIENT_ID,
    scope: "read_write",
    redirect_uri: redirectUri,
    ...params,
  });
  return `${sim.url}/oauth/authorize?${query}`;
}

/** Submits the authorize page's form the way a browser would. */
async function clickConnect(state: string, extra: Record<string, string> = {}): Promise<URL> {
  const form = new URLSearchParams({
    client_id: DEFAULT_CLIENT_ID,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "read_write",
    state,
    account: "new",
    mode: "test",
    ...extra,
  });
  const res = await fetch(`${sim.url}/oauth/authorize/confirm`, {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  expect(res.status).toBe(303);
  return new URL(res.headers.get("location") ?? "");
}

describe("Connect OAuth", () => {
  it("serves an authorize page with a real Connect button, escaping what it reflects", async () => {
    const res = await fetch(authorizeUrl({ state: `"><script>alert(1)</script>` }));
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/<title>Connect with Stripe<\/title>/);
    expect(html).toContain('<button type="submit">Connect my Stripe account</button>');
    expect(html).toContain("Stripe is simulated");
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("&#34;&#62;&#60;script&#62;");
    const deny = /<a class="deny" href="([^"]+)">Deny<\/a>/.exec(html)?.[1]?.replaceAll("&#38;", "&");
    const denied = new URL(deny ?? "");
    expect(denied.origin + denied.pathname).toBe(redirectUri);
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("error_description")).toBe("The user denied your request");
    expect(denied.searchParams.get("state")).toBe(`"><script>alert(1)</script>`);
  });

  it("shows an error page for an unknown client_id and redirects back for a bad response_type", async () => {
    const bad = await fetch(authorizeUrl({ client_id: "ca_other", state: "s" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("No application matches the client_id ca_other");
    const wrongType = await fetch(authorizeUrl({ response_type: "token", state: "s1" }), {
      redirect: "manual",
    });
    expect(wrongType.status).toBe(303);
    const back = new URL(wrongType.headers.get("location") ?? "");
    expect(back.searchParams.get("error")).toBe("unsupported_response_type");
    expect(back.searchParams.get("state")).toBe("s1");
  });

  it("authorizes, exchanges the code once, and deauthorizes", async () => {
    const back = await clickConnect("state-123", { business_name: "Maya's Shop" });
    expect(back.origin + back.pathname).toBe(redirectUri);
    expect(back.searchParams.get("state")).toBe("state-123");
    const code = back.searchParams.get("code") ?? "";
    expect(code).toMatch(/^ac_/);

    // The SDK sends OAuth calls with the platform key; a wrong key fails without spending the code.
    const wrongKey = sdk(sim, { key: "sk_test_not_the_platform_key" });
    expect((await failure(wrongKey.oauth.token({ grant_type: "authorization_code", code }))).statusCode).toBe(
      401,
    );

    const token = await stripe.oauth.token({ grant_type: "authorization_code", code });
    expect(token).toMatchObject({ token_type: "bearer", scope: "read_write", livemode: false });
    expect(token.stripe_user_id).toMatch(/^acct_/);
    expect(token.access_token).toMatch(/^sk_test_/);
    expect(token.stripe_publishable_key).toMatch(/^pk_test_/);
    expect(token.refresh_token).toMatch(/^rt_/);
    const account = token.stripe_user_id ?? "";
    expect(sim.state.accounts.get(account)?.businessName).toBe("Maya's Shop");

    const again = await failure(stripe.oauth.token({ grant_type: "authorization_code", code }));
    expect(again).toMatchObject({
      type: "StripeInvalidGrantError",
      statusCode: 400,
      message: `Authorization code does not exist: ${code}`,
    });
    expect(again.raw).toMatchObject({ type: "invalid_grant" });
    const unknown = await failure(stripe.oauth.token({ grant_type: "authorization_code", code: "ac_nope" }));
    expect(unknown.type).toBe("StripeInvalidGrantError");

    const me = await stripe.accounts.retrieve(account);
    expect(me).toMatchObject({ id: account, object: "account", business_profile: { name: "Maya's Shop" } });

    expect(
      await stripe.oauth.deauthorize({ client_id: DEFAULT_CLIENT_ID, stripe_user_id: account }),
    ).toMatchObject({ stripe_user_id: account });
    expect(sim.state.deauthorizations).toEqual([expect.objectContaining({ account, by: "platform" })]);
    const revoked = await failure(stripe.customers.list({}, { stripeAccount: account }));
    expect(revoked).toMatchObject({ statusCode: 403, code: "account_invalid" });
    const twice = await failure(
      stripe.oauth.deauthorize({ client_id: DEFAULT_CLIENT_ID, stripe_user_id: account }),
    );
    expect(twice.type).toBe("StripeInvalidClientError");
    expect(twice.message).toContain(`not connected to stripe account ${account}`);
  });

  it("reconnects an existing account in live mode from the form", async () => {
    const first = await clickConnect("a");
    const account =
      (
        await stripe.oauth.token({
          grant_type: "authorization_code",
          code: first.searchParams.get("code") ?? "",
        })
      ).stripe_user_id ?? "";
    await stripe.oauth.deauthorize({ client_id: DEFAULT_CLIENT_ID, stripe_user_id: account });
    const again = await clickConnect("b", { account, mode: "live" });
    const token = await stripe.oauth.token({
      grant_type: "authorization_code",
      code: again.searchParams.get("code") ?? "",
    });
    expect(token).toMatchObject({ stripe_user_id: account, livemode: true });
    expect(token.access_token).toMatch(/^sk_live_/);
    expect((await stripe.customers.list({}, { stripeAccount: account })).data).toEqual([]);
  });
});
