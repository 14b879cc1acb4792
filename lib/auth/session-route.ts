import { z } from "zod";
import { AppError } from "@/lib/errors";
import { RateLimitedError } from "@/lib/limits/limiter";
import { firstIssue } from "@/lib/merchants/validation";
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
      if (error instanceof AppError) {
        return Response.json(
          { error: { code: error.code, message: error.message } },
          { status: error.status, headers: error instanceof RateLimitedError ? error.headers : undefined },
        );
      }
      if (error instanceof z.ZodError) {
        return Response.json(
          { error: { code: "invalid_request", message: firstIssue(error) } },
          { status: 400 },
        );
      }
      console.error(error);
      return Response.json(
        { error: { code: "internal_error", message: "Something went wrong on our side; try again." } },
        { status: 500 },
      );
    }
  };
}

export function merchantRoute<P = Record<string, never>>(
  handler: (ctx: MerchantContext, req: Request, params: P) => Promise<unknown>,
) {
  return handle(merchantContext, handler);
}

export function affiliateRoute<P = Record<string, never>>(
  handler: (ctx: AffiliateContext, req: Request, params: P) => Promise<unknown>,
) {
  return handle(affiliateContext, handler);
}
