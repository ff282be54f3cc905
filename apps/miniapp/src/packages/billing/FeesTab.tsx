import { useState } from 'react';
import {
  BILLING_LIMITS,
  ENDPOINTS,
  FEE_CYCLES,
  FEE_CYCLE_LABELS,
  FEE_RULES,
  FEE_RULE_LABELS,
  LIMITS,
  PERIOD_PATTERN,
  type FeeCycle,
  type FeeItemView,
  type FeeRule,
} from '@doorstep/contracts';
import { Switch, View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { Field, FieldFrame } from '../../components/admin/Field';
import { RecordTable } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { StatusView } from '../../components/StatusView';
import { fenText, yuanToFen } from '../../format';
import { useRemote } from '../../hooks/useRemote';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { call, errorMessage, newIdempotencyKey } from '../../services/request';
import { PartialPaymentSetting } from './PartialPaymentSetting';
import { toast } from '../../services/toast';

const t = zhAdmin.billing;

const PRICE_MAX: Record<FeeRule, number> = {
  per_area: BILLING_LIMITS.perAreaPriceFenMax,
  per_month: BILLING_LIMITS.perMonthPriceFenMax,
  one_off: BILLING_LIMITS.oneOffPriceFenMax,
};
const PRICE_LABEL: Record<FeeRule, string> = { per_area: t.pricePerArea, per_month: t.pricePerMonth, one_off: t.priceOnce };

interface Draft {
  name: string;
  rule: FeeRule;
  price: string;
  cycle: FeeCycle;
  period: string;
  active: boolean;
}
const NEW_FEE: Draft = { name: '', rule: 'per_area', price: '', cycle: 1, period: '', active: true };

/** 收费项目: what the compound charges, how it is priced, and how often. */
export function FeesTab({ compoundId }: { compoundId: number }) {
  const list = useRemote(() => call(ENDPOINTS.feeItems, { params: { id: compoundId } }), compoundId, compoundId > 0);
  const [editing, setEditing] = useState<FeeItemView | null>(null);
  const [draft, setDraft] = useState<Draft>(NEW_FEE);
  const [problems, setProblems] = useState<Record<string, string>>({});
  // One key per item being created: a resend after a timeout creates it once.
  const [key, setKey] = useState(newIdempotencyKey);

  const stop = () => {
    setEditing(null);
    setDraft(NEW_FEE);
    setProblems({});
  };

  const save = useSubmit(async () => {
    const p: Record<string, string> = {};
    const priceFen = yuanToFen(draft.price);
    if (!draft.name.trim()) p.name = zhAdmin.common.needValue;
    else if (draft.name.trim().length > LIMITS.nameMax) p.name = zhAdmin.common.tooLong(LIMITS.nameMax);
    if (priceFen === null || priceFen <= 0 || priceFen > PRICE_MAX[draft.rule]) p.price = zhAdmin.common.badNumber;
    if (!editing && draft.rule === 'one_off' && !PERIOD_PATTERN.test(draft.period)) p.period = 'YYYY-MM';
    setProblems(p);
    if (Object.keys(p).length) return;
    try {
      if (editing) {
        await call(ENDPOINTS.updateFeeItem, {
          params: { id: editing.id },
          body: { version: editing.version, name: draft.name.trim(), priceFen: priceFen!, active: draft.active },
        });
      } else {
        await call(ENDPOINTS.createFeeItem, {
          body: {
            compoundId,
            name: draft.name.trim(),
            rule: draft.rule,
            priceFen: priceFen!,
            ...(draft.rule === 'one_off' ? { period: draft.period } : { cycleMonths: draft.cycle }),
          },
          idempotencyKey: key,
        });
        setKey(newIdempotencyKey());
      }
      toast(t.done, 'success');
      stop();
      await list.reload();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  if (list.error) return <StatusView kind="error" text={list.error} onRetry={() => void list.reload()} />;
  if (!list.data) return <StatusView kind="loading" />;
  return (
    <View>
      <PartialPaymentSetting compoundId={compoundId} />
      <RecordTable
        rows={list.data}
        testId="fees"
        empty={t.noFees}
        rowKey={(f) => f.id}
        onOpen={(f) => {
          setEditing(f);
          setProblems({});
          setDraft({ ...NEW_FEE, name: f.name, rule: f.rule, price: fenText(f.priceFen), active: f.active });
        }}
        columns={[
          { key: 'name', title: t.feeName, primary: true, render: (f) => f.name },
          { key: 'rule', title: t.rule, render: (f) => FEE_RULE_LABELS[f.rule] },
          { key: 'price', title: t.price, render: (f) => fenText(f.priceFen) },
          { key: 'cycle', title: t.cycle, render: (f) => (f.cycleMonths ? FEE_CYCLE_LABELS[f.cycleMonths] : (f.period ?? '—')) },
          { key: 'state', title: t.state, render: (f) => (f.active ? t.on : t.off) },
        ]}
      />
      <View className="card" data-testid="fee-form">
        <View className="section__title">{editing ? t.editFee(editing.name) : t.addFee}</View>
        <Field
          label={t.feeName}
          value={draft.name}
          onChange={(name) => setDraft({ ...draft, name })}
          testId="fee-name"
          maxlength={LIMITS.nameMax}
          problem={problems.name}
        />
        {editing ? null : (
          <FieldFrame label={t.rule}>
            <Choices
              items={FEE_RULES.map((r) => ({ key: r, label: FEE_RULE_LABELS[r] }))}
              value={draft.rule}
              onChange={(rule) => setDraft({ ...draft, rule })}
              testId="fee-rule"
            />
          </FieldFrame>
        )}
        <Field
          label={PRICE_LABEL[draft.rule]}
          value={draft.price}
          onChange={(price) => setDraft({ ...draft, price })}
          testId="fee-price"
          type="digit"
          problem={problems.price}
        />
        {!editing && draft.rule !== 'one_off' ? (
          <FieldFrame label={t.cycle}>
            <Choices
              items={FEE_CYCLES.map((c) => ({ key: c, label: FEE_CYCLE_LABELS[c] }))}
              value={draft.cycle}
              onChange={(cycle) => setDraft({ ...draft, cycle })}
              testId="fee-cycle"
            />
          </FieldFrame>
        ) : null}
        {!editing && draft.rule === 'one_off' ? (
          <Field
            label={t.oneOffPeriod}
            value={draft.period}
            onChange={(period) => setDraft({ ...draft, period })}
            testId="fee-period"
            placeholder="2026-12"
            maxlength={7}
            problem={problems.period}
          />
        ) : null}
        {editing ? (
          <FieldFrame label={t.state}>
            <Switch className="switch" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.detail.value })} />
          </FieldFrame>
        ) : null}
        <View className="admin-toolbar">
          <Btn kind="primary" disabled={save.pending} testId="fee-save" onClick={() => void save.run()}>
            {save.pending ? zhAdmin.common.saving : zhAdmin.common.save}
          </Btn>
          {editing ? <Btn onClick={stop}>{zhAdmin.common.cancelEdit}</Btn> : null}
        </View>
      </View>
    </View>
  );
}
