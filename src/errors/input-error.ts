// Bad input from the user (a flag, a file, a kubeconfig, a run directory): the CLI prints the message alone,
// with no stack, and exits 2, so scripts can tell "you asked for something wrong" from "it broke" (exit 1).
export const INPUT_EXIT_CODE = 2;

export class InputError extends Error {
  readonly exitCode = INPUT_EXIT_CODE;
}
