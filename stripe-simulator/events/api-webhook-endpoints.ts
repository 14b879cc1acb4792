/**
 * `/v1/webhook_endpoints` on an account: a merchant's own integration registers where its events
 * go. The signing secret is returned once, by create; retrieve and list never show it.
 */
import { invalidRequest, resourceMissing } from "../http/errors";
import type { Params } from "../http/form";
import { applyMetadata, arr, newestFirst, paginate, requiredStr, str } from "../http/params";
import type { Route } from "../http/router";
import { randomToken } from "../store/ids";
import { API_VERSION } from "../store/objects";
import type { SimAccount, SimWebhookEndpoint } from "../store/state";

export function webhookEndpointObject(endpoint: SimWebhookEndpoint, withSecret = false) {
  const { secret, ...served } = endpoint;
  return withSecret ? { ...served, secret } : served;
}

function lookup(account: SimAccount, id: string): SimWebhookEndpoint {
  const endpoint = account.webhookEndpoints.get(id);
  if (!endpoint) throw resourceMissing("webhook_endpoint", id);
  return endpoint;
}

function enabledEvents(params: Params): string[] {
  const events = (arr(params, "enabled_events") ?? []).map(String);
  if (events.length === 0) throw invalidRequest("Missing required param: enabled_events.", "enabled_events");
  return events;
}

export const webhookEndpointRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/v1/webhook_endpoints",
    params: ["url", "enabled_events", "api_version", "description", "metadata", "connect"],
    handle: ({ sim, account, params }) => {
      const url = requiredStr(params, "url");
      if (!/^https?:\/\//.test(url)) throw invalidRequest("Invalid URL: must be an http(s) URL.", "url");
      const endpoint: SimWebhookEndpoint = {
        id: sim.newId("we"),
        object: "webhook_endpoint",
        api_version: str(params, "api_version") ?? API_VERSION,
        application: null,
        created: sim.now(),
        description: str(params, "description") ?? null,
        enabled_events: enabledEvents(params),
        livemode: account.livemode,
        metadata: applyMetadata({}, params),
        status: "enabled",
        url,
        secret: `whsec_${randomToken(32)}`,
      };
      account.webhookEndpoints.set(endpoint.id, endpoint);
      return webhookEndpointObject(endpoint, true);
    },
  },
  {
    method: "GET",
    pattern: "/v1/webhook_endpoints",
    params: ["limit", "starting_after", "ending_before"],
    handle: ({ account, params }) =>
      paginate(
        newestFirst(account.webhookEndpoints).map((e) => webhookEndpointObject(e)),
        params,
        "/v1/webhook_endpoints",
        "webhook_endpoint",
      ),
  },
  {
    method: "GET",
    pattern: "/v1/webhook_endpoints/:id",
    params: [],
    handle: ({ account, path }) => webhookEndpointObject(lookup(account, path.id ?? "")),
  },
  {
    method: "DELETE",
    pattern: "/v1/webhook_endpoints/:id",
    params: [],
    handle: ({ account, path }) => {
      const endpoint = lookup(account, path.id ?? "");
      account.webhookEndpoints.delete(endpoint.id);
      return { id: endpoint.id, object: "webhook_endpoint", deleted: true };
    },
  },
];
