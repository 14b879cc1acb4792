import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "leadtrail-cli-"));
// The CLI runs as a user would run it: a separate process on the embedded database.
const env = { ...process.env, LEADTRAIL_DATA_DIR: dataDir, DATABASE_URL: "" };

async function cli(...args: string[]) {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "scripts/cli.ts", ...args], {
      env,
      cwd: process.cwd(),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("npm run cli", () => {
  it("merchants:create prints the merchant and its keys as JSON; keys:rotate replaces the private key", async () => {
    const created = await cli(
      "merchants:create",
      "--email",
      "cli@example.com",
      "--password",
      "cli-password",
      "--name",
      "CLI Shop",
    );
    expect(created.code).toBe(0);
    const json = JSON.parse(created.stdout);
    expect(Object.keys(json)).toEqual(["merchant_id", "public_key", "private_key"]);
    expect(json.merchant_id).toMatch(/^mer_/);
    expect(json.public_key).toMatch(/^lt_pk_/);
    expect(json.private_key).toMatch(/^lt_sk_[0-9A-Za-z]{32}$/);

    const rotated = await cli("keys:rotate", "--merchant", json.merchant_id);
    expect(rotated.code).toBe(0);
    expect(JSON.parse(rotated.stdout).private_key).not.toBe(json.private_key);
  }, 60_000);

  it("explains bad and duplicate input with a non-zero exit", async () => {
    const duplicate = await cli(
      "merchants:create",
      "--email",
      "CLI@example.com",
      "--password",
      "cli-password",
      "--name",
      "Again",
    );
    expect(duplicate).toMatchObject({ code: 1, stdout: "" });
    expect(duplicate.stderr).toContain("An account with this email already exists");

    const missing = await cli("merchants:create", "--email", "x@example.com");
    expect(missing.stderr).toContain("Missing --password, --name");
    const badEmail = await cli(
      "merchants:create",
      "--email",
      "nope",
      "--password",
      "cli-password",
      "--name",
      "N",
    );
    expect(badEmail.stderr).toContain("Enter a valid email address");
    const unknown = await cli("merchants:destroy");
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toContain('Unknown command "merchants:destroy"');
  }, 60_000);
});
