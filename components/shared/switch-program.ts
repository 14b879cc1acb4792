import { getCsrfToken } from "next-auth/react";

/**
 * Asks next-auth to move the session to another merchant (its `update`, which is what
 * useSession().update sends, without needing a SessionProvider). The server changes it only to
 * a merchant the user belongs to (lib/auth/switch.ts): true when it did.
 */
export async function switchProgram(merchantId: string): Promise<boolean> {
  const csrfToken = await getCsrfToken();
  const res = await fetch("/api/auth/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ csrfToken, data: { merchantId } }),
  });
  if (!res.ok) return false;
  const session = (await res.json()) as { user?: { merchantId?: string } } | null;
  return session?.user?.merchantId === merchantId;
}

/**
 * After the session's merchant changed: a full page load, so nothing the browser cached for the
 * previous program (router payloads, queries) is shown for the new one.
 */
export function openDashboard(path: string): void {
  window.location.assign(path);
}
