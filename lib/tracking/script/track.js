// Leadtrail tracking script, served from /track.js. lib/tracking/script.ts strips comment lines and
// indentation before serving, so keep comments on lines of their own.
// <script src="{APP_URL}/track.js" data-key="{PUBLIC_KEY}" async></script>
((w, d) => {
  const tag = d.currentScript;
  const queued = w.Leadtrail;
  // Loaded twice on one page: the first copy already records.
  if (!tag || queued?.trackingId) return;
  const key = tag.dataset.key;
  const endpoint = `${new URL(tag.src).origin}/api/track/`;
  const NAME = "leadtrail_tid";
  let store;
  try {
    store = w.localStorage;
  } catch {}
  // The tracking id: first-party cookie, else localStorage (Safari caps script cookies), else new.
  let tid = d.cookie.match(/(?:^|; )leadtrail_tid=([\w-]+)/)?.[1] || store?.getItem(NAME) || "";
  if (!/^[\w-]{8,64}$/.test(tid)) {
    tid = Date.now().toString(36);
    for (const n of crypto.getRandomValues(new Uint32Array(3))) tid += n.toString(36);
  }
  d.cookie = `${NAME}=${tid};path=/;max-age=63072000;samesite=lax${location.protocol === "https:" ? ";secure" : ""}`;
  try {
    store.setItem(NAME, tid);
  } catch {}

  // Resolves true when recorded. A beacon survives the page unloading (a form submit navigating away).
  const send = (path, body, beacon) => {
    const json = JSON.stringify({ ...body, key, tid });
    return beacon && navigator.sendBeacon?.(endpoint + path, json)
      ? Promise.resolve(true)
      : fetch(endpoint + path, { method: "POST", body: json, keepalive: true }).then(
          (res) => res.ok,
          () => false,
        );
  };
  // The third argument is internal: watch() sends a beacon.
  const recordLead = (email, data, beacon) => send("lead", { email, data }, beacon);

  // Captures the email typed into a submitted form: any form, or those matching `selector`
  // (the form itself or its email field).
  const watch = (selector) =>
    d.addEventListener(
      "submit",
      ({ target: form }) => {
        for (const field of form.elements || []) {
          if (
            (!selector || form.matches(selector) || field.matches(selector)) &&
            /email/i.test(field.type + field.name + field.id) &&
            /@/.test(field.value)
          ) {
            return recordLead(field.value.trim(), undefined, 1);
          }
        }
      },
      true,
    );

  const lt = {
    recordVisit: () => send("visit", { url: location.href, referrer: d.referrer }),
    recordLead,
    recordPurchase: (email, { purchase_code, amount, currency } = {}) =>
      send("purchase", { email, purchase_code, amount, currency }),
    autoWatch: () => watch(),
    watch,
    trackingId: () => tid,
    // Calls queued before the script loaded: window.Leadtrail = window.Leadtrail || [];
    // Leadtrail.push(["recordLead", email]). Later pushes run at once.
    push: ([name, ...args]) => lt[name](...args),
  };
  w.Leadtrail = lt;
  lt.recordVisit();
  if ("autoWatch" in tag.dataset) watch();
  if (Array.isArray(queued)) queued.forEach(lt.push);
})(window, document);
