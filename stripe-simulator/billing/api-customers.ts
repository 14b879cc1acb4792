/** Customers: create, retrieve, update, list (optionally by exact email, as Stripe filters). */
import { resourceMissing } from "../http/errors";
import type { Params } from "../http/form";
import { applyMetadata, newestFirst, paginate, str } from "../http/params";
import type { Route } from "../http/router";
import { randomToken } from "../store/ids";
import type { Customer, Metadata } from "../store/objects";
import type { SimAccount, SimContext } from "../store/state";

export interface CustomerInput {
  email: string | null;
  name?: string | null;
  description?: string | null;
  phone?: string | null;
  metadata?: Metadata;
  created?: number;
}

export function createCustomer(sim: SimContext, account: SimAccount, input: CustomerInput): Customer {
  const customer: Customer = {
    id: sim.newId("cus"),
    object: "customer",
    address: null,
    balance: 0,
    created: input.created ?? sim.now(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    discount: null,
    email: input.email,
    // Invoice numbers are `{invoice_prefix}-{sequence}`; the prefix keeps them distinct per customer.
    invoice_prefix: randomToken(8, "0123456789ABCDEF"),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: account.livemode,
    metadata: input.metadata ?? {},
    name: input.name ?? null,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
  account.customers.set(customer.id, customer);
  return customer;
}

export function getCustomer(account: SimAccount, id: string, param = "id"): Customer {
  const customer = account.customers.get(id);
  if (!customer) throw resourceMissing("customer", id, param);
  return customer;
}

/** Applies the updatable fields; returns the previous values, as events' previous_attributes. */
export function updateCustomer(customer: Customer, params: Params): Record<string, unknown> {
  const previous: Record<string, unknown> = {};
  for (const key of ["email", "name", "description", "phone"] as const) {
    const value = str(params, key);
    if (value === undefined) continue;
    previous[key] = customer[key];
    customer[key] = value === "" ? null : value;
  }
  if (params.metadata !== undefined) {
    previous.metadata = customer.metadata;
    customer.metadata = applyMetadata(customer.metadata, params);
  }
  return previous;
}

const WRITABLE = ["email", "name", "description", "phone", "metadata", "payment_method", "invoice_settings"];

export const customerRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/v1/customers",
    params: WRITABLE,
    handle: ({ sim, account, params }) => {
      const customer = createCustomer(sim, account, { email: null });
      updateCustomer(customer, params);
      return customer;
    },
  },
  {
    method: "GET",
    pattern: "/v1/customers/:id",
    params: [],
    handle: ({ account, path }) => getCustomer(account, path.id ?? ""),
  },
  {
    method: "POST",
    pattern: "/v1/customers/:id",
    params: WRITABLE,
    handle: ({ account, path, params }) => {
      const customer = getCustomer(account, path.id ?? "");
      updateCustomer(customer, params);
      return customer;
    },
  },
  {
    method: "GET",
    pattern: "/v1/customers",
    params: ["email", "limit", "starting_after", "ending_before", "created"],
    handle: ({ account, params }) => {
      // Stripe's email filter is exact and case-sensitive.
      const email = str(params, "email");
      const all = newestFirst(account.customers).filter((c) => email === undefined || c.email === email);
      return paginate(all, params, "/v1/customers", "customer");
    },
  },
];
