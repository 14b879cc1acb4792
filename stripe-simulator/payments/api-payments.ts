/** Charges (retrieve, list), refunds (create, retrieve, list, cancel), payment intents and disputes. */
import { invalidRequest, resourceMissing } from "../http/errors";
import { applyMetadata, int, newestFirst, paginate, str } from "../http/params";
import type { Route } from "../http/router";
import type { Charge } from "../store/objects-payments";
import type { SimAccount } from "../store/state";
import { cancelRefund, refundCharge } from "./refunds";

export function getCharge(account: SimAccount, id: string, param = "id") {
  const charge = account.charges.get(id);
  if (!charge) throw resourceMissing("charge", id, param);
  return charge;
}

function retrieve<T extends object>(map: Map<string, T>, id: string, objectName: string): T {
  const found = map.get(id);
  if (!found) throw resourceMissing(objectName, id);
  return found;
}

export const paymentRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/v1/charges/:id",
    params: [],
    handle: ({ account, path }) => getCharge(account, path.id ?? ""),
  },
  {
    method: "GET",
    pattern: "/v1/charges",
    params: ["customer", "payment_intent", "created", "limit", "starting_after", "ending_before"],
    handle: ({ account, params }) => {
      const customer = str(params, "customer");
      const intent = str(params, "payment_intent");
      const all = newestFirst(account.charges).filter(
        (c) =>
          (customer === undefined || c.customer === customer) &&
          (intent === undefined || c.payment_intent === intent),
      );
      return paginate(all, params, "/v1/charges", "charge");
    },
  },
  {
    method: "POST",
    pattern: "/v1/refunds",
    params: [
      "charge",
      "payment_intent",
      "amount",
      "reason",
      "metadata",
      "refund_application_fee",
      "reverse_transfer",
    ],
    handle: ({ sim, account, params }) => {
      const chargeId = str(params, "charge");
      const intentId = str(params, "payment_intent");
      if (chargeId && intentId) {
        throw invalidRequest(
          "You may only specify one of these parameters: charge, payment_intent.",
          "charge",
        );
      }
      let charge: Charge;
      if (chargeId) charge = getCharge(account, chargeId, "charge");
      else if (intentId) {
        const intent = account.paymentIntents.get(intentId);
        if (!intent) throw resourceMissing("payment_intent", intentId, "payment_intent");
        charge = getCharge(account, intent.latest_charge ?? "", "payment_intent");
      } else {
        throw invalidRequest(
          "One of the following params should be provided for this request: payment_intent or charge.",
        );
      }
      return refundCharge(sim, account, charge, {
        amount: int(params, "amount"),
        reason: str(params, "reason") || null,
        metadata: applyMetadata({}, params),
      }).refund;
    },
  },
  {
    method: "GET",
    pattern: "/v1/refunds",
    params: ["charge", "payment_intent", "created", "limit", "starting_after", "ending_before"],
    handle: ({ account, params }) => {
      const charge = str(params, "charge");
      const intent = str(params, "payment_intent");
      const all = newestFirst(account.refunds).filter(
        (r) =>
          (charge === undefined || r.charge === charge) &&
          (intent === undefined || r.payment_intent === intent),
      );
      return paginate(all, params, "/v1/refunds", "refund");
    },
  },
  {
    method: "GET",
    pattern: "/v1/refunds/:id",
    params: [],
    handle: ({ account, path }) => retrieve(account.refunds, path.id ?? "", "refund"),
  },
  {
    method: "POST",
    pattern: "/v1/refunds/:id/cancel",
    params: [],
    handle: ({ sim, account, path }) => {
      const refund = retrieve(account.refunds, path.id ?? "", "refund");
      cancelRefund(sim, account, refund);
      return refund;
    },
  },
  {
    method: "GET",
    pattern: "/v1/payment_intents/:id",
    params: [],
    handle: ({ account, path }) => retrieve(account.paymentIntents, path.id ?? "", "payment_intent"),
  },
  {
    method: "GET",
    pattern: "/v1/disputes/:id",
    params: [],
    handle: ({ account, path }) => retrieve(account.disputes, path.id ?? "", "dispute"),
  },
  {
    method: "GET",
    pattern: "/v1/disputes",
    params: ["charge", "payment_intent", "created", "limit", "starting_after", "ending_before"],
    handle: ({ account, params }) => {
      const charge = str(params, "charge");
      const intent = str(params, "payment_intent");
      const all = newestFirst(account.disputes).filter(
        (d) =>
          (charge === undefined || d.charge === charge) &&
          (intent === undefined || d.payment_intent === intent),
      );
      return paginate(all, params, "/v1/disputes", "dispute");
    },
  },
];
