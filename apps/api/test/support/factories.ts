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
import { Bill } from '../../src/payments/bill.entity';
import { FeeItem } from '../../src/payments/fee-item.entity';

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
    /** A 物业费 item billed per month (its price is what bill() is given; only the item row is needed). */
    feeItem: (compoundId: number, f: Partial<FeeItem> = {}) =>
      save(FeeItem, {
        compoundId,
        name: '物业费',
        rule: 'per_month',
        priceFen: 1000,
        cycleMonths: 1,
        period: null,
        active: true,
        ...f,
      }),
    /** An unpaid one-month bill of `amountFen` for the household and period. */
    bill: (h: Household, feeItemId: number, period: string, amountFen: number, f: Partial<Bill> = {}) =>
      save(Bill, {
        compoundId: h.compoundId,
        buildingId: h.buildingId,
        householdId: h.id,
        feeItemId,
        billingRunId: null,
        period,
        months: 1,
        itemName: '物业费',
        rule: 'per_month',
        priceFen: amountFen,
        areaHundredths: null,
        amountFen,
        paidFen: 0,
        status: 'unpaid',
        statusReason: null,
        statusById: null,
        statusAt: null,
        ...f,
      }),
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
