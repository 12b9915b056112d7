// What the integration tests need from the run (scripts/test.sh sets it): a clear error naming the
// variable and how to get it, instead of a connection refused further down.

/** The trimmed value of env `name`; throws `${name} is not set. ${howTo}` when it is unset or blank. */
export function requiredEnv(name: string, howTo: string): string {
  const value = process.env[name]?.trim();
  if (!value) throw new Error(`${name} is not set. ${howTo}`);
  return value;
}
