/**
 * Errors in Stripe's two wire formats: `{ error: { type, code, message, param } }` for /v1, and the
 * flat `{ error, error_description }` that /oauth answers with (the SDK tells them apart by
 * whether `error` is a string).
 */

export class SimulatorError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.error === "string" ? String(body.error_description) : messageOf(body));
  }
}

function messageOf(body: Record<string, unknown>): string {
  const error = body.error as { message?: string } | undefined;
  return error?.message ?? "Stripe simulator error";
}

export function apiError(
  status: number,
  type: string,
  message: string,
  extra: { code?: string; param?: string } = {},
): SimulatorError {
  const error: Record<string, unknown> = { type, message };
  if (extra.code) {
    error.code = extra.code;
    error.doc_url = `https://stripe.com/docs/error-codes/${extra.code.replace(/_/g, "-")}`;
  }
  if (extra.param) error.param = extra.param;
  return new SimulatorError(status, { error });
}

export function invalidRequest(message: string, param?: string, code?: string): SimulatorError {
  return apiError(400, "invalid_request_error", message, { param, code });
}

export function resourceMissing(objectName: string, id: string, param = "id"): SimulatorError {
  return apiError(404, "invalid_request_error", `No such ${objectName}: '${id}'`, {
    code: "resource_missing",
    param,
  });
}

export function rateLimited(): SimulatorError {
  return apiError(
    429,
    "invalid_request_error",
    "Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.",
    { code: "rate_limit" },
  );
}

/** Stripe's answer to 5xx-class trouble on its side; the SDK retries these when allowed to. */
export function serverError(status: number): SimulatorError {
  if (status === 429) return rateLimited();
  if (status === 409) {
    return apiError(
      409,
      "invalid_request_error",
      "This object cannot be accessed right now because another API request or Stripe process is currently accessing it.",
      { code: "lock_timeout" },
    );
  }
  if (status < 500) return apiError(status, "invalid_request_error", "Simulated request failure.");
  return apiError(status, "api_error", "An unknown error occurred");
}

export function oauthError(status: number, error: string, description: string): SimulatorError {
  return new SimulatorError(status, { error, error_description: description });
}
