import {
  ENDPOINTS,
  type BuildingView,
  type CategorySettingRequest,
  type CompoundView,
  type CreateRoleAssignmentRequest,
  type HouseholdImportResult,
  type Page,
  type RoleAssignmentView,
} from '@doorstep/contracts';

import { call, uploadFile, type QueryOf } from './request';

/** Every page of a list the admin pages show whole (buildings of a compound, categories): at most `cap` rows. */
export async function allPages<T>(load: (cursor?: string) => Promise<Page<T>>, cap = 500): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await load(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < cap);
  return items;
}

export function allBuildings(compoundId: number): Promise<BuildingView[]> {
  return allPages((cursor) => call(ENDPOINTS.listBuildings, { query: { compoundId, cursor, limit: 100 } }));
}

export function allCompounds(query: Omit<QueryOf<typeof ENDPOINTS.listCompounds>, 'cursor'> = {}): Promise<CompoundView[]> {
  return allPages((cursor) => call(ENDPOINTS.listCompounds, { query: { ...query, cursor, limit: 100 } }));
}

/**
 * Checks a household sheet (`dryRun`) or imports it. On H5 the file is the Blob the browser picked; on
 * weapp the temp path chooseMessageFile gave. A bad row rejects the whole file with 422
 * IMPORT_INVALID_ROWS; its details list every row and column.
 */
export function importHouseholds(compoundId: number, source: string | Blob, fileName: string, dryRun: boolean) {
  return uploadFile<typeof ENDPOINTS.importHouseholds>(ENDPOINTS.importHouseholds, source, {
    params: { id: compoundId },
    query: { dryRun },
    fileName,
  }) as Promise<HouseholdImportResult>;
}

export function setCategorySetting(compoundId: number, categoryId: number, body: CategorySettingRequest) {
  return call(ENDPOINTS.setCategorySetting, { params: { id: compoundId, categoryId }, body });
}

/**
 * 添加员工 (or a grid worker, a community admin) by phone: the server finds the person by the number,
 * or creates them with the name when they have never signed in, and grants the role on the scope.
 */
export function grantRoleByPhone(
  person: { phone: string; name: string },
  grant: Omit<CreateRoleAssignmentRequest, 'userId' | 'person'>,
): Promise<RoleAssignmentView> {
  return call(ENDPOINTS.createRoleAssignment, { body: { ...grant, person } });
}
