/**
 * Retries `assertion` on later turns of the event loop until it passes, rethrowing its last failure
 * after `turns` tries: for specs whose work is all in-process promises, so no clock is involved.
 */
export async function eventually(assertion: () => void | Promise<void>, turns = 1_000): Promise<void> {
  for (let turn = 1; ; turn++) {
    try {
      return await assertion();
    } catch (error) {
      if (turn >= turns) throw error;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
