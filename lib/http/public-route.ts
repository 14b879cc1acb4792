import { z } from "zod";
import { AppError } from "@/lib/errors";
import { CLIENT_IP_HEADER } from "@/lib/limits/client-ip";
import { RateLimitedError } from "@/lib/limits/limiter";
import { firstIssue } from "@/lib/merchants/validation";

/**
 * JSON route handlers anyone may call (no session): the client's address for the limits, errors
 * as `{ error: { code, message } }` with their status, and a 429 with its Retry-After.
 */
export function publicRoute(handler: (req: Request, ip: string) => Promise<unknown>) {
  return async (req: Request): Promise<Response> => {
    try {
      const body = await handler(req, req.headers.get(CLIENT_IP_HEADER) ?? "unknown");
      return Response.json(body, { headers: { "cache-control": "no-store" } });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) {
    return Response.json(
      { error: { code: error.code, message: error.message } },
      { status: error.status, headers: error instanceof RateLimitedError ? error.headers : undefined },
    );
  }
  if (error instanceof z.ZodError) {
    return Response.json({ error: { code: "invalid_request", message: firstIssue(error) } }, { status: 400 });
  }
  console.error(error);
  return Response.json(
    { error: { code: "internal_error", message: "Something went wrong on our side; try again." } },
    { status: 500 },
  );
}
