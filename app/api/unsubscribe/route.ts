import { getDb } from "@/db";
import { unsubscribe } from "@/lib/affiliates/unsubscribe";
import { apiError } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { readTextLimited } from "@/lib/http/body";
import { appLink } from "@/lib/mail/links";

/**
 * Stops the new-commission notice for the affiliate a signed link names, signed out. Mail
 * clients POST `List-Unsubscribe=One-Click` here (RFC 8058: no page, no further step); the
 * confirmation page's button posts here too and is sent back to the page, which then says it is done.
 */
export async function POST(req: Request): Promise<Response> {
  const params = new URL(req.url).searchParams;
  const body = await readTextLimited(req, 4096);
  if (body === null) return apiError(413, "body_too_large", "The request body is too large");
  try {
    await unsubscribe(await getDb(), params);
  } catch (error) {
    if (error instanceof AppError) return apiError(error.status, error.code, error.message);
    throw error;
  }
  if (new URLSearchParams(body).get("List-Unsubscribe") === "One-Click")
    return new Response("Unsubscribed: no more new-commission emails.\n", {
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  return Response.redirect(appLink("/unsubscribe", Object.fromEntries(params)), 303);
}

/** A client that opens the header's address instead: the page that asks to confirm. */
export function GET(req: Request): Response {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  return Response.redirect(appLink("/unsubscribe", params), 303);
}
