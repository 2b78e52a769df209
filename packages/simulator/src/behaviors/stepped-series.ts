/**
 * A series defined step by step (x₀ = initial, x_k = step(x_{k-1}, k)) that can still be read at any
 * k cheaply. Reading forward advances a cursor, one step per sample; reading backward restarts from
 * the nearest checkpoint (one kept every `checkpointEvery` steps), so no read replays from zero and
 * memory grows by one number per `checkpointEvery` samples. Steps are replayed in the same order
 * from the same states, so every read of x_k gives the bit-identical number.
 */
export function steppedSeries(
  initial: number,
  step: (previous: number, k: number) => number,
  checkpointEvery = 1024
): (k: number) => number {
  const checkpoints: number[] = [initial]; // checkpoints[j] = x at k = j × checkpointEvery
  let cursorK = 0;
  let cursorX = initial;
  return (k) => {
    if (k < cursorK) {
      const j = Math.floor(k / checkpointEvery);
      const x = checkpoints[j];
      // The cursor has passed every checkpoint up to its own position, so this cannot miss.
      if (x === undefined) throw new Error(`stepped series lost checkpoint ${j}`);
      cursorK = j * checkpointEvery;
      cursorX = x;
    }
    while (cursorK < k) {
      cursorK += 1;
      cursorX = step(cursorX, cursorK);
      if (cursorK === checkpoints.length * checkpointEvery) checkpoints.push(cursorX);
    }
    return cursorX;
  };
}
