import { getDb } from "@/db";
import { merchantRoute } from "@/lib/auth/session-route";
import { tryItState } from "@/lib/demo/try-it";

/** The Try it panel's live view (local use only; 404 otherwise), polled every second. */
export const GET = merchantRoute(async (ctx) => tryItState(await getDb(), ctx.merchantId));
