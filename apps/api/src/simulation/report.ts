import { FIGURE_DEFINITIONS, type Figures, type ScoreRow } from '@doorstep/contracts';
import type { SimulationResult } from './simulation';

/** The simulation's outcome as a console report: per handler the figures and the verdict, the lists, the escalations. */

const pct = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '—' : String(x));
/** Chinese characters take two columns in a terminal. */
const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));

const COLUMNS: Array<{ title: string; cell: (f: Figures) => string }> = [
  { title: FIGURE_DEFINITIONS.tickets.label, cell: (f) => String(f.tickets) },
  { title: '投诉/百户', cell: (f) => num(f.complaintsPer100) },
  { title: '按时受理', cell: (f) => pct(f.onTimeAcceptBp) },
  { title: '当日办结', cell: (f) => pct(f.sameDayBp) },
  { title: '办结率', cell: (f) => pct(f.resolutionBp) },
  { title: '评分', cell: (f) => num(f.avgRating) },
  { title: '满意率', cell: (f) => pct(f.satisfiedBp) },
  { title: '回访满意', cell: (f) => pct(f.followUpSatisfiedBp) },
  { title: '升级', cell: (f) => String(f.escalated) },
  { title: '到街道', cell: (f) => String(f.escalatedToStreet) },
  { title: '督办', cell: (f) => String(f.urges) },
  { title: '否决', cell: (f) => String(f.vetoTickets) },
];

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

const verdict = (r: ScoreRow) =>
  `${r.subject.name} ${r.score ?? '—'}分 ${r.stars ?? '—'}★${r.vetoTickets ? ` 一票否决${r.vetoTickets}件` : ''}`;

export function formatReport(result: SimulationResult): string {
  const { world, board, published, escalations } = result;
  const profileOf = new Map(world.handlers.map((h) => [h.key, h.profile]));
  const out: string[] = [];
  out.push(
    `${world.streetName} ${result.options.month} — seed ${result.options.seed}: ${result.reported} tickets reported ` +
      `(asked ${result.options.tickets}), judged at ${result.judgedAt.toISOString()}`,
  );
  out.push('');
  out.push('处置单位（物业公司、共享物业社）');
  out.push(
    ...table(
      ['单位', '表现', ...COLUMNS.map((c) => c.title), '得分', '星级', '名次', '榜'],
      board.handlers.map((r) => [
        r.subject.name,
        profileOf.get(`${r.subject.type}:${r.subject.id}`) ?? '',
        ...COLUMNS.map((c) => c.cell(r.figures)),
        num(r.score),
        r.stars === null ? '—' : '★'.repeat(r.stars),
        num(r.rank),
        r.list === 'red' ? '红榜' : r.list === 'black' ? '黑榜' : '',
      ]),
    ),
  );
  out.push('');
  out.push(`全街道: ${COLUMNS.map((c) => `${c.title} ${c.cell(result.figures.figures)}`).join('，')}`);
  out.push('');
  out.push(`红榜 (published list #${published.id} v${published.version}): ${published.red.map(verdict).join('；') || '无'}`);
  out.push(`黑榜: ${published.black.map(verdict).join('；') || '无'}`);
  out.push('');
  out.push(`升级: 至社区 ${escalations.toCommunity} 次，至街道 ${escalations.toStreet} 次`);
  for (const h of world.handlers) {
    const e = escalations.byHandler[h.key];
    out.push(`  ${pad(h.name, 18)} ${pad(h.profile, 10)} 至社区 ${e.toCommunity}，至街道 ${e.toStreet}`);
  }
  out.push('');
  const counts = (m: Record<string, number>) =>
    Object.entries(m)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  out.push(`actions: ${counts(result.actions)}`);
  out.push(`refused by the services: ${counts(result.refused)}`);
  out.push(`sweeps: ${result.sweeps}`);
  out.push(
    `time: ${result.seconds.total.toFixed(1)} s (world ${result.seconds.world.toFixed(1)} s, month ${result.seconds.month.toFixed(1)} s of which sweeping ${result.seconds.sweeping.toFixed(1)} s, ` +
      `figures + board + publish ${result.seconds.figures.toFixed(2)} s)`,
  );
  return out.join('\n');
}
