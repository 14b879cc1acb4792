/** Fixed configuration of the end-to-end app: a fresh database each run, known secrets. */
export const E2E_SECRETS = {
  NEXTAUTH_SECRET: "e2e-nextauth-secret-0123456789abcdef",
  ENCRYPTION_KEY: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
};
