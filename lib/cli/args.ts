/** Parses `--flag value` pairs; a flag without a value is an error, as is a stray word. */
export function parseFlags(argv: string[]): Record<string, string> {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new Error(`Unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!name) throw new Error(`Unexpected argument "${arg}"`);
    if (inline !== undefined) flags[name] = inline;
    else {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith("--")) throw new Error(`--${name} needs a value`);
      flags[name] = value;
      i++;
    }
  }
  return flags;
}

export function requireFlags(flags: Record<string, string>, names: string[]): void {
  const missing = names.filter((n) => !flags[n]);
  if (missing.length) throw new Error(`Missing ${missing.map((n) => `--${n}`).join(", ")}`);
}
