/** The one error type that crosses layers; route handlers map it to an HTTP status. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string, code = "invalid_request") => new AppError(400, code, message);
export const unauthorized = (message = "Authentication required") =>
  new AppError(401, "unauthorized", message);
export const forbidden = (message = "You do not have access to this resource") =>
  new AppError(403, "forbidden", message);
export const notFound = (message = "Not found") => new AppError(404, "not_found", message);
export const conflict = (message: string, code = "conflict") => new AppError(409, code, message);

/** PostgreSQL unique_violation, as raised by postgres.js and PGlite alike. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  let e: unknown = error;
  // drizzle wraps driver errors; the database error is the cause.
  for (let depth = 0; e && depth < 3; depth++) {
    const candidate = e as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
    if (candidate.code === "23505") {
      const name = candidate.constraint_name ?? candidate.constraint;
      return !constraint || name === constraint;
    }
    e = candidate.cause;
  }
  return false;
}
