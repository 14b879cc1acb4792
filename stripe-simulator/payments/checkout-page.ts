/**
 * A stand-in for Stripe's hosted Checkout page at a session's `url`, so a browser flow (merchant
 * site → Checkout → success page) works end to end: paying completes the session and delivers its
 * events exactly as the `completeCheckout` scenario does.
 */

import { escapeHtml, type PageResponse, renderPage } from "../accounts/oauth-authorize";
import { finish } from "../events/scenario-kit";
import { saleEvents } from "../events/scenarios-sales";
import { SimulatorError } from "../http/errors";
import type { SimAccount, SimContext } from "../store/state";
import { completeSession } from "./checkout";
import { formatMoney } from "./payments";

function findSession(sim: SimContext, id: string) {
  for (const account of sim.state.accounts.values()) {
    const session = account.checkoutSessions.get(id);
    if (session) return { account, session };
  }
  return null;
}

function form(account: SimAccount, sessionId: string, message: string | null): PageResponse {
  const session = account.checkoutSessions.get(sessionId);
  const details = account.checkoutDetails.get(sessionId);
  if (!session || !details)
    return renderPage(404, "Checkout", "<h1>This Checkout Session does not exist.</h1>");
  if (session.status !== "open")
    return renderPage(410, "Checkout", `<h1>This Checkout Session is ${session.status}.</h1>`);
  const items = details.lines
    .map(
      (l) =>
        `<li>${escapeHtml(l.name)} × ${l.quantity}: ${formatMoney(l.unitAmount * l.quantity, session.currency)}</li>`,
    )
    .join("");
  const promo = details.allowPromotionCodes
    ? `<label for="promotion_code">Promotion code</label><input id="promotion_code" name="promotion_code" type="text">`
    : "";
  return renderPage(
    message ? 400 : 200,
    "Checkout",
    `<h1>Pay ${escapeHtml(account.businessName ?? account.id)}</h1>
<ul>${items}</ul>
${message ? `<p role="alert">${escapeHtml(message)}</p>` : ""}
<form method="post">
<label for="email">Email</label>
<input id="email" name="email" type="email" required value="${escapeHtml(session.customer_email ?? "")}">
<label for="name">Name on card</label>
<input id="name" name="name" type="text">
${promo}
<button type="submit">Pay</button>
</form>`,
  );
}

export async function checkoutPage(
  sim: SimContext,
  method: string,
  id: string,
  body: string,
): Promise<PageResponse> {
  const found = findSession(sim, id);
  if (!found) return renderPage(404, "Checkout", "<h1>This Checkout Session does not exist.</h1>");
  const { account, session } = found;
  if (method !== "POST") return form(account, id, null);
  const fields = new URLSearchParams(body);
  try {
    const done = completeSession(sim, account, session, {
      email: fields.get("email") || null,
      name: fields.get("name") || null,
      promotionCode: fields.get("promotion_code") || null,
    });
    const deliver = account.connected ? sim.config.webhookUrl !== null : account.webhookEndpoints.size > 0;
    await finish(sim, saleEvents(sim, account, done), deliver);
  } catch (error) {
    if (error instanceof SimulatorError) return form(account, id, error.message);
    throw error;
  }
  const next = session.success_url?.replace("{CHECKOUT_SESSION_ID}", session.id);
  if (next) return { status: 303, headers: { Location: next }, body: "" };
  return renderPage(200, "Checkout", "<h1>Payment complete</h1><p>You can close this page.</p>");
}
