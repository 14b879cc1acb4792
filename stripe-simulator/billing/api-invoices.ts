/** Invoices (retrieve, list) and invoice payments (list by invoice or by payment intent). */
import { resourceMissing } from "../http/errors";
import { newestFirst, obj, paginate, str } from "../http/params";
import type { Route } from "../http/router";

export const invoiceRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/v1/invoices/:id",
    params: [],
    handle: ({ account, path }) => {
      const invoice = account.invoices.get(path.id ?? "");
      if (!invoice) throw resourceMissing("invoice", path.id ?? "");
      return invoice;
    },
  },
  {
    method: "GET",
    pattern: "/v1/invoices",
    params: [
      "customer",
      "subscription",
      "status",
      "collection_method",
      "created",
      "limit",
      "starting_after",
      "ending_before",
    ],
    handle: ({ account, params }) => {
      const customer = str(params, "customer");
      const subscription = str(params, "subscription");
      const status = str(params, "status");
      const all = newestFirst(account.invoices).filter(
        (i) =>
          (customer === undefined || i.customer === customer) &&
          (subscription === undefined || i.parent?.subscription_details.subscription === subscription) &&
          (status === undefined || i.status === status),
      );
      return paginate(all, params, "/v1/invoices", "invoice");
    },
  },
  {
    method: "GET",
    pattern: "/v1/invoice_payments/:id",
    params: [],
    handle: ({ account, path }) => {
      const payment = account.invoicePayments.get(path.id ?? "");
      if (!payment) throw resourceMissing("invoice payment", path.id ?? "");
      return payment;
    },
  },
  {
    method: "GET",
    pattern: "/v1/invoice_payments",
    params: ["invoice", "payment", "status", "created", "limit", "starting_after", "ending_before"],
    handle: ({ account, params }) => {
      const invoice = str(params, "invoice");
      const payment = obj(params, "payment");
      const intent = payment && str(payment, "payment_intent", "payment[payment_intent]");
      const status = str(params, "status");
      const all = newestFirst(account.invoicePayments).filter(
        (p) =>
          (invoice === undefined || p.invoice === invoice) &&
          (!intent || p.payment.payment_intent === intent) &&
          (status === undefined || p.status === status),
      );
      return paginate(all, params, "/v1/invoice_payments", "invoice payment");
    },
  },
];
