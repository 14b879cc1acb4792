/** Who connects or disconnects Stripe: recorded on the OAuth state and in the audit log. */
export interface Actor {
  merchantId: string;
  userId: string;
}
