export function securityHeaders(options?: { appUrl?: string; dev?: boolean }): Record<string, string>;
