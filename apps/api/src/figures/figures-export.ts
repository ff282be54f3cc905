import {
  FIGURE_DEFINITIONS,
  FIGURE_KEYS,
  type FigureKey,
  type Figures,
  type FigureSubjectType,
  type FiguresView,
} from '@doorstep/contracts';
import { csvTable } from '../common/csv/csv';
import type { SheetCell, SheetColumn, SheetSpec } from '../common/xlsx/sheet-writer';

export const SUBJECT_LABELS: Record<FigureSubjectType, string> = {
  street: '街道',
  community: '社区',
  society: '共享物业社',
  company: '物业公司',
  compound: '小区',
};

export const PERCENT = '0.00%';

/** A rate as the fraction Excel formats as a percentage; counts, averages and per-100 rates as they are. */
export function cell(key: FigureKey, f: Figures): SheetCell {
  const v = f[key];
  if (v === null) return null;
  return FIGURE_DEFINITIONS[key].unit === 'bp' ? v / 10000 : v;
}

/** The same value as text, for CSV ("93.50%"). */
export function text(key: FigureKey, f: Figures): string {
  const v = f[key];
  if (v === null) return '';
  return FIGURE_DEFINITIONS[key].unit === 'bp' ? `${(v / 100).toFixed(2)}%` : String(v);
}

export const FIGURE_COLUMNS: SheetColumn[] = FIGURE_KEYS.map((key) => ({
  header: FIGURE_DEFINITIONS[key].label,
  width: 14,
  numFmt: FIGURE_DEFINITIONS[key].unit === 'bp' ? PERCENT : undefined,
}));

interface Line {
  level: string;
  type: string;
  name: string;
  figures: Figures;
}

/** The subject first, then what lies below it, then the handlers side by side. */
function lines(view: FiguresView): Line[] {
  const line = (level: string, s: { type: FigureSubjectType; name: string }, figures: Figures): Line => ({
    level,
    type: SUBJECT_LABELS[s.type],
    name: s.name,
    figures,
  });
  return [
    line('本级', view.subject, view.figures),
    ...view.children.map((r) => line('下级', r.subject, r.figures)),
    ...view.handlers.map((r) => line('服务单位', r.subject, r.figures)),
  ];
}

export const DEFINITIONS_SHEET: SheetSpec = {
  name: '指标说明',
  columns: [
    { header: '指标', width: 18 },
    { header: '口径', width: 90 },
  ],
  rows: [
    ['统计月份', '按北京时间的自然月；本月工单指本月上报的工单。'],
    ['有效工单', '不含居民自己撤销的和作为重复合并的工单。'],
    ...FIGURE_KEYS.map((key) => [FIGURE_DEFINITIONS[key].label, FIGURE_DEFINITIONS[key].definition]),
  ],
};

export function figuresSheets(view: FiguresView): SheetSpec[] {
  return [
    {
      name: `${view.month} 考核指标`,
      columns: [{ header: '层级', width: 8 }, { header: '类型', width: 10 }, { header: '名称', width: 24 }, ...FIGURE_COLUMNS],
      rows: lines(view).map((l) => [l.level, l.type, l.name, ...FIGURE_KEYS.map((k) => cell(k, l.figures))]),
    },
    {
      name: '近月趋势',
      columns: [{ header: '月份', width: 10 }, ...FIGURE_COLUMNS],
      rows: view.trend.map((t) => [t.month, ...FIGURE_KEYS.map((k) => cell(k, t.figures))]),
    },
    DEFINITIONS_SHEET,
  ];
}

/** One table: the subject, its children and its handlers, rates as text ("93.50%"). */
export function figuresCsv(view: FiguresView): Buffer {
  const header = ['月份', '层级', '类型', '名称', ...FIGURE_KEYS.map((k) => FIGURE_DEFINITIONS[k].label)];
  const rows = lines(view).map((l) => [view.month, l.level, l.type, l.name, ...FIGURE_KEYS.map((k) => text(k, l.figures))]);
  return csvTable([header, ...rows]);
}

export const figuresFilename = (view: FiguresView, ext: 'xlsx' | 'csv') => `考核指标-${view.subject.name}-${view.month}.${ext}`;
