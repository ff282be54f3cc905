import { useState } from 'react';
import Taro from '@tarojs/taro';
import { ENDPOINTS, LIMITS, PHONE_PATTERN, type HouseholdView } from '@doorstep/contracts';
import { Textarea, View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { AdminPage } from '../../components/admin/AdminPage';
import { Field, FieldFrame } from '../../components/admin/Field';
import { Btn } from '../../components/Btn';
import { cx } from '../../components/cx';
import { StatusView } from '../../components/StatusView';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useRemote } from '../../hooks/useRemote';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { zh } from '../../i18n/zh';
import { allBuildings, allPages } from '../../services/admin';
import { ticketPage } from '../../services/navigation';
import { call, errorMessage, newIdempotencyKey } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.phoneReport;

/**
 * 代客报事: staff file a ticket for a resident who called or came to the desk (source phone). The
 * ticket is the household's: a caller whose phone has an account sees it in 我的工单.
 */
export default function PhoneReportPage() {
  const compoundId = intParam(usePageParams().compoundId) ?? 0;
  const buildings = useRemote(() => allBuildings(compoundId), compoundId, compoundId > 0);
  const categories = useRemote(() => call(ENDPOINTS.categories, { params: { id: compoundId } }), compoundId, compoundId > 0);
  const [buildingId, setBuildingId] = useState<number | null>(null);
  const households = useRemote(
    () => allPages((cursor) => call(ENDPOINTS.listHouseholds, { query: { buildingId: buildingId!, cursor, limit: 100 } }), 1000),
    buildingId,
    buildingId !== null,
  );
  const [household, setHousehold] = useState<HouseholdView | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [description, setDescription] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  // One key per ticket being filed: a resend after a timeout files it once.
  const [key, setKey] = useState(newIdempotencyKey);

  const pickHousehold = (h: HouseholdView) => {
    setHousehold(h);
    if (h.ownerName && !name) setName(h.ownerName);
    if (h.ownerPhone && PHONE_PATTERN.test(h.ownerPhone) && !phone) setPhone(h.ownerPhone);
  };

  const submit = useSubmit(async () => {
    const p: Record<string, string> = {};
    if (!household) p.household = t.needHousehold;
    if (!name.trim()) p.name = zhAdmin.common.needValue;
    if (!PHONE_PATTERN.test(phone.trim())) p.phone = zhAdmin.common.badPhone;
    if (!categoryId) p.category = t.needCategory;
    if (description.trim().length < 2) p.description = t.needDescription;
    setProblems(p);
    if (Object.keys(p).length) return;
    try {
      const ticket = await call(ENDPOINTS.createTicket, {
        body: {
          compoundId,
          categoryId: categoryId!,
          householdId: household!.id,
          buildingId: household!.buildingId,
          description: description.trim(),
          source: 'phone',
          onBehalfOf: { name: name.trim(), phone: phone.trim() },
        },
        idempotencyKey: key,
      });
      toast(t.submitted(String(ticket.id)), 'success');
      setKey(newIdempotencyKey());
      setDescription('');
      void Taro.redirectTo({ url: ticketPage.staff(ticket.id) });
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  if (buildings.error)
    return (
      <AdminPage>
        <StatusView kind="error" text={buildings.error} onRetry={() => void buildings.reload()} />
      </AdminPage>
    );

  return (
    <AdminPage testId="phone-report-page">
      <View className="card">
        <View className="muted" style={{ marginBottom: '16px' }}>
          {t.help}
        </View>
        <FieldFrame label={zhAdmin.households.building} problem={problems.household}>
          <View className="choices">
            {(buildings.data ?? []).map((b) => (
              <View
                key={b.id}
                className={cx('chip', buildingId === b.id && 'chip--active')}
                data-testid={`phone-building-${b.id}`}
                onClick={() => {
                  setBuildingId(b.id);
                  setHousehold(null);
                }}
              >
                {b.name}
              </View>
            ))}
          </View>
        </FieldFrame>
        {buildingId ? (
          <FieldFrame label={t.household}>
            {households.loading ? (
              <StatusView kind="loading" />
            ) : (
              <View className="choices">
                {(households.data ?? []).map((h) => (
                  <View
                    key={h.id}
                    className={cx('chip', household?.id === h.id && 'chip--active')}
                    data-testid={`phone-household-${h.id}`}
                    onClick={() => pickHousehold(h)}
                  >
                    {zh.households.unitRoom(h.unit, h.room)}
                    {h.ownerName ? ` ${h.ownerName}` : ''}
                  </View>
                ))}
              </View>
            )}
          </FieldFrame>
        ) : null}
        <Field
          label={t.caller}
          value={name}
          onChange={setName}
          testId="phone-caller"
          maxlength={LIMITS.nameMax}
          problem={problems.name}
        />
        <Field
          label={t.callerPhone}
          value={phone}
          onChange={setPhone}
          testId="phone-caller-phone"
          type="number"
          maxlength={11}
          problem={problems.phone}
        />
        <FieldFrame label={t.category} problem={problems.category}>
          <Choices
            items={(categories.data ?? []).map((c) => ({ key: c.id, label: c.name }))}
            value={categoryId}
            onChange={(key) => setCategoryId(key)}
            testId="phone-category"
          />
        </FieldFrame>
        <FieldFrame label={t.description} problem={problems.description}>
          <Textarea
            className="field field--area"
            value={description}
            maxlength={LIMITS.ticketDescriptionMax}
            placeholder={t.descriptionPlaceholder}
            data-testid="phone-description"
            onInput={(e) => setDescription(e.detail.value)}
          />
        </FieldFrame>
        <Btn kind="primary" block disabled={submit.pending} testId="phone-submit" onClick={() => void submit.run()}>
          {submit.pending ? zh.common.submitting : t.submit}
        </Btn>
      </View>
    </AdminPage>
  );
}
