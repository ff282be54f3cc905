import type { ManagementMode } from '@doorstep/contracts';

/** Every word printed on a QR poster, in one place. */
export const POSTER_TEXT = {
  brand: '家门口 · 物业服务',
  headline: '微信扫一扫，报修投诉 30 秒',
  subline: '扫码自动带上位置，可拍照上传，处理进度随时可查',
  wholeCompound: '小区公共区域',
  tokenLabel: '编号',
  handler: (mode: ManagementMode, companyName: string | null, companyPhone: string | null, communityName: string): string => {
    if (mode === 'company') return `物业服务：${companyName ?? ''}${companyPhone ? `　电话 ${companyPhone}` : ''}`;
    if (mode === 'shared') return `物业服务：${communityName}共享物业社`;
    return '物业服务：业主自治管理';
  },
  footer: '请勿遮挡或撕毁 · 紧急险情请直接拨打 110 / 119',
} as const;
