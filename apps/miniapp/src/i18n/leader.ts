/**
 * What the 楼长/单元长 pages (packages/leader) say. Kept apart from zh.ts so the main package does not
 * carry them; same rules as zh.ts: Chinese, no developer text.
 */
export const zhLeader = {
  report: {
    title: '代办报事',
    help: '邻居有问题不方便自己报？在这里替他登记。工单算在他家名下，他会在“我的工单”里看到进度。',
    household: '邻居的房屋',
    submit: '提交代办',
    submitted: (n: string) => `已代办，工单号 ${n}`,
  },
  tickets: {
    title: '本楼工单',
    tabs: { open: '处理中', all: '全部' },
    empty: '本楼暂无工单',
  },
  building: '楼栋',
  noBuilding: '您还不是楼长/单元长，请联系社区',
} as const;
