/**
 * @module CLI errors: the one place where failures become exit codes.
 */

export const EXIT = { ok: 0, failure: 1, invalidInput: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error the CLI reports as `error: <message>` with a chosen exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.invalidInput,
  ) {
    super(message);
    this.name = "CliError";
  }
}
