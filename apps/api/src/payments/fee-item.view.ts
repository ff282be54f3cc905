import type { FeeCycle, FeeItemView } from '@doorstep/contracts';
import type { FeeItem } from './fee-item.entity';

export const feeItemView = (f: FeeItem): FeeItemView => ({
  id: f.id,
  compoundId: f.compoundId,
  name: f.name,
  rule: f.rule,
  priceFen: f.priceFen,
  cycleMonths: (f.cycleMonths as FeeCycle | null) ?? null,
  period: f.period,
  active: !!f.active,
  version: f.version,
  createdAt: f.createdAt.toISOString(),
});
