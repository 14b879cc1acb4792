import Stripe from "stripe";

/**
 * The permissions a self-hosted connection's key needs (SPEC §4), each with a call that proves it.
 * Reads list one object. Writes send a create Stripe must refuse for its missing parameters:
 * Stripe checks the key's permissions first, so a 400 proves the permission and creates nothing,
 * while a 403 names what is missing. The webhook endpoint's create is its own proof (connect).
 */
export interface KeyPermission {
  /** Stripe's name, as in its permission errors. */
  id: string;
  /** As the Stripe dashboard's restricted key form lists it. */
  label: string;
  access: "Read" | "Write";
  probe?: (stripe: Stripe) => Promise<unknown>;
}

const list = (call: (stripe: Stripe) => Promise<unknown>) => call;
const refusedCreate = (call: (stripe: Stripe) => Promise<unknown>) => async (stripe: Stripe) => {
  try {
    await call(stripe);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 400) return;
    throw error;
  }
};

export const KEY_PERMISSIONS: readonly KeyPermission[] = [
  {
    id: "rak_charge_read",
    label: "Charges",
    access: "Read",
    probe: list((s) => s.charges.list({ limit: 1 })),
  },
  {
    id: "rak_customer_read",
    label: "Customers",
    access: "Read",
    probe: list((s) => s.customers.list({ limit: 1 })),
  },
  {
    id: "rak_invoice_read",
    label: "Invoices",
    access: "Read",
    probe: list((s) => s.invoices.list({ limit: 1 })),
  },
  {
    id: "rak_subscription_read",
    label: "Subscriptions",
    access: "Read",
    probe: list((s) => s.subscriptions.list({ limit: 1 })),
  },
  {
    id: "rak_checkout_session_read",
    label: "Checkout Sessions",
    access: "Read",
    probe: list((s) => s.checkout.sessions.list({ limit: 1 })),
  },
  {
    id: "rak_dispute_read",
    label: "Disputes",
    access: "Read",
    probe: list((s) => s.disputes.list({ limit: 1 })),
  },
  {
    id: "rak_refund_read",
    label: "Refunds",
    access: "Read",
    probe: list((s) => s.refunds.list({ limit: 1 })),
  },
  {
    id: "rak_credit_note_read",
    label: "Credit notes",
    access: "Read",
    probe: list((s) => s.creditNotes.list({ limit: 1 })),
  },
  { id: "rak_event_read", label: "Events", access: "Read", probe: list((s) => s.events.list({ limit: 1 })) },
  {
    id: "rak_coupon_write",
    label: "Coupons",
    access: "Write",
    probe: refusedCreate((s) => s.coupons.create({ duration: "once" })),
  },
  {
    id: "rak_promotion_code_write",
    label: "Promotion codes",
    access: "Write",
    probe: refusedCreate((s) => s.promotionCodes.create({} as Stripe.PromotionCodeCreateParams)),
  },
  { id: "rak_webhook_write", label: "Webhook endpoints", access: "Write" },
];

export const describePermission = (p: Pick<KeyPermission, "label" | "access">) => `${p.label} (${p.access})`;

/** A 403 for a permission the key lacks (Stripe: "… Having the 'rak_…' permission would allow …"). */
export function missingPermission(error: unknown): string | null {
  if (!(error instanceof Stripe.errors.StripePermissionError)) return null;
  return /'?(rak_[a-z_]+)'? permission/.exec(error.message)?.[1] ?? "unknown";
}

/** Runs every probe, a few at a time; returns the permissions the key lacks. */
export async function missingPermissions(stripe: Stripe): Promise<KeyPermission[]> {
  const missing: KeyPermission[] = [];
  const probed = KEY_PERMISSIONS.filter((p) => p.probe);
  for (let i = 0; i < probed.length; i += 4) {
    await Promise.all(
      probed.slice(i, i + 4).map(async (permission) => {
        try {
          await permission.probe?.(stripe);
        } catch (error) {
          if (missingPermission(error) === null) throw error;
          missing.push(permission);
        }
      }),
    );
  }
  return KEY_PERMISSIONS.filter((p) => missing.includes(p));
}
