/**
 * Disputes by id. An inquiry (`warning_*` statuses) withdraws nothing and may close as
 * `warning_closed`, after which the same charge can be disputed again as a new dispute. A
 * chargeback withdraws its amount (possibly less than the charge) with a balance transaction, and a
 * won one reinstates it with a second.
 */
import { invalidRequest } from "../http/errors";
import type { BalanceTransaction, Charge, Dispute, DisputeStatus } from "../store/objects-payments";
import type { SimAccount, SimContext } from "../store/state";

const DAY = 86_400;
const DISPUTE_FEE = 1500;
const CLOSED: DisputeStatus[] = ["won", "lost", "warning_closed"];

const EVIDENCE_FIELDS = [
  "access_activity_log",
  "billing_address",
  "cancellation_policy",
  "cancellation_policy_disclosure",
  "cancellation_rebuttal",
  "customer_communication",
  "customer_email_address",
  "customer_name",
  "customer_purchase_ip",
  "customer_signature",
  "duplicate_charge_documentation",
  "duplicate_charge_explanation",
  "duplicate_charge_id",
  "product_description",
  "receipt",
  "refund_policy",
  "refund_policy_disclosure",
  "refund_refusal_explanation",
  "service_date",
  "service_documentation",
  "shipping_address",
  "shipping_carrier",
  "shipping_date",
  "shipping_documentation",
  "shipping_tracking_number",
  "uncategorized_file",
  "uncategorized_text",
];

export function isInquiry(dispute: Dispute): boolean {
  return dispute.payment_method_details.card.case_type === "inquiry";
}

function balanceTransaction(
  sim: SimContext,
  dispute: Dispute,
  kind: "withdrawal" | "reinstatement",
  created: number,
): BalanceTransaction {
  const amount = kind === "withdrawal" ? -dispute.amount : dispute.amount;
  const fee = kind === "withdrawal" ? DISPUTE_FEE : 0;
  return {
    id: sim.newId("txn"),
    object: "balance_transaction",
    amount,
    available_on: created + 2 * DAY,
    balance_type: "payments",
    created,
    currency: dispute.currency,
    description: `Chargeback ${kind} for ${dispute.charge}`,
    exchange_rate: null,
    fee,
    fee_details: fee
      ? [
          {
            amount: fee,
            application: null,
            currency: dispute.currency,
            description: "Dispute fee",
            type: "stripe_fee",
          },
        ]
      : [],
    net: amount - fee,
    reporting_category: kind === "withdrawal" ? "dispute" : "dispute_reversal",
    source: dispute.id,
    status: "pending",
    type: "adjustment",
  };
}

export function openDispute(
  sim: SimContext,
  account: SimAccount,
  charge: Charge,
  input: { reason?: string; amount?: number; inquiry?: boolean; created?: number },
): Dispute {
  const open = [...account.disputes.values()].find(
    (d) => d.charge === charge.id && !CLOSED.includes(d.status),
  );
  if (open) throw invalidRequest(`Charge ${charge.id} already has an open dispute (${open.id}).`, "charge");
  if (!charge.captured || charge.status !== "succeeded")
    throw invalidRequest(`Charge ${charge.id} has no captured funds to dispute.`, "charge");
  // What was captured and not refunded (a released uncaptured remainder counts as refunded).
  const amount = input.amount ?? charge.amount - charge.amount_refunded;
  if (!Number.isInteger(amount) || amount <= 0 || amount > charge.amount_captured) {
    throw invalidRequest(`A dispute amount must be between 1 and ${charge.amount_captured}.`, "amount");
  }
  const created = input.created ?? sim.now();
  const inquiry = input.inquiry ?? false;
  const dispute: Dispute = {
    id: sim.newId("dp"),
    object: "dispute",
    amount,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: { ...Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null])), enhanced_evidence: {} },
    evidence_details: {
      due_by: created + 14 * DAY,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
    },
    is_charge_refundable: inquiry,
    livemode: account.livemode,
    metadata: {},
    payment_intent: charge.payment_intent,
    payment_method_details: {
      card: {
        brand: "visa",
        case_type: inquiry ? "inquiry" : "chargeback",
        network: "visa",
        network_reason_code: "10.4",
      },
      type: "card",
    },
    reason: input.reason ?? "fraudulent",
    status: inquiry ? "warning_needs_response" : "needs_response",
  };
  if (!inquiry) dispute.balance_transactions.push(balanceTransaction(sim, dispute, "withdrawal", created));
  account.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  return dispute;
}

/** Evidence submitted: the dispute goes under review. */
export function submitEvidence(dispute: Dispute, evidence: Record<string, string>): Record<string, unknown> {
  if (CLOSED.includes(dispute.status)) throw invalidRequest(`Dispute ${dispute.id} is closed.`, "dispute");
  const previous = { status: dispute.status, evidence_details: structuredClone(dispute.evidence_details) };
  Object.assign(dispute.evidence, evidence);
  dispute.evidence_details.has_evidence = true;
  dispute.evidence_details.submission_count += 1;
  dispute.status = isInquiry(dispute) ? "warning_under_review" : "under_review";
  return previous;
}

export function closeDispute(
  sim: SimContext,
  dispute: Dispute,
  outcome: "won" | "lost" | "warning_closed",
  created = sim.now(),
): { previous: Record<string, unknown>; reinstated: BalanceTransaction | null } {
  if (CLOSED.includes(dispute.status))
    throw invalidRequest(`Dispute ${dispute.id} is already ${dispute.status}.`, "dispute");
  if (isInquiry(dispute) !== (outcome === "warning_closed")) {
    throw new Error(
      `Stripe simulator: an inquiry closes as warning_closed, a chargeback as won or lost (${dispute.id} is ${isInquiry(dispute) ? "an inquiry" : "a chargeback"})`,
    );
  }
  const previous = { status: dispute.status };
  dispute.status = outcome;
  let reinstated: BalanceTransaction | null = null;
  if (outcome === "won") {
    reinstated = balanceTransaction(sim, dispute, "reinstatement", created);
    dispute.balance_transactions.push(reinstated);
    dispute.is_charge_refundable = true;
  }
  return { previous, reinstated };
}
