/**
 * Wraps an account-bound Stripe view so that reads (retrieve…/list…) with the same arguments
 * are made once. Webhook processing reads from Stripe before opening its transaction and then
 * again inside it; the second time is served from here, so no transaction waits on the network.
 */
export function memoizedReads<T extends object>(target: T): T {
  const cache = new Map<string, Promise<unknown>>();
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== "function" || !/^(retrieve|list)/.test(String(property))) return value;
      return (...args: unknown[]) => {
        const key = `${String(property)}:${JSON.stringify(args)}`;
        let result = cache.get(key);
        if (!result) {
          result = (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
          cache.set(key, result);
          // A failed read is not remembered: the next attempt asks Stripe again.
          result.catch(() => cache.delete(key));
        }
        return result;
      };
    },
  });
}
