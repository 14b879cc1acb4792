import { z } from "zod";
import { AppError } from "@/lib/errors";
import { firstIssue } from "@/lib/merchants/validation";

export interface ErrorBody {
  error: { code: string; message: string };
}

export interface ErrorAnswer {
  status: number;
  body: ErrorBody;
}

const INTERNAL = { code: "internal_error", message: "Something went wrong on our side; try again." };

/**
 * The one mapping from an error to an HTTP answer, used by the route wrappers (REST API,
 * dashboard JSON, tracking), the webhook and the custom server's fast paths: an AppError keeps
 * its status, code and message; a ZodError is 400 with its first issue; anything else is the
 * server's fault, logged under `label` and answered 500 with `internal` (nothing inside leaks).
 */
export function errorAnswer(
  error: unknown,
  options: { label?: string; internal?: { code: string; message: string } } = {},
): ErrorAnswer {
  if (error instanceof AppError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
  if (error instanceof z.ZodError) {
    return { status: 400, body: { error: { code: "invalid_request", message: firstIssue(error) } } };
  }
  console.error(options.label ?? "request failed:", error);
  return { status: 500, body: { error: options.internal ?? INTERNAL } };
}

/** errorAnswer as a web Response (JSON), with any extra headers. */
export function errorResponse(
  error: unknown,
  options: Parameters<typeof errorAnswer>[1] & { headers?: Record<string, string> } = {},
): Response {
  const { status, body } = errorAnswer(error, options);
  // An error that carries its own headers (a rate limit's Retry-After) keeps them.
  const own =
    error instanceof AppError && "headers" in error ? (error.headers as Record<string, string>) : {};
  return Response.json(body, { status, headers: { ...own, ...options.headers } });
}
