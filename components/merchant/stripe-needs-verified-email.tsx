import { Alert } from "@/components/ui/card";

/** Why connecting is refused until the address is verified (the server refuses it either way). */
export function StripeNeedsVerifiedEmail({ email }: { email: string }) {
  return (
    <Alert tone="warning">
      <strong>Verify your email to connect Stripe.</strong> A Stripe account holds your customers and your
      money, so Leadtrail connects one only for a verified address. Follow the link we sent to {email}, or use
      Resend in the banner above.
    </Alert>
  );
}
