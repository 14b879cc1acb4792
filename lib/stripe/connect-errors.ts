import { AppError } from "@/lib/errors";

/**
 * Every way connecting or disconnecting can fail, as a short code for the redirect URL and a
 * message for the merchant. The page looks codes up here, so nothing from the query string
 * (or from Stripe's error_description) is ever shown as-is.
 */
export const connectErrorMessages = {
  access_denied:
    "You declined the connection in Stripe, so nothing was connected. You can try again at any time.",
  oauth_error: "Stripe could not complete the connection, so nothing was connected. Please try again.",
  invalid_request:
    "The answer from Stripe was incomplete, so nothing was connected. Please start again from Add Stripe.",
  invalid_state: "This connection link is not valid. Please start again from Add Stripe.",
  state_used: "This connection link has already been used. Please start again from Add Stripe.",
  state_expired: "This connection link expired (links last 10 minutes). Please start again from Add Stripe.",
  state_mismatch:
    "This connection was started by a different Leadtrail user or merchant. Sign in as the person who started it, or start again from Add Stripe.",
  exchange_failed:
    "Stripe did not accept the authorization, so nothing was connected. Please start again from Add Stripe.",
  account_taken:
    "That Stripe account is already connected to another Leadtrail merchant. Disconnect it there first, or connect a different Stripe account.",
  already_connected: "A Stripe account is already connected. Disconnect it first to connect a different one.",
  not_connected: "No Stripe account is connected.",
  disconnect_failed:
    "Stripe did not confirm the disconnection, so your Stripe account is still connected. Please try again in a moment.",
  read_only: "Your role (viewer) can't make changes — ask an owner.",
  email_unverified:
    "Verify your email address before connecting Stripe: follow the link we emailed you when you signed up, or resend it from the banner at the top of the dashboard.",
  not_configured:
    "Stripe is not configured on this server: set STRIPE_SECRET_KEY, STRIPE_CLIENT_ID and STRIPE_WEBHOOK_SECRET.",
} as const;

export type ConnectErrorCode = keyof typeof connectErrorMessages;

export function isConnectErrorCode(value: unknown): value is ConnectErrorCode {
  return typeof value === "string" && Object.hasOwn(connectErrorMessages, value);
}

/** The message for a code taken from a URL; unknown codes get a generic line, never the input. */
export function connectErrorMessage(code: unknown): string {
  return isConnectErrorCode(code)
    ? connectErrorMessages[code]
    : "Something went wrong with Stripe. Please try again.";
}

const statuses: Partial<Record<ConnectErrorCode, number>> = {
  account_taken: 409,
  already_connected: 409,
  not_connected: 404,
  read_only: 403,
  exchange_failed: 502,
  disconnect_failed: 502,
  not_configured: 503,
  email_unverified: 403,
};

/** An AppError, so the action wrapper shows its message; the code goes into redirect URLs. */
export class ConnectError extends AppError {
  declare readonly code: ConnectErrorCode;
  constructor(code: ConnectErrorCode) {
    super(statuses[code] ?? 400, code, connectErrorMessages[code]);
    this.name = "ConnectError";
  }
}
