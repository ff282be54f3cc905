import { useState } from 'react';
import { ENDPOINTS, LIMITS, PHONE_PATTERN, type HouseholdView, type TicketView } from '@doorstep/contracts';
import { Textarea, View } from '@tarojs/components';

import { Choices } from './admin/Choices';
import { Field, FieldFrame } from './admin/Field';
import { Btn } from './Btn';
import { cx } from './cx';
import { StatusView } from './StatusView';
import { useRemote } from '../hooks/useRemote';
import { useSubmit } from '../hooks/useSubmit';
import { zhAdmin } from '../i18n/admin';
import { zh } from '../i18n/zh';
import { allBuildings, allPages } from '../services/admin';
import { call, errorMessage, newIdempotencyKey } from '../services/request';
import { toast } from '../services/toast';

const t = zhAdmin.phoneReport;

interface Props {
  compoundId: number;
  /**
   * 代客报事 (phone): staff pick any building of the compound and name the caller. 代办 (proxy): a 楼长
   * files for a neighbour of their own building; the household's member is the reporter.
   */
  mode: { kind: 'phone' } | { kind: 'proxy'; buildingId: number };
  /** The words that differ between the two: the help line, the household label, the button. */
  text: { help: string; household: string; submit: string; submitted: (n: string) => string };
  testId: string;
  onFiled: (ticket: TicketView) => void;
}

/** Files a ticket for a household: pick the building (unless fixed) and the room, the category, what is wrong. */
export function OnBehalfForm({ compoundId, mode, text, testId, onFiled }: Props) {
  const phone = mode.kind === 'phone';
  const buildings = useRemote(() => allBuildings(compoundId), compoundId, phone && compoundId > 0);
  const categories = useRemote(() => call(ENDPOINTS.categories, { params: { id: compoundId } }), compoundId, compoundId > 0);
  const [picked, setPicked] = useState<number | null>(null);
  const buildingId = mode.kind === 'proxy' ? mode.buildingId : picked;
  const households = useRemote(
    () => allPages((cursor) => call(ENDPOINTS.listHouseholds, { query: { buildingId: buildingId!, cursor, limit: 100 } }), 1000),
    buildingId,
    buildingId !== null,
  );
  const [household, setHousehold] = useState<HouseholdView | null>(null);
  const [name, setName] = useState('');
  const [callerPhone, setCallerPhone] = useState('');
  const [categoryId, setCategoryId] = useState<number | null>(null);
  const [description, setDescription] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  // One key per ticket being filed: a resend after a timeout files it once.
  const [key, setKey] = useState(newIdempotencyKey);

  const pickHousehold = (h: HouseholdView) => {
    setHousehold(h);
    if (h.ownerName && !name) setName(h.ownerName);
    if (h.ownerPhone && PHONE_PATTERN.test(h.ownerPhone) && !callerPhone) setCallerPhone(h.ownerPhone);
  };

  const submit = useSubmit(async () => {
    const p: Record<string, string> = {};
    if (!household) p.household = t.needHousehold;
    if (phone && !name.trim()) p.name = zhAdmin.common.needValue;
    if (phone && !PHONE_PATTERN.test(callerPhone.trim())) p.phone = zhAdmin.common.badPhone;
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
          ...(phone
            ? { source: 'phone' as const, onBehalfOf: { name: name.trim(), phone: callerPhone.trim() } }
            : { source: 'proxy' as const }),
        },
        idempotencyKey: key,
      });
      toast(text.submitted(String(ticket.id)), 'success');
      setKey(newIdempotencyKey());
      setDescription('');
      onFiled(ticket);
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const failed = buildings.error ?? households.error;
  if (failed) {
    const retry = () => void (buildings.error ? buildings.reload() : households.reload());
    return <StatusView kind="error" text={failed} onRetry={retry} />;
  }

  return (
    <View className="card" data-testid={`${testId}-form`}>
      <View className="muted" style={{ marginBottom: '16px' }}>
        {text.help}
      </View>
      {phone ? (
        <FieldFrame label={zhAdmin.households.building} problem={problems.household}>
          <View className="choices">
            {(buildings.data ?? []).map((b) => (
              <View
                key={b.id}
                className={cx('chip', picked === b.id && 'chip--active')}
                data-testid={`${testId}-building-${b.id}`}
                onClick={() => {
                  setPicked(b.id);
                  setHousehold(null);
                }}
              >
                {b.name}
              </View>
            ))}
          </View>
        </FieldFrame>
      ) : null}
      {buildingId ? (
        <FieldFrame label={text.household} problem={phone ? undefined : problems.household}>
          {households.loading ? (
            <StatusView kind="loading" />
          ) : (
            <View className="choices">
              {(households.data ?? []).map((h) => (
                <View
                  key={h.id}
                  className={cx('chip', household?.id === h.id && 'chip--active')}
                  data-testid={`${testId}-household-${h.id}`}
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
      {phone ? (
        <>
          <Field
            label={t.caller}
            value={name}
            onChange={setName}
            testId={`${testId}-caller`}
            maxlength={LIMITS.nameMax}
            problem={problems.name}
          />
          <Field
            label={t.callerPhone}
            value={callerPhone}
            onChange={setCallerPhone}
            testId={`${testId}-caller-phone`}
            type="number"
            maxlength={11}
            problem={problems.phone}
          />
        </>
      ) : null}
      <FieldFrame label={t.category} problem={problems.category}>
        <Choices
          items={(categories.data ?? []).map((c) => ({ key: c.id, label: c.name }))}
          value={categoryId}
          onChange={(k) => setCategoryId(k)}
          testId={`${testId}-category`}
        />
      </FieldFrame>
      <FieldFrame label={t.description} problem={problems.description}>
        <Textarea
          className="field field--area"
          value={description}
          maxlength={LIMITS.ticketDescriptionMax}
          placeholder={t.descriptionPlaceholder}
          data-testid={`${testId}-description`}
          onInput={(e) => setDescription(e.detail.value)}
        />
      </FieldFrame>
      <Btn kind="primary" block disabled={submit.pending} testId={`${testId}-submit`} onClick={() => void submit.run()}>
        {submit.pending ? zh.common.submitting : text.submit}
      </Btn>
    </View>
  );
}
