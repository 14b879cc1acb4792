/**
 * The demo shop's pages: a small SaaS storefront as a merchant would build it, with Leadtrail's
 * tracking snippet in every page. Plain HTML, so what the snippet does is all there is to see.
 */

export const PRODUCTS = {
  lifetime: { name: "Acme Notes Lifetime", amount: 9900, mode: "payment" as const },
  pro: { name: "Acme Notes Pro (monthly)", amount: 2900, mode: "subscription" as const },
};
export type ProductKey = keyof typeof PRODUCTS;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1e293b}
header{display:flex;justify-content:space-between;align-items:center;border-bottom:1px solid #e2e8f0;padding-bottom:.75rem}
.plans{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.plan{border:1px solid #cbd5e1;border-radius:.5rem;padding:1rem}
button{background:#4f46e5;color:#fff;border:0;border-radius:.375rem;padding:.5rem 1rem;font:inherit;cursor:pointer}
label{display:block;margin:.5rem 0}input{font:inherit;padding:.25rem .5rem}.note{color:#64748b;font-size:.875rem}
[role=alert]{color:#b91c1c}`;

export function page(title: string, snippet: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Acme Notes</title>
<style>${STYLE}</style>${snippet}</head><body>
<header><strong>Acme Notes</strong><nav><a href="./">Home</a> · <a href="signup">Sign up</a></nav></header>
<p class="note">Demo shop for trying Leadtrail locally. Payments go to the simulated Stripe.</p>
${body}</body></html>`;
}

function money(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

/** Buy buttons: the tracking id goes to Checkout as client_reference_id, as SPEC §3 advises. */
function plans(email: string, error: string | null): string {
  const form = (key: ProductKey) => `
  <form class="plan" method="post" action="checkout" data-checkout>
    <h3>${escapeHtml(PRODUCTS[key].name)}</h3>
    <p>${money(PRODUCTS[key].amount)}${PRODUCTS[key].mode === "subscription" ? " a month" : " once"}</p>
    <input type="hidden" name="product" value="${key}">
    <input type="hidden" name="email" value="${escapeHtml(email)}">
    <input type="hidden" name="tid" value="">
    <label>Coupon code (optional) <input name="coupon" autocomplete="off"></label>
    <button>Buy ${key === "pro" ? "Pro" : "Lifetime"}</button>
  </form>`;
  return `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ""}
<div class="plans">${form("lifetime")}${form("pro")}</div>
<script>
  document.querySelectorAll("form[data-checkout]").forEach((f) =>
    f.addEventListener("submit", () => {
      f.elements.tid.value = (window.Leadtrail && Leadtrail.trackingId && Leadtrail.trackingId()) || "";
    }),
  );
</script>`;
}

export const pages = {
  home: (snippet: string, error: string | null = null) =>
    page(
      "Home",
      snippet,
      `<h1>Notes that keep up with you</h1>
<p>Acme Notes syncs your notebooks everywhere. <a href="signup">Create a free account</a> or buy right away.</p>
${plans("", error)}`,
    ),
  // autoWatch sends the email as a lead when the form is submitted (SPEC §3).
  signup: (snippet: string) =>
    page(
      "Sign up",
      snippet,
      `<h1>Create your Acme Notes account</h1>
<script>window.Leadtrail = window.Leadtrail || []; Leadtrail.push(["autoWatch"]);</script>
<form action="welcome" method="get">
  <label>Email <input type="email" name="email" required></label>
  <label>Password <input type="password" name="password"></label>
  <button>Create account</button>
</form>`,
    ),
  welcome: (snippet: string, email: string, error: string | null = null) =>
    page(
      "Welcome",
      snippet,
      `<h1>Welcome${email ? `, ${escapeHtml(email)}` : ""}!</h1><p>Your account is ready. Pick a plan:</p>
${plans(email, error)}`,
    ),
  paid: (snippet: string, what: string) =>
    page(
      "Thank you",
      snippet,
      `<h1>Thank you for your purchase</h1><p>${escapeHtml(what)}</p>
<p class="note">Back in Leadtrail, the purchase and its commission appear within a second.</p>`,
    ),
};
