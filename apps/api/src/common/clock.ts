import { Injectable } from '@nestjs/common';

/** Time source, injectable so tests can move it (deadlines, token expiry, sweepers). */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: shift "now" forward. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
