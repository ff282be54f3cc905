/** Basis points (10000 = 100 %), half up, in exact integers; null when there is nothing to divide by. */
export function basisPoints(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Number((BigInt(part) * 20000n + BigInt(whole)) / (2n * BigInt(whole)));
}
