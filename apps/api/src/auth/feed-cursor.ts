/**
 * How far an instance has read the auth change feed. Feed ids come from an auto-increment, and two
 * transactions in flight can commit out of order: id 12 may be visible before id 11. So a poll reads
 * `id > last` and also the ids skipped so far, each awaited for `graceMs` (a transaction that never
 * committed leaves a hole for good). At most `maxAwaited` holes are kept.
 */
export class FeedCursor {
  /** Skipped id → when it was first missed. */
  private readonly holes = new Map<number, number>();

  constructor(
    private last: number,
    private readonly graceMs: number,
    private readonly maxAwaited = 1000,
  ) {}

  /** Read rows with an id above this… */
  get after(): number {
    return this.last;
  }

  /** …and these ids, which may still commit. */
  get awaited(): number[] {
    return [...this.holes.keys()];
  }

  /** Takes the ids a poll returned, ascending; returns the ones not taken before. */
  take(ids: number[], now: number): number[] {
    const fresh: number[] = [];
    for (const id of ids) {
      if (this.holes.delete(id)) fresh.push(id);
      else if (id > this.last) {
        for (let skipped = this.last + 1; skipped < id && this.holes.size < this.maxAwaited; skipped++) {
          this.holes.set(skipped, now);
        }
        this.last = id;
        fresh.push(id);
      }
    }
    for (const [id, since] of this.holes) if (now - since > this.graceMs) this.holes.delete(id);
    return fresh;
  }
}
