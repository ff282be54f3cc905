import { useEffect, useMemo, useState } from 'react';
import type { BuildingView, HouseholdOption, MembershipView } from '@doorstep/contracts';

import type { ClaimSelection } from '../components/ClaimForm';
import { zh } from '../i18n/zh';
import { listCompounds } from '../services/api';
import { claimHousehold, householdOptions, listBuildings, myMemberships } from '../services/households';
import { toast } from '../services/toast';
import { errorMessage } from '../services/request';
import type { RecentCompound } from '../services/session';
import { useRemote, type RemoteState } from './useRemote';
import { useSubmit } from './useSubmit';

export interface ClaimHouseholdState {
  memberships: RemoteState<MembershipView[]>;
  compounds: RecentCompound[];
  buildings: BuildingView[];
  households: HouseholdOption[];
  loadingOptions: boolean;
  selection: ClaimSelection;
  setSelection: (selection: ClaimSelection) => void;
  submit: () => void;
  submitting: boolean;
}

/**
 * 我的房屋: the resident's claims, and a new claim. Compounds to claim in: the ones they live or work
 * in, and the ones they reached by scanning a code (a new resident is verified nowhere yet).
 */
export function useClaimHousehold(
  userId: number | null,
  recent: RecentCompound[],
  preselect: number | null,
): ClaimHouseholdState {
  const memberships = useRemote(myMemberships, userId, userId !== null);
  const known = useRemote(() => listCompounds({ limit: 50 }), userId, userId !== null);
  const compounds = useMemo(() => {
    const all = [...recent, ...(known.data?.items ?? []).map((c) => ({ id: c.id, name: c.name }))];
    return all.filter((c, i) => all.findIndex((x) => x.id === c.id) === i);
  }, [recent, known.data]);

  const [selection, setSelection] = useState<ClaimSelection>({
    compoundId: preselect,
    buildingId: null,
    householdId: null,
    relation: 'owner',
  });
  const [buildings, setBuildings] = useState<BuildingView[]>([]);
  const [households, setHouseholds] = useState<HouseholdOption[]>([]);
  const [loadingOptions, setLoadingOptions] = useState(false);

  useEffect(() => {
    setBuildings([]);
    if (!selection.compoundId || userId === null) return;
    let live = true;
    listBuildings(selection.compoundId)
      .then((page) => live && setBuildings(page.items))
      .catch((err) => toast(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [selection.compoundId, userId]);

  useEffect(() => {
    setHouseholds([]);
    if (!selection.buildingId) return;
    let live = true;
    setLoadingOptions(true);
    householdOptions(selection.buildingId)
      .then((options) => live && setHouseholds(options))
      .catch((err) => toast(errorMessage(err)))
      .finally(() => live && setLoadingOptions(false));
    return () => {
      live = false;
    };
  }, [selection.buildingId]);

  const claim = useSubmit(async () => {
    if (!selection.householdId || !selection.relation) return toast(zh.households.needAll);
    try {
      await claimHousehold({ householdId: selection.householdId, relation: selection.relation });
      toast(zh.households.submitted, 'success');
      setSelection({ compoundId: selection.compoundId, buildingId: null, householdId: null, relation: selection.relation });
      await memberships.reload();
    } catch (err) {
      toast(errorMessage(err));
    }
  });

  return {
    memberships,
    compounds,
    buildings,
    households,
    loadingOptions,
    selection,
    setSelection,
    submit: () => void claim.run(),
    submitting: claim.pending,
  };
}
