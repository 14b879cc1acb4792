/** The connected account itself (`GET /v1/account`, `GET /v1/accounts/:id`) and its events. */
import { resourceMissing } from "../http/errors";
import type { Params } from "../http/form";
import { int, newestFirst, obj, paginate, str } from "../http/params";
import type { Route } from "../http/router";
import type { SimAccount, SimContext } from "../store/state";

/** A Standard account, as much of it as a platform reads after connecting. */
export function accountObject(account: SimAccount) {
  return {
    id: account.id,
    object: "account",
    business_profile: { name: account.businessName, support_email: null, url: null },
    charges_enabled: true,
    country: "US",
    created: account.created,
    default_currency: "usd",
    details_submitted: true,
    email: account.email,
    metadata: {},
    payouts_enabled: true,
    type: "standard",
  };
}

function lookup(sim: SimContext, id: string): SimAccount {
  const account =
    sim.state.accounts.get(id) ?? (sim.state.platform.id === id ? sim.state.platform : undefined);
  if (!account) throw resourceMissing("account", id, "account");
  return account;
}

export const accountRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/v1/account",
    params: [],
    handle: ({ account }) => accountObject(account),
  },
  {
    method: "GET",
    pattern: "/v1/accounts/:id",
    params: [],
    handle: ({ sim, path }) => accountObject(lookup(sim, path.id ?? "")),
  },
  {
    method: "GET",
    pattern: "/v1/events/:id",
    params: [],
    handle: ({ account, path }) => {
      const event = account.events.get(path.id ?? "");
      if (!event) throw resourceMissing("event", path.id ?? "");
      return event;
    },
  },
  {
    method: "GET",
    pattern: "/v1/events",
    params: ["type", "created", "limit", "starting_after", "ending_before"],
    handle: ({ account, params }) => {
      const type = str(params, "type");
      const inRange = createdFilter(params);
      const all = newestFirst(account.events).filter(
        (e) => (type === undefined || e.type === type) && inRange(e.created),
      );
      return paginate(all, params, "/v1/events", "event");
    },
  },
];

/** Stripe's `created` filter: an exact time, or a range of `gt`, `gte`, `lt`, `lte` (seconds). */
function createdFilter(params: Params): (created: number) => boolean {
  if (typeof params.created === "string") {
    const exact = int(params, "created");
    return (created) => exact === undefined || created === exact;
  }
  const range = obj(params, "created") ?? {};
  const bound = (key: string) => int(range, key, `created[${key}]`);
  const [gt, gte, lt, lte] = [bound("gt"), bound("gte"), bound("lt"), bound("lte")];
  return (created) =>
    (gt === undefined || created > gt) &&
    (gte === undefined || created >= gte) &&
    (lt === undefined || created < lt) &&
    (lte === undefined || created <= lte);
}
