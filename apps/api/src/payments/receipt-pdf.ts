import PDFDocument from 'pdfkit';
import { PAYMENT_CHANNEL_LABELS, type PaymentView } from '@doorstep/contracts';
import { formatShanghai } from '../common/shanghai-time';
import { posterFonts } from '../qr/poster-fonts';

/** Integer fen as yuan with two decimals and thousands separators: 1234567 → '12,345.67'. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export interface ReceiptContent {
  payment: PaymentView;
  compoundName: string;
  buildingName: string;
  recordedByName: string;
}

/**
 * 收据 of one payment on an A5 landscape page, with the bundled Noto Sans CJK (the QR posters' font,
 * embedded as a subset, so the text stays searchable). A reversed payment says so in red.
 */
export async function receiptPdf({ payment: p, compoundName, buildingName, recordedByName }: ReceiptContent): Promise<Buffer> {
  const fonts = posterFonts();
  const doc = new PDFDocument({ size: 'A5', layout: 'landscape', margin: 40, info: { Title: `收据 ${p.receiptNo}` } });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.regular.data);
  doc.registerFont('bold', fonts.bold.data);
  doc.font('bold').fontSize(20).text(`${compoundName} 收据`, { align: 'center' });
  doc.moveDown(0.5);
  doc.font('regular').fontSize(10).text(`收据号：${p.receiptNo}`, { align: 'right' });
  doc.moveDown(0.5);
  const line = (label: string, value: string) => doc.font('regular').fontSize(11).text(`${label}：${value}`);
  line('房屋', `${buildingName} ${p.householdLabel}`);
  line('收款方式', PAYMENT_CHANNEL_LABELS[p.channel] + (p.reference ? `（流水号 ${p.reference}）` : ''));
  line('金额', `¥${yuan(p.amountFen)} 元`);
  line('收款时间', formatShanghai(new Date(p.createdAt)));
  line('收款人', recordedByName);
  if (p.note) line('备注', p.note);
  doc.moveDown(0.5);
  doc.font('bold').fontSize(11).text('明细');
  for (const a of p.allocations) {
    doc
      .font('regular')
      .fontSize(10)
      .text(`${a.period}  ${a.itemName}  ¥${yuan(a.amountFen)}`, { indent: 12 });
  }
  if (p.reversal) {
    doc.moveDown(0.5);
    doc
      .fillColor('#c0392b')
      .font('bold')
      .fontSize(12)
      .text(`已冲正（${formatShanghai(new Date(p.reversal.createdAt))}）：${p.reversal.reason}`);
  }
  doc.end();
  return done;
}
