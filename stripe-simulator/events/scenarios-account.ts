/**
 * Scenario helpers for the connection and for edits a merchant makes in Stripe's dashboard
 * (which reach the app only as events): connecting without a browser, disconnecting from Stripe's
 * side, changing a promotion code, deleting a coupon, editing a customer.
 */

import { type ConnectInput, connectAccount, disconnect } from "../accounts/oauth-token";
import { getCustomer, updateCustomer } from "../billing/api-customers";
import { deleteCoupon, getCoupon } from "../coupons/api-coupons";
import { getPromotionCode, updatePromotionCode } from "../coupons/api-promotion-codes";
import type { Params } from "../http/form";
import type { Coupon, Customer, Metadata, PromotionCode } from "../store/objects";
import { connectedAccount, type SimAccount, type SimContext } from "../store/state";
import { finish, type ScenarioOptions, type ScenarioResult } from "./scenario-kit";
import { buildEvent } from "./webhooks";

/** Dashboard edits arrive as form-style params so they run through the same rules as the API. */
function metadataParams(metadata: Metadata | undefined): Params {
  return metadata ? { metadata } : {};
}

export function createAccountHelpers(sim: SimContext) {
  return {
    /**
     * What clicking "Connect my Stripe account" does, without a browser: an account (new, or
     * `account` reconnected) and an authorization code to hand to the app's OAuth callback.
     */
    connectAccount(input: ConnectInput = {}): { account: SimAccount; code: string } {
      return connectAccount(sim, input);
    },

    /** The merchant disconnects the platform in Stripe: account.application.deauthorized. */
    async deauthorize(input: ScenarioOptions): Promise<ScenarioResult & { account: SimAccount }> {
      const account = connectedAccount(sim, input.account);
      const event = disconnect(sim, account, "account");
      return { account, ...(await finish(sim, [event], input.deliver)) };
    },

    async promotionCodeUpdated(
      input: ScenarioOptions & { promotionCode: string; active?: boolean; metadata?: Metadata },
    ): Promise<ScenarioResult & { promotionCode: PromotionCode }> {
      const account = connectedAccount(sim, input.account);
      const promo = getPromotionCode(account, input.promotionCode);
      const params: Params = metadataParams(input.metadata);
      if (input.active !== undefined) params.active = String(input.active);
      const previous = updatePromotionCode(account, promo, params);
      const events = [buildEvent(sim, account, "promotion_code.updated", promo, { previous })];
      return { promotionCode: promo, ...(await finish(sim, events, input.deliver)) };
    },

    async couponDeleted(
      input: ScenarioOptions & { coupon: string },
    ): Promise<ScenarioResult & { coupon: Coupon }> {
      const account = connectedAccount(sim, input.account);
      const coupon = getCoupon(account, input.coupon);
      deleteCoupon(account, coupon);
      const events = [buildEvent(sim, account, "coupon.deleted", coupon)];
      return { coupon, ...(await finish(sim, events, input.deliver)) };
    },

    async customerUpdated(
      input: ScenarioOptions & { customer: string; email?: string; name?: string; metadata?: Metadata },
    ): Promise<ScenarioResult & { customer: Customer }> {
      const account = connectedAccount(sim, input.account);
      const customer = getCustomer(account, input.customer);
      const params: Params = metadataParams(input.metadata);
      if (input.email !== undefined) params.email = input.email;
      if (input.name !== undefined) params.name = input.name;
      const previous = updateCustomer(customer, params);
      const events = [buildEvent(sim, account, "customer.updated", customer, { previous })];
      return { customer, ...(await finish(sim, events, input.deliver)) };
    },
  };
}
