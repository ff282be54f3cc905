/** Mainland mobile numbers: 11 digits starting with 1[3-9]. */
export const PHONE_PATTERN = /^1[3-9]\d{9}$/;

/** 13812341234 → 138****1234. Anything that is not a full number is masked entirely. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** An organisation's contact number: a mobile, or a landline with its area code (0755-12345678). */
export const CONTACT_PHONE_PATTERN = /^[0-9-]{7,20}$/;

/** 统一社会信用代码: 18 characters of digits and capitals without I, O, S, V, Z. */
export const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
