import { OPEN_BILL_STATUSES, type BillView } from '@doorstep/contracts';
import type { Bill } from './bill.entity';

export const householdLabel = (unit: string, room: string) => `${unit}-${room}`;

/** A bill loaded with its building and household (for their names). */
export const billView = (b: Bill): BillView => ({
  id: b.id,
  compoundId: b.compoundId,
  buildingId: b.buildingId,
  buildingName: b.building?.name ?? '',
  householdId: b.householdId,
  householdLabel: b.household ? householdLabel(b.household.unit, b.household.room) : '',
  feeItemId: b.feeItemId,
  itemName: b.itemName,
  rule: b.rule,
  priceFen: b.priceFen,
  areaHundredths: b.areaHundredths,
  period: b.period,
  months: b.months,
  amountFen: b.amountFen,
  paidFen: b.paidFen,
  owedFen: OPEN_BILL_STATUSES.includes(b.status) ? b.amountFen - b.paidFen : 0,
  status: b.status,
  statusReason: b.statusReason,
  statusById: b.statusById,
  statusAt: b.statusAt ? b.statusAt.toISOString() : null,
  version: b.version,
  createdAt: b.createdAt.toISOString(),
});
