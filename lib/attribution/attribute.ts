/**
 * Attribution of a Stripe customer's sale to an affiliate (SPEC §5). The caller supplies how
 * to look each candidate up; this decides which one wins, asking no more than it needs.
 */
export type AttributionMethod = "tracking" | "coupon" | "email" | "customer";

export interface Candidate {
  affiliateId: string;
  leadId?: string | null;
}

/** Each source is asked only if every source before it in precedence found nothing. */
type Source<T> = () => Promise<T | null>;

export interface AttributionInput {
  /** The customer's earlier attribution: later invoices follow it. */
  customer?: Source<Candidate>;
  /** From client_reference_id / leadtrail_tid → visitor or lead → affiliate; `at`: when credited. */
  tracking?: Source<Candidate & { at?: Date | null }>;
  /** A promotion code on the sale that equals an affiliate's coupon code. */
  coupon?: Source<Candidate>;
  /** A lead with the customer's email; `at` is when the lead was recorded. */
  email?: Source<Candidate & { at: Date }>;
  precedence: "tracking_first" | "coupon_first";
  windowDays: number;
  now: Date;
}

export interface Attribution extends Candidate {
  method: AttributionMethod;
}

export async function attribute(input: AttributionInput): Promise<Attribution | null> {
  const customer = await input.customer?.();
  if (customer)
    return { affiliateId: customer.affiliateId, leadId: customer.leadId ?? null, method: "customer" };
  const order: ("tracking" | "coupon")[] =
    input.precedence === "coupon_first" ? ["coupon", "tracking"] : ["tracking", "coupon"];
  for (const method of order) {
    const candidate: (Candidate & { at?: Date | null }) | null | undefined = await input[method]?.();
    if (!candidate) continue;
    // A tracking id's credit counts inside the attribution window, like a lead's email.
    if (candidate.at && !withinWindow(candidate.at, input.now, input.windowDays)) continue;
    return { affiliateId: candidate.affiliateId, leadId: candidate.leadId ?? null, method };
  }
  const email = await input.email?.();
  if (email && withinWindow(email.at, input.now, input.windowDays)) {
    return { affiliateId: email.affiliateId, leadId: email.leadId ?? null, method: "email" };
  }
  return null;
}

export function withinWindow(at: Date, now: Date, windowDays: number): boolean {
  const age = now.getTime() - at.getTime();
  return age >= -60_000 && age <= windowDays * 86_400_000;
}

/** A sale whose customer is the affiliate themself earns nothing. */
export function isSelfReferral(customerEmail: string | null | undefined, affiliateEmail: string): boolean {
  return !!customerEmail && customerEmail.trim().toLowerCase() === affiliateEmail.trim().toLowerCase();
}
