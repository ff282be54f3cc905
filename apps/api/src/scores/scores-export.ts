import {
  FIGURE_DEFINITIONS,
  FIGURE_KEYS,
  SCORE_METRICS,
  type ScoreBoardView,
  type ScoreRow,
  type ScoreSchemeView,
} from '@doorstep/contracts';
import { csvTable } from '../common/csv/csv';
import type { SheetCell, SheetSpec } from '../common/xlsx/sheet-writer';
import { cell, DEFINITIONS_SHEET, FIGURE_COLUMNS, SUBJECT_LABELS, text } from '../figures/figures-export';

const PLACE = { red: '红榜', black: '黑榜' } as const;
const deductionsText = (r: ScoreRow) => r.deductions.map((d) => `${d.label} -${d.points}`).join('；');

const HEAD = ['部分', '名次', '名称', '类型', '得分', '星级', '等级', '榜单', '一票否决件数', '扣分项'];

function head(part: string, r: ScoreRow): SheetCell[] {
  return [
    part,
    r.rank,
    r.subject.name,
    SUBJECT_LABELS[r.subject.type],
    r.score,
    r.stars,
    r.grade,
    r.list ? PLACE[r.list] : null,
    r.vetoTickets,
    deductionsText(r),
  ];
}

function schemeRows(s: ScoreSchemeView): SheetCell[][] {
  return [
    ...SCORE_METRICS.map((m) => [`权重：${FIGURE_DEFINITIONS[m].label}`, s.weights[m]]),
    ['投诉率得零分的每百户件数', s.complaintCeilingPer100],
    ['二至五星分数线', s.starThresholds.join(' / ')],
    ['AAA、AA、A、B 分数线（以下为 C）', s.gradeThresholds.join(' / ')],
    ['红黑榜各列几家', s.listSize],
    ['上红榜最低分', s.redMinScore],
    ['上黑榜分数低于', s.blackBelowScore],
    ['参与排名的最少工单数', s.minTickets],
    ['一票否决', s.veto ? '启用：紧急或升级到街道的工单未解决' : '不启用'],
    ['方案版本', s.version],
  ];
}

/** The street's board as it stands: the handlers' ranking, the compounds' grades, the scheme and the definitions. */
export function scoreSheets(board: ScoreBoardView, scheme: ScoreSchemeView): SheetSpec[] {
  const columns = [
    ...HEAD.map((header) => ({ header, width: header === '扣分项' ? 40 : header === '名称' ? 24 : 10 })),
    ...FIGURE_COLUMNS,
  ];
  const row = (part: string, r: ScoreRow) => [...head(part, r), ...FIGURE_KEYS.map((k) => cell(k, r.figures))];
  return [
    { name: `${board.month} 物业排名`, columns, rows: board.handlers.map((r) => row('服务单位', r)) },
    { name: `${board.month} 小区定级`, columns, rows: board.compounds.map((r) => row('小区', r)) },
    {
      name: '评分方案',
      columns: [
        { header: '项目', width: 36 },
        { header: '设置', width: 40 },
      ],
      rows: schemeRows(scheme),
    },
    DEFINITIONS_SHEET,
  ];
}

export function scoreCsv(board: ScoreBoardView): Buffer {
  const row = (part: string, r: ScoreRow) => [
    board.month,
    ...head(part, r).map((c) => (c === null ? '' : c)),
    ...FIGURE_KEYS.map((k) => text(k, r.figures)),
  ];
  return csvTable([
    ['月份', ...HEAD, ...FIGURE_KEYS.map((k) => FIGURE_DEFINITIONS[k].label)],
    ...board.handlers.map((r) => row('服务单位', r)),
    ...board.compounds.map((r) => row('小区', r)),
  ]);
}

export const scoresFilename = (board: ScoreBoardView, ext: 'xlsx' | 'csv') => `红黑榜-${board.streetName}-${board.month}.${ext}`;
