import http from "node:http";

/**
 * A merchant's marketing site on its own origin (127.0.0.1, while the app is on localhost: another
 * site, so cookies and CORS behave as on a real merchant's domain). The first path segment is the
 * merchant's public key, so one server hosts every test's site.
 */
export interface MarketingSite {
  url(publicKey: string, page?: string): string;
  close(): Promise<void>;
}

const pages: Record<string, (snippet: string) => string> = {
  "": (snippet) => `
    <h1>Acme widgets</h1>
    ${snippet}
    <a href="signup">Sign up</a>`,
  // Sign-up form captured by autoWatch: the email is sent as the form navigates away.
  signup: (snippet) => `
    <h1>Create your Acme account</h1>
    ${snippet}
    <script>addEventListener("load", () => Leadtrail.autoWatch());</script>
    <form action="thanks" method="get">
      <label>Work email <input type="email" name="email"></label>
      <label>Password <input type="password" name="password"></label>
      <button>Start free trial</button>
    </form>`,
  thanks: (snippet) => `<h1>Thanks!</h1>${snippet}`,
  // A single-page app that records the lead itself and hands the tracking id to checkout.
  app: (snippet) => `
    <h1>Acme app</h1>
    <script>window.Leadtrail = window.Leadtrail || []; Leadtrail.push(["autoWatch"]);</script>
    ${snippet}
    <label>Email <input id="email"></label>
    <button id="lead" type="button">Record lead</button>
    <button id="purchase" type="button">Record purchase</button>
    <output id="result"></output>
    <p>Tracking id: <span id="tid"></span></p>
    <script>
      addEventListener("load", () => {
        document.getElementById("tid").textContent = Leadtrail.trackingId();
        const show = (ok) => (document.getElementById("result").textContent = ok ? "recorded" : "failed");
        document.getElementById("lead").onclick = () =>
          Leadtrail.recordLead(document.getElementById("email").value, { plan: "pro" }).then(show);
        document.getElementById("purchase").onclick = () =>
          Leadtrail.recordPurchase(document.getElementById("email").value, {
            purchase_code: "order-" + Date.now(), amount: 4900, currency: "usd",
          }).then(show);
      });
    </script>`,
};

export async function startMarketingSite(port: number, appUrl: string): Promise<MarketingSite> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://site");
    const [, key = "", name = ""] = url.pathname.split("/");
    const render = pages[name];
    if (!/^lt_pk_\w+$/.test(key) || !render) return void res.writeHead(404).end("not found");
    const snippet = `<script src="${appUrl}/track.js" data-key="${key}" async></script>`;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><head><title>Acme</title></head><body>${render(snippet)}</body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: (publicKey, page = "") => `http://127.0.0.1:${port}/${publicKey}/${page}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
