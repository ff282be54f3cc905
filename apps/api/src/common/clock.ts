import { Injectable } from '@nestjs/common';

/** Time source, injectable so tests can move it (deadlines, token expiry, sweepers). */
@Injectable()
export class Clock {
  private offsetMs = 0;
  /** Set by freeze(): the time stands still until advanced (the simulation). */
  private frozenMs: number | null = null;

  now(): Date {
    return new Date(this.frozenMs ?? Date.now() + this.offsetMs);
  }

  /** Tests only: shift "now" forward. */
  advance(ms: number): void {
    if (this.frozenMs !== null) this.frozenMs += ms;
    else this.offsetMs += ms;
  }

  /**
   * The simulation only: stop the clock at `at`; advance() moves it from there. A clock that runs on
   * by itself would stamp each record with however long the machine took, so the same seed would not
   * give the same month.
   */
  freeze(at: Date): void {
    this.frozenMs = at.getTime();
  }
}
