import { limitRules, limitStore } from "@/lib/limits";
import { CLIENT_IP_HEADER } from "@/lib/limits/client-ip";
import { tooManyRequests } from "@/lib/limits/limiter";
import { recordSignInFailure, recordSignInSuccess, signInAccount, signInRefusal } from "@/lib/limits/signin";

const CALLBACK = /\/api\/auth\/callback\/(merchant|affiliate)\/?$/;

const rules = () => {
  const r = limitRules();
  return { account: r.signinAccount, ip: r.signinIp };
};

/**
 * In front of next-auth's credentials callback: a locked account or a busy address is answered
 * 429 before any password is hashed. next-auth itself can only say "wrong credentials".
 */
export async function signInGuard(req: Request): Promise<Response | null> {
  if (req.method !== "POST") return null;
  const provider = CALLBACK.exec(new URL(req.url).pathname)?.[1];
  if (!provider) return null;
  let email = "";
  try {
    email = String((await req.clone().formData()).get("email") ?? "");
  } catch {
    // not a form: next-auth refuses it itself
  }
  const refusal = await signInRefusal(await limitStore(), rules(), {
    ip: req.headers.get(CLIENT_IP_HEADER) ?? "unknown",
    account: signInAccount(provider, email),
  });
  if (!refusal) return null;
  const res = tooManyRequests(refusal, "Too many sign-in attempts.");
  const body = (await res.json()) as { error: { code: string; message: string } };
  // next-auth's client reads `url` for the error code (signIn() returns { error: "rate_limited" }).
  const url = new URL(`/login?error=${RATE_LIMITED}`, req.url).toString();
  return Response.json({ ...body, url }, { status: 429, headers: res.headers });
}

/** The error code the sign-in form receives from signIn() when refused. */
export const RATE_LIMITED = "rate_limited";

/** Called by the credentials providers with the outcome of a password check. */
export async function recordSignIn(provider: string, email: string, ok: boolean): Promise<void> {
  const store = await limitStore();
  const account = signInAccount(provider, email);
  if (ok) await recordSignInSuccess(store, account);
  else await recordSignInFailure(store, rules(), account);
}
