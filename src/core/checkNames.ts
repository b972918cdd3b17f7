/**
 * The names of the checks, as reports, SKIP_CHECKS, the baseline and the self-test matrix write them.
 * One list, so that a misspelt name is a compile error (or a configuration error, for user input).
 */
export const CHECK_NAMES = [
  'status',
  'content-type',
  'schema',
  'echo',
  'odata-type',
  'error-shape',
  'nothing-created',
  'metadata',
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];

export const isCheckName = (name: string): name is CheckName => (CHECK_NAMES as readonly string[]).includes(name);
