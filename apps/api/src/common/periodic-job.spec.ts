import { PeriodicJob } from './periodic-job';

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs on the interval, never two rounds at once, and waits for the last one on stop', async () => {
    let rounds = 0;
    let finish: () => void = () => undefined;
    const job = new PeriodicJob(
      'test',
      () =>
        new Promise<void>((resolve) => {
          rounds++;
          finish = resolve;
        }),
      { error: jest.fn() },
    );
    job.start(1000);
    jest.advanceTimersByTime(1000);
    expect(rounds).toBe(1);
    jest.advanceTimersByTime(3000);
    expect(rounds).toBe(1);
    finish();
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(1000);
    expect(rounds).toBe(2);
    const stopped = job.stop();
    finish();
    await stopped;
    jest.advanceTimersByTime(5000);
    expect(rounds).toBe(2);
  });

  it('logs a failed round and keeps going', async () => {
    const error = jest.fn();
    let rounds = 0;
    const job = new PeriodicJob(
      'test',
      async () => {
        rounds++;
        throw new Error('boom');
      },
      { error },
    );
    job.start(10);
    jest.advanceTimersByTime(10);
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(10);
    expect(rounds).toBe(2);
    expect(error).toHaveBeenCalledWith({ err: 'Error: boom' }, 'test failed');
    await job.stop();
  });

  it('stays off with an interval of 0', () => {
    const work = jest.fn();
    new PeriodicJob('test', work, { error: jest.fn() }).start(0);
    jest.advanceTimersByTime(100_000);
    expect(work).not.toHaveBeenCalled();
  });
});
