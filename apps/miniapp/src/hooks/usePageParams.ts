import { useRouter } from '@tarojs/taro';

/** The page's query parameters (`?id=12`), as strings. */
export function usePageParams(): Partial<Record<string, string>> {
  return useRouter().params;
}

/** A positive integer parameter, or null. */
export function intParam(value: string | undefined): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}
