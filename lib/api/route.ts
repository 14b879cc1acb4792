import { z } from "zod";
import { getDb } from "@/db";
import { merchantIdForPrivateKey } from "@/db/queries/api-keys";
import { AppError, unauthorized } from "@/lib/errors";
import { firstIssue } from "@/lib/merchants/validation";

/** REST API v1 plumbing (SPEC §8): bearer private key, JSON in and out, one error shape. */

export function apiError(status: number, code: string, message: string): Response {
  return Response.json({ error: { code, message } }, { status });
}

async function authenticate(req: Request): Promise<string> {
  const header = req.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized("Send your private key as `Authorization: Bearer lt_sk_…`");
  const merchantId = await merchantIdForPrivateKey(await getDb(), match[1]!);
  if (!merchantId) throw unauthorized("Invalid API key");
  return merchantId;
}

export interface ApiContext<P> {
  merchantId: string;
  params: P;
  req: Request;
}

/** Wraps a handler: authenticates, scopes to the key's merchant, maps errors to statuses. */
export function apiRoute<P = Record<string, never>>(handler: (ctx: ApiContext<P>) => Promise<Response>) {
  return async (req: Request, context: { params?: Promise<P> }): Promise<Response> => {
    try {
      const merchantId = await authenticate(req);
      const params = ((await context?.params) ?? {}) as P;
      return await handler({ merchantId, params, req });
    } catch (error) {
      if (error instanceof AppError) return apiError(error.status, error.code, error.message);
      if (error instanceof z.ZodError) return apiError(400, "invalid_request", firstIssue(error));
      console.error(error);
      return apiError(500, "internal_error", "Something went wrong on our side; try again.");
    }
  };
}

/** Reads a JSON object body: not JSON, or not an object, is a 400. */
export async function jsonBody(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.length > 64 * 1024) throw new AppError(413, "payload_too_large", "Request body is too large");
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) return value;
  } catch {
    // fall through to the clear message below
  }
  throw new AppError(400, "invalid_json", "Request body must be a JSON object");
}
