import { customerSubscription } from "./customer-subscription";

/** `customer.subscription.resumed`: Billing again: its periods earn from the one that begins now. */
export const customerSubscriptionResumed = customerSubscription<"customer.subscription.resumed">();
