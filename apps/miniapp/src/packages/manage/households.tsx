import { useState } from 'react';
import Taro from '@tarojs/taro';
import { ENDPOINTS, LIMITS, PHONE_PATTERN, type BuildingView, type HouseholdView } from '@doorstep/contracts';
import { Input, View } from '@tarojs/components';

import { Choices } from '../../components/admin/Choices';
import { SearchBar } from '../../components/admin/SearchBar';
import { AdminPage, showAsideForm } from '../../components/admin/AdminPage';
import { Field, FieldFrame } from '../../components/admin/Field';
import { PagedRecords } from '../../components/admin/RecordTable';
import { Btn } from '../../components/Btn';
import { cx } from '../../components/cx';
import { PhoneLink } from '../../components/PhoneLink';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { usePagedList } from '../../hooks/usePagedList';
import { useReloadOnReturn } from '../../hooks/useReloadOnReturn';
import { useRemote } from '../../hooks/useRemote';
import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { allBuildings } from '../../services/admin';
import { call, errorMessage } from '../../services/request';
import { toast } from '../../services/toast';

const t = zhAdmin.households;

interface Draft {
  buildingId: number | null;
  unit: string;
  room: string;
  area: string;
  ownerName: string;
  ownerPhone: string;
}
const EMPTY: Draft = { buildingId: null, unit: '', room: '', area: '', ownerName: '', ownerPhone: '' };

/** 89.5 → 8950 hundredths of m²; null when it is not a plausible area. */
export function areaHundredths(text: string): number | null {
  if (!/^\d{1,5}(\.\d{1,2})?$/.test(text.trim())) return null;
  const value = Math.round(Number(text) * 100);
  return value > 0 && value <= LIMITS.areaHundredthsMax ? value : null;
}

/** The owner phone as the form shows it: the full number, or empty when the caller sees it masked. */
const phoneShown = (h: HouseholdView) => (h.ownerPhone && PHONE_PATTERN.test(h.ownerPhone) ? h.ownerPhone : '');

const areaText = (hundredths: number) => (hundredths / 100).toFixed(2).replace(/\.?0+$/, '');

/** What is wrong with a household draft, field by field (the API checks the same limits). */
function problemsOf(d: Draft, editing: boolean): Partial<Record<keyof Draft, string>> {
  const p: Partial<Record<keyof Draft, string>> = {};
  if (!editing) {
    if (d.buildingId === null) p.buildingId = t.chooseBuilding;
    if (!d.unit.trim()) p.unit = zhAdmin.common.needValue;
    else if (d.unit.trim().length > LIMITS.unitMax) p.unit = zhAdmin.common.tooLong(LIMITS.unitMax);
    if (!d.room.trim()) p.room = zhAdmin.common.needValue;
    else if (d.room.trim().length > LIMITS.roomMax) p.room = zhAdmin.common.tooLong(LIMITS.roomMax);
  }
  if (areaHundredths(d.area) === null) p.area = zhAdmin.common.badNumber;
  if (d.ownerName.trim().length > LIMITS.nameMax) p.ownerName = zhAdmin.common.tooLong(LIMITS.nameMax);
  if (d.ownerPhone.trim() && !PHONE_PATTERN.test(d.ownerPhone.trim())) p.ownerPhone = zhAdmin.common.badPhone;
  return p;
}

/** 住户: households of one compound by building, searchable; add and edit beside the list. */
export default function HouseholdsPage() {
  const compoundId = intParam(usePageParams().compoundId) ?? 0;
  const buildings = useRemote(() => allBuildings(compoundId), compoundId, compoundId > 0);
  const [buildingId, setBuildingId] = useState<number | null>(null);
  const [q, setQ] = useState('');
  const list = usePagedList(
    (cursor) =>
      call(ENDPOINTS.listHouseholds, {
        query: buildingId
          ? { buildingId, q: q || undefined, cursor, limit: 20 }
          : { compoundId, q: q || undefined, cursor, limit: 20 },
      }),
    `${compoundId}:${buildingId}:${q}`,
    compoundId > 0,
  );
  const [editing, setEditing] = useState<HouseholdView | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [shown, setShown] = useState<Partial<Record<keyof Draft, string>>>({});
  const [newBuilding, setNewBuilding] = useState('');
  // Back from the import page: the list may have grown.
  useReloadOnReturn(() => Promise.all([list.reload(), buildings.reload()]));

  const save = useSubmit(async () => {
    const problems = problemsOf(draft, editing !== null);
    setShown(problems);
    if (Object.keys(problems).length > 0) return;
    const area = areaHundredths(draft.area)!;
    try {
      if (editing) {
        await call(ENDPOINTS.updateHousehold, {
          params: { id: editing.id },
          body: {
            version: editing.version,
            areaHundredths: area,
            // Only what the person changed: a phone shown masked (or not at all) must not be wiped.
            ...(draft.ownerName.trim() !== (editing.ownerName ?? '') ? { ownerName: draft.ownerName.trim() || null } : {}),
            ...(draft.ownerPhone.trim() !== phoneShown(editing) ? { ownerPhone: draft.ownerPhone.trim() || null } : {}),
          },
        });
        toast(zhAdmin.common.saved, 'success');
      } else {
        await call(ENDPOINTS.createHousehold, {
          body: {
            buildingId: draft.buildingId!,
            unit: draft.unit.trim(),
            room: draft.room.trim(),
            areaHundredths: area,
            ownerName: draft.ownerName.trim() || undefined,
            ownerPhone: draft.ownerPhone.trim() || undefined,
          },
        });
        toast(t.created, 'success');
      }
      setEditing(null);
      setDraft({ ...EMPTY, buildingId: draft.buildingId });
      await list.reload();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const addBuilding = useSubmit(async () => {
    const name = newBuilding.trim();
    if (!name) return;
    try {
      const b = await call(ENDPOINTS.createBuilding, { body: { compoundId, name } });
      setNewBuilding('');
      await buildings.reload();
      setDraft((d) => ({ ...d, buildingId: b.id }));
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  const edit = (h: HouseholdView) => {
    showAsideForm();
    setEditing(h);
    setShown({});
    setDraft({
      buildingId: h.buildingId,
      unit: h.unit,
      room: h.room,
      area: areaText(h.areaHundredths),
      ownerName: h.ownerName ?? '',
      ownerPhone: phoneShown(h),
    });
  };
  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const allB: BuildingView[] = buildings.data ?? [];

  const form = (
    <View className="card" data-testid="household-form">
      <View className="section__title">
        {editing ? t.editTitle(`${editing.buildingName} ${editing.unit}单元 ${editing.room}`) : t.addTitle}
      </View>
      {editing ? null : (
        <>
          <FieldFrame label={t.building} problem={shown.buildingId}>
            <Choices
              items={allB.map((b) => ({ key: b.id, label: b.name }))}
              value={draft.buildingId}
              onChange={(key) => setDraft((d) => ({ ...d, buildingId: key }))}
              testId="household-form-building"
            />
            <View className="admin-toolbar" style={{ marginTop: '12px' }}>
              <Input
                className="field"
                value={newBuilding}
                placeholder={t.newBuilding}
                maxlength={32}
                data-testid="new-building"
                onInput={(e) => setNewBuilding(e.detail.value)}
              />
              <Btn
                size="small"
                disabled={addBuilding.pending || !newBuilding.trim()}
                testId="add-building"
                onClick={() => void addBuilding.run()}
              >
                {t.addBuilding}
              </Btn>
            </View>
          </FieldFrame>
          <Field
            label={t.unit}
            value={draft.unit}
            onChange={set('unit')}
            testId="household-unit"
            maxlength={LIMITS.unitMax}
            problem={shown.unit}
          />
          <Field
            label={t.room}
            value={draft.room}
            onChange={set('room')}
            testId="household-room"
            maxlength={LIMITS.roomMax}
            problem={shown.room}
          />
        </>
      )}
      <Field label={t.area} value={draft.area} onChange={set('area')} testId="household-area" type="digit" problem={shown.area} />
      <Field
        label={t.owner}
        value={draft.ownerName}
        onChange={set('ownerName')}
        testId="household-owner"
        optional
        maxlength={LIMITS.nameMax}
        problem={shown.ownerName}
      />
      <Field
        label={t.ownerPhone}
        value={draft.ownerPhone}
        onChange={set('ownerPhone')}
        testId="household-phone"
        type="number"
        optional
        maxlength={11}
        problem={shown.ownerPhone}
      />
      <View className="admin-toolbar">
        <Btn kind="primary" disabled={save.pending} testId="household-save" onClick={() => void save.run()}>
          {save.pending ? zhAdmin.common.saving : zhAdmin.common.save}
        </Btn>
        {editing ? (
          <Btn
            onClick={() => {
              setEditing(null);
              setDraft(EMPTY);
              setShown({});
            }}
          >
            {zhAdmin.common.cancelEdit}
          </Btn>
        ) : null}
      </View>
    </View>
  );

  return (
    <AdminPage testId="households-page" aside={form}>
      <SearchBar placeholder={t.searchPlaceholder} onSearch={setQ} testId="household-search">
        <Btn
          testId="household-import"
          onClick={() => void Taro.navigateTo({ url: `/packages/manage/import?compoundId=${compoundId}` })}
        >
          {t.import}
        </Btn>
      </SearchBar>
      <View className="choices" style={{ marginBottom: '16px' }}>
        <View className={cx('chip', buildingId === null && 'chip--active')} onClick={() => setBuildingId(null)}>
          {zhAdmin.common.all}
        </View>
        {allB.map((b) => (
          <View
            key={b.id}
            className={cx('chip', buildingId === b.id && 'chip--active')}
            data-testid={`household-building-${b.id}`}
            onClick={() => setBuildingId(b.id)}
          >
            {b.name}（{b.householdCount}）
          </View>
        ))}
      </View>
      <PagedRecords
        list={list}
        testId="households"
        empty={t.empty}
        rowKey={(h) => h.id}
        onOpen={edit}
        columns={[
          { key: 'home', title: t.room, primary: true, render: (h) => `${h.buildingName} ${h.unit}单元 ${h.room}` },
          { key: 'area', title: t.area, render: (h) => areaText(h.areaHundredths) },
          { key: 'owner', title: t.owner, render: (h) => h.ownerName ?? '—' },
          { key: 'phone', title: t.ownerPhone, render: (h) => (h.ownerPhone ? <PhoneLink phone={h.ownerPhone} /> : '—') },
        ]}
      />
    </AdminPage>
  );
}
