import { zh } from './i18n/zh';

/**
 * Times come from the API as UTC ISO strings and are shown in Asia/Shanghai (UTC+8, no daylight
 * saving), computed by hand: the mini-program's JavaScript engines do not all carry time zone data.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

const pad = (n: number) => String(n).padStart(2, '0');

function shanghai(iso: string | number | Date): Date {
  return new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS);
}

/** 06-18 14:05, or 2024-06-18 14:05 when not this year. */
export function formatTime(iso: string, now: number = Date.now()): string {
  const d = shanghai(iso);
  const md = `${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return d.getUTCFullYear() === shanghai(now).getUTCFullYear() ? md : `${d.getUTCFullYear()}-${md}`;
}

/** YYYY-MM-DD of a moment in Shanghai (for date pickers). */
export function shanghaiDate(at: number | Date = Date.now()): string {
  const d = shanghai(at);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** A Shanghai wall-clock date and time (from pickers) → UTC ISO for the API. */
export function shanghaiToIso(date: string, time: string): string {
  return new Date(`${date}T${time}:00+08:00`).toISOString();
}

/** 3天2小时 / 2小时5分 / 8分12秒: the two largest units of a duration. */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(totalSeconds / 86400);
  const hours = Math.floor((totalSeconds % 86400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return zh.duration.daysHours(days, hours);
  if (hours > 0) return zh.duration.hoursMinutes(hours, minutes);
  return zh.duration.minutesSeconds(minutes, pad(seconds));
}

/** 49711 fen → "497.11"; money is integer fen end to end and never goes through a float here. */
export function fenText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "1.85" (元) → 185 fen; null when it is not an amount of at most two decimals. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}
