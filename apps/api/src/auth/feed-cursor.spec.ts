import { FeedCursor } from './feed-cursor';

describe('FeedCursor', () => {
  it('takes each id once, in order', () => {
    const cursor = new FeedCursor(10, 1000);
    expect(cursor.take([11, 12], 0)).toEqual([11, 12]);
    expect(cursor.after).toBe(12);
    expect(cursor.take([12], 1)).toEqual([]);
    expect(cursor.awaited).toEqual([]);
  });

  it('awaits an id skipped by a transaction still in flight, and takes it when it commits', () => {
    const cursor = new FeedCursor(10, 1000);
    expect(cursor.take([12], 0)).toEqual([12]);
    expect(cursor.awaited).toEqual([11]);
    expect(cursor.take([11], 500)).toEqual([11]);
    expect(cursor.awaited).toEqual([]);
  });

  it('gives up on a skipped id after the grace period (a transaction that rolled back)', () => {
    const cursor = new FeedCursor(0, 1000);
    cursor.take([3], 0);
    expect(cursor.awaited).toEqual([1, 2]);
    cursor.take([], 1001);
    expect(cursor.awaited).toEqual([]);
    expect(cursor.take([2], 1002)).toEqual([]);
  });

  it('awaits a bounded number of ids after a large jump', () => {
    const cursor = new FeedCursor(0, 1000, 5);
    expect(cursor.take([1_000_000], 0)).toEqual([1_000_000]);
    expect(cursor.awaited).toHaveLength(5);
    expect(cursor.after).toBe(1_000_000);
  });
});
