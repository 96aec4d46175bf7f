/**
 * Runs `run` once per side per slice, A B then B A (A B B A A B …), so each side goes first as often as second and
 * whatever drifts on a shared machine over seconds falls on both alike.
 */
export async function inAlternatingSlices<T>(
  pair: readonly [T, T],
  slices: number,
  run: (side: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < slices; i++) {
    const order = i % 2 === 0 ? pair : ([pair[1], pair[0]] as const);
    for (const side of order) await run(side);
  }
}
