/**
 * Failures that are about the target, not about this code: they read as sentences, with no stack, so
 * the report shows what broke instead of a code frame from the suite's internals.
 */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
    this.stack = `${this.name}: ${message}`;
  }
}

/** A documented promise the target broke. */
export class ContractViolation extends TargetError {}

/** A resource the test needed (to fill a path placeholder) could not be created. */
export class PrerequisiteError extends TargetError {}
