/**
 * A counter line for CLI work: rewritten in place on a terminal; in a log (not a terminal) only
 * the final count is printed, so logs are not filled with one line per step.
 */
export function countProgress(label: (done: number, total: number) => string) {
  const tty = process.stdout.isTTY;
  return (done: number, total: number) => {
    if (tty) process.stdout.write(`\r${label(done, total)}${done === total ? '\n' : ''}`);
    else if (done === total) process.stdout.write(`${label(done, total)}\n`);
  };
}
