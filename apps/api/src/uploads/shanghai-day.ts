const DAY_MS = 24 * 3600 * 1000;
/** China has kept UTC+8 all year since 1991: no daylight saving to account for. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/** The UTC instant at which the Asia/Shanghai calendar day containing `now` began. */
export function startOfShanghaiDay(now: Date): Date {
  return new Date(Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS);
}
