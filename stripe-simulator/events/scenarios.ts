/**
 * `sim.events`: scenario helpers that create Stripe objects in a connected account and deliver the
 * signed events Stripe would send for them. Each returns the objects it made, the events it built
 * and, unless called with `deliver: false`, the app's answer to each delivery.
 */

import type { SimContext } from "../store/state";
import { createAccountHelpers } from "./scenarios-account";
import { createLifecycleHelpers } from "./scenarios-lifecycle";
import { createMoneyHelpers } from "./scenarios-money";
import { createSalesHelpers } from "./scenarios-sales";

export function createScenarioHelpers(sim: SimContext) {
  return {
    ...createAccountHelpers(sim),
    ...createSalesHelpers(sim),
    ...createLifecycleHelpers(sim),
    ...createMoneyHelpers(sim),
  };
}

export type ScenarioHelpers = ReturnType<typeof createScenarioHelpers>;

export type { Delivery, ScenarioOptions, ScenarioResult } from "./scenario-kit";
export type {
  BilledResult,
  CancelInput,
  PauseInput,
  RenewInput,
  SubscriptionTarget,
} from "./scenarios-lifecycle";
export type {
  ChargeTarget,
  CreditNoteScenarioInput,
  DisputeInput,
  DisputeTarget,
  RefundInput,
  RefundTarget,
} from "./scenarios-money";
export type {
  CheckoutPaymentInput,
  CompleteCheckoutInput,
  SaleInput,
  SaleResult,
  SubscriptionStartedInput,
} from "./scenarios-sales";
