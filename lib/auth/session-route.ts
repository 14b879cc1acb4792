import { errorResponse } from "@/lib/http/error-answer";
import { assertRole, type RequiredRole } from "@/lib/team/roles";
import { type AffiliateContext, affiliateContext, type MerchantContext, merchantContext } from "./session";

/**
 * JSON route handlers for the dashboard and the portal (cookie sessions, not API keys): the
 * session is checked in the handler itself (proxy.ts only redirects pages), and errors come back
 * as `{ error: { code, message } }` with their status.
 */
function handle<C, P>(
  context: () => Promise<C>,
  handler: (ctx: C, req: Request, params: P) => Promise<unknown>,
) {
  return async (req: Request, route: { params?: Promise<P> }): Promise<Response> => {
    try {
      const ctx = await context();
      const params = ((await route?.params) ?? {}) as P;
      const body = await handler(ctx, req, params);
      return Response.json(body, { headers: { "cache-control": "private, no-store" } });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A dashboard route handler. Reads are open to every member; any other method changes
 * something, so it needs an admin at least (a 403 with the reason otherwise), or `role`.
 */
export function merchantRoute<P = Record<string, never>>(
  handler: (ctx: MerchantContext, req: Request, params: P) => Promise<unknown>,
  options: { role?: RequiredRole; ownAccount?: boolean } = {},
) {
  return handle(merchantContext, (ctx, req, params: P) => {
    // About the signed-in user's own account (not the merchant's data): open to every member.
    if (options.ownAccount) return handler(ctx, req, params);
    if (options.role || !READS.has(req.method)) assertRole(ctx.role, options.role ?? "admin");
    return handler(ctx, req, params);
  });
}

export function affiliateRoute<P = Record<string, never>>(
  handler: (ctx: AffiliateContext, req: Request, params: P) => Promise<unknown>,
) {
  return handle(affiliateContext, handler);
}
