import {
  MEMBERSHIP_RELATIONS,
  MEMBERSHIP_RELATION_LABELS,
  type BuildingView,
  type HouseholdOption,
  type MembershipRelation,
} from '@doorstep/contracts';
import { Picker, View } from '@tarojs/components';

import { zh } from '../i18n/zh';
import type { RecentCompound } from '../services/session';
import { Btn } from './Btn';
import { cx } from './cx';
import { StatusView } from './StatusView';

export interface ClaimSelection {
  compoundId: number | null;
  buildingId: number | null;
  householdId: number | null;
  relation: MembershipRelation | null;
}

interface Props {
  compounds: RecentCompound[];
  buildings: BuildingView[];
  households: HouseholdOption[];
  loadingOptions: boolean;
  selection: ClaimSelection;
  onChange: (selection: ClaimSelection) => void;
  submitting: boolean;
  onSubmit: () => void;
}

/** 绑定房屋: compound → building → unit and room → relation, then submit for review. */
export function ClaimForm({
  compounds,
  buildings,
  households,
  loadingOptions,
  selection,
  onChange,
  submitting,
  onSubmit,
}: Props) {
  if (compounds.length === 0) return <StatusView kind="empty" text={zh.households.noCompounds} />;
  const roomLabels = households.map((h) => zh.households.unitRoom(h.unit, h.room));
  const roomIndex = households.findIndex((h) => h.id === selection.householdId);
  const complete = selection.compoundId && selection.buildingId && selection.householdId && selection.relation;
  return (
    <View className="card" data-testid="claim-form">
      <View className="form-label">{zh.households.compound}</View>
      <View className="choices">
        {compounds.map((c) => (
          <View
            key={c.id}
            className={cx('chip', selection.compoundId === c.id && 'chip--active')}
            data-testid={`claim-compound-${c.id}`}
            onClick={() => onChange({ compoundId: c.id, buildingId: null, householdId: null, relation: selection.relation })}
          >
            {c.name}
          </View>
        ))}
      </View>
      {selection.compoundId ? (
        <View>
          <View className="form-label">{zh.households.building}</View>
          <View className="choices">
            {buildings.map((b) => (
              <View
                key={b.id}
                className={cx('chip', selection.buildingId === b.id && 'chip--active')}
                data-testid={`claim-building-${b.id}`}
                onClick={() => onChange({ ...selection, buildingId: b.id, householdId: null })}
              >
                {b.name}
              </View>
            ))}
          </View>
        </View>
      ) : null}
      {selection.buildingId ? (
        <View>
          <View className="form-label">{zh.households.room}</View>
          {loadingOptions ? (
            <StatusView kind="loading" />
          ) : (
            <Picker
              mode="selector"
              range={roomLabels}
              value={Math.max(0, roomIndex)}
              onChange={(e) => onChange({ ...selection, householdId: households[Number(e.detail.value)]?.id ?? null })}
            >
              <View className={cx('chip', roomIndex >= 0 && 'chip--active')} data-testid="claim-room">
                {roomIndex >= 0 ? roomLabels[roomIndex] : zh.households.choose}
              </View>
            </Picker>
          )}
          <View className="form-label" style={{ marginTop: '16px' }}>
            {zh.households.relation}
          </View>
          <View className="choices">
            {MEMBERSHIP_RELATIONS.map((r) => (
              <View
                key={r}
                className={cx('chip', selection.relation === r && 'chip--active')}
                data-testid={`claim-relation-${r}`}
                onClick={() => onChange({ ...selection, relation: r })}
              >
                {MEMBERSHIP_RELATION_LABELS[r]}
              </View>
            ))}
          </View>
        </View>
      ) : null}
      <Btn kind="primary" block disabled={submitting || !complete} testId="claim-submit" onClick={onSubmit}>
        {submitting ? zh.common.submitting : zh.households.submit}
      </Btn>
    </View>
  );
}
