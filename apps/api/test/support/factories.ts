import type { DataSource } from 'typeorm';
import type { CareTag, CompoundType, ManagementMode, MembershipStatus, Role, ScopeType } from '@doorstep/contracts';
import { Household } from '../../src/households/household.entity';
import { HouseholdTag } from '../../src/households/household-tag.entity';
import { Membership } from '../../src/memberships/membership.entity';
import { Building } from '../../src/places/building.entity';
import { Community } from '../../src/places/community.entity';
import { PropertyCompany } from '../../src/places/company.entity';
import { Compound } from '../../src/places/compound.entity';
import { Grid } from '../../src/places/grid.entity';
import { Street } from '../../src/places/street.entity';
import { RoleAssignment } from '../../src/users/role-assignment.entity';
import { User } from '../../src/users/user.entity';

let counter = 0;
const next = () => ++counter;
let phoneCounter = 0;
/** Unique, valid mainland mobile numbers per test run. */
export const nextPhone = () => `137${String(10000000 + ++phoneCounter).slice(-8)}`;

/** Factories write rows directly: a test states the world it needs in a few lines. */
export function factories(db: DataSource) {
  const save = <T extends object>(entity: new () => T, fields: Partial<T>) =>
    db.getRepository(entity).save(db.getRepository(entity).create(fields as T));
  return {
    street: (f: Partial<Street> = {}) => save(Street, { name: `街道${next()}`, district: null, ...f }),
    community: (streetId: number, f: Partial<Community> = {}) => save(Community, { streetId, name: `社区${next()}`, ...f }),
    grid: (communityId: number, f: Partial<Grid> = {}) => save(Grid, { communityId, name: `网格${next()}`, ...f }),
    company: (f: Partial<PropertyCompany> = {}) =>
      save(PropertyCompany, { name: `物业${next()}`, creditCode: null, contactPhone: null, ...f }),
    compound: (communityId: number, f: Partial<Compound> & { type?: CompoundType; managementMode?: ManagementMode } = {}) =>
      save(Compound, {
        communityId,
        name: `小区${next()}`,
        address: null,
        type: 'commercial',
        managementMode: f.companyId ? 'company' : 'shared',
        companyId: null,
        ...f,
      }),
    building: (compoundId: number, f: Partial<Building> = {}) =>
      save(Building, { compoundId, name: `${next()}号楼`, gridId: null, ...f }),
    household: async (building: Building, f: Partial<Household> & { careTags?: CareTag[] } = {}) => {
      const { careTags, ...fields } = f;
      const h = await save(Household, {
        compoundId: building.compoundId,
        buildingId: building.id,
        unit: '1',
        room: String(100 + next()),
        areaHundredths: 8950,
        ownerName: '王芳',
        ownerPhone: nextPhone(),
        ...fields,
      });
      if (careTags?.length) await db.getRepository(HouseholdTag).insert(careTags.map((tag) => ({ householdId: h.id, tag })));
      return h;
    },
    user: (f: Partial<User> = {}) => save(User, { name: `用户${next()}`, phone: nextPhone(), ...f }),
    role: (userId: number, role: Role, scopeType: ScopeType, scopeId: number) =>
      save(RoleAssignment, { userId, role, scopeType, scopeId, grantedBy: null }),
    membership: (household: Household, userId: number, status: MembershipStatus = 'verified') =>
      save(Membership, {
        householdId: household.id,
        compoundId: household.compoundId,
        userId,
        relation: 'owner',
        status,
        rejectReason: null,
        reviewedBy: null,
        reviewedAt: null,
      }),
  };
}

export type Factories = ReturnType<typeof factories>;

/** A user holding one role, ready to sign in. */
export async function userWithRole(f: Factories, role: Role, scopeType: ScopeType, scopeId: number): Promise<User> {
  const user = await f.user({ name: role });
  await f.role(user.id, role, scopeType, scopeId);
  return user;
}
