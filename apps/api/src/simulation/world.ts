import type { DataSource } from 'typeorm';
import type { Role, ScopeType } from '@doorstep/contracts';
import type { Caller } from '../common/auth/caller';
import { Household } from '../households/household.entity';
import { Membership } from '../memberships/membership.entity';
import { Building } from '../places/building.entity';
import { Community } from '../places/community.entity';
import { PropertyCompany } from '../places/company.entity';
import { Compound } from '../places/compound.entity';
import { Street } from '../places/street.entity';
import { RoleAssignment } from '../users/role-assignment.entity';
import { User } from '../users/user.entity';

/**
 * The street a simulation runs in: three communities, five property companies and the communities'
 * 共享物业社, forty compounds with their households and one resident per household, and the people
 * who handle and supervise tickets. Written straight into the tables (as the test factories do): the
 * simulation is about the ticket loop, not about onboarding.
 */

/** How a handler treats its tickets (simulation.ts reads the numbers behind each). */
export type Profile = 'good' | 'slow' | 'negligent';

export interface SimHandler {
  /** As the figures name a handler: `company:3`, `society:2` (a society's id is its community's). */
  key: string;
  type: 'company' | 'society';
  id: number;
  name: string;
  profile: Profile;
  /** Accepts and assigns (a company's manager; the community for its society). */
  manager: Caller;
  /** Assigned the tickets: start and resolve them. */
  workers: Caller[];
}

export interface SimHousehold {
  id: number;
  resident: Caller;
}

export interface SimCompound {
  id: number;
  name: string;
  communityId: number;
  handler: SimHandler;
  households: SimHousehold[];
}

export interface SimCommunity {
  id: number;
  name: string;
  /** 社区书记: urges (督办) and records 回访. */
  admin: Caller;
}

export interface SimWorld {
  streetId: number;
  streetName: string;
  streetAdmin: Caller;
  communities: SimCommunity[];
  handlers: SimHandler[];
  compounds: SimCompound[];
}

const COMMUNITY_NAMES = ['和平社区', '幸福社区', '光明社区'];
const COMPANIES: Array<{ name: string; profile: Profile }> = [
  { name: '安心物业', profile: 'good' },
  { name: '万家物业', profile: 'good' },
  { name: '恒达物业', profile: 'slow' },
  { name: '顺意物业', profile: 'slow' },
  { name: '宏远物业', profile: 'negligent' },
];
/** The communities' societies: one does well, two are stretched. */
const SOCIETY_PROFILES: Profile[] = ['good', 'slow', 'slow'];
const COMPOUNDS_PER_COMPANY = 7;
const BUILDINGS_PER_COMPOUND = 4;
const COMPOUND_NAMES =
  '阳光 翠湖 金桂 银杏 和园 锦绣 东湖 枫林 嘉禾 春晖 明月 绿洲 云景 清泉 康乐 紫荆 海棠 丹桂 梧桐 书香'.split(' ');
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚'.split('');
const personName = (n: number) => `${SURNAMES[n % SURNAMES.length]}${GIVEN[Math.floor(n / SURNAMES.length) % GIVEN.length]}`;

/** Rows per INSERT: well under SQLite's bound-parameter limit for these narrow tables. */
const CHUNK = 300;

export async function buildWorld(db: DataSource, rand: () => number, householdsSince: Date): Promise<SimWorld> {
  const street = await db.getRepository(Street).save({ name: '模拟街道', district: '模拟区' });
  // Phones unique per simulated street, so two simulations may share one database.
  let phoneSerial = 0;
  const phone = () => `15${String(street.id % 100).padStart(2, '0')}${String(++phoneSerial).padStart(7, '0')}`;
  const roles: Array<Pick<RoleAssignment, 'userId' | 'role' | 'scopeType' | 'scopeId'>> = [];
  const person = async (name: string, role: Role, scopeType: ScopeType, scopeId: number): Promise<Caller> => {
    const user = await db.getRepository(User).save({ name, phone: phone() });
    roles.push({ userId: user.id, role, scopeType, scopeId });
    return { userId: user.id, sessionId: 0, name, assignments: [{ role, scopeType, scopeId }] };
  };

  const streetAdmin = await person('街道李主任', 'street_admin', 'street', street.id);
  const communities: SimCommunity[] = [];
  const handlers: SimHandler[] = [];
  for (const [i, name] of COMMUNITY_NAMES.entries()) {
    const community = await db.getRepository(Community).save({ streetId: street.id, name });
    const admin = await person(`${name}书记`, 'community_admin', 'community', community.id);
    communities.push({ id: community.id, name, admin });
    // The society's two caretakers work the community's tickets, as community staff.
    const workers = [
      await person(`${name}物业社${personName(i * 2)}`, 'community_admin', 'community', community.id),
      await person(`${name}物业社${personName(i * 2 + 1)}`, 'community_admin', 'community', community.id),
    ];
    handlers.push({
      key: `society:${community.id}`,
      type: 'society',
      id: community.id,
      name: `${name}共享物业社`,
      profile: SOCIETY_PROFILES[i],
      manager: admin,
      workers,
    });
  }
  for (const [i, c] of COMPANIES.entries()) {
    const company = await db.getRepository(PropertyCompany).save({ name: c.name, creditCode: null, contactPhone: null });
    const manager = await person(`${c.name}经理`, 'manager', 'company', company.id);
    const workers: Caller[] = [];
    for (let s = 0; s < 3; s++)
      workers.push(await person(`${c.name}${personName(10 + i * 3 + s)}`, 'staff', 'company', company.id));
    handlers.push({
      key: `company:${company.id}`,
      type: 'company',
      id: company.id,
      name: c.name,
      profile: c.profile,
      manager,
      workers,
    });
  }

  // Each company runs compounds in every community; each community has one compound its society runs
  // and (the first two) one its residents run themselves, which the society handles too.
  const plan: Array<{ communityIndex: number; handler: SimHandler; mode: 'company' | 'shared' | 'self' }> = [];
  const companies = handlers.filter((h) => h.type === 'company');
  for (const [ci, h] of companies.entries()) {
    for (let k = 0; k < COMPOUNDS_PER_COMPANY; k++)
      plan.push({ communityIndex: (ci + k) % communities.length, handler: h, mode: 'company' });
  }
  for (const [ci] of communities.entries()) {
    const society = handlers.find((h) => h.key === `society:${communities[ci].id}`)!;
    plan.push({ communityIndex: ci, handler: society, mode: 'shared' });
    if (ci < 2) plan.push({ communityIndex: ci, handler: society, mode: 'self' });
  }

  const compounds: SimCompound[] = [];
  const residentsToInsert: Array<{ compound: SimCompound; household: Household }> = [];
  for (const [n, p] of plan.entries()) {
    const community = communities[p.communityIndex];
    const name = `${COMPOUND_NAMES[n % COMPOUND_NAMES.length]}${n >= COMPOUND_NAMES.length ? '二期' : '小区'}`;
    const compound = await db.getRepository(Compound).save({
      communityId: community.id,
      name,
      address: null,
      type: (['commercial', 'old', 'resettlement'] as const)[n % 3],
      managementMode: p.mode,
      companyId: p.mode === 'company' ? p.handler.id : null,
    });
    const sim: SimCompound = { id: compound.id, name, communityId: community.id, handler: p.handler, households: [] };
    compounds.push(sim);
    const buildings = await db.getRepository(Building).save(
      Array.from({ length: BUILDINGS_PER_COMPOUND }, (_, b) => ({
        compoundId: compound.id,
        name: `${b + 1}号楼`,
        gridId: null,
      })),
    );
    const size = 100 + Math.floor(rand() * 300);
    const rows = Array.from({ length: size }, (_, j) => {
      const building = buildings[j % BUILDINGS_PER_COMPOUND];
      const floorSlot = Math.floor(j / BUILDINGS_PER_COMPOUND);
      return {
        compoundId: compound.id,
        buildingId: building.id,
        unit: String((floorSlot % 2) + 1),
        room: String(101 + Math.floor(floorSlot / 2)),
        areaHundredths: 6000 + Math.floor(rand() * 8000),
        ownerName: personName(j),
        ownerPhone: null,
      };
    });
    for (let i = 0; i < rows.length; i += CHUNK) {
      const { identifiers } = await db.getRepository(Household).insert(rows.slice(i, i + CHUNK));
      identifiers.forEach((id, j) =>
        residentsToInsert.push({ compound: sim, household: { ...rows[i + j], id: id.id } as Household }),
      );
    }
  }
  // One verified resident per household: the one who reports and rates.
  for (let i = 0; i < residentsToInsert.length; i += CHUNK) {
    const slice = residentsToInsert.slice(i, i + CHUNK);
    const users = slice.map((r, j) => ({ name: personName(i + j + 7), phone: phone() }));
    const { identifiers } = await db.getRepository(User).insert(users);
    await db.getRepository(Membership).insert(
      slice.map((r, j) => ({
        householdId: r.household.id,
        compoundId: r.compound.id,
        userId: identifiers[j].id as number,
        relation: 'owner' as const,
        status: 'verified' as const,
        rejectReason: null,
        reviewedBy: null,
        reviewedAt: null,
      })),
    );
    slice.forEach((r, j) =>
      r.compound.households.push({
        id: r.household.id,
        resident: { userId: identifiers[j].id as number, sessionId: 0, name: users[j].name, assignments: [] },
      }),
    );
  }
  for (let i = 0; i < roles.length; i += CHUNK)
    await db.getRepository(RoleAssignment).insert(roles.slice(i, i + CHUNK).map((r) => ({ ...r, grantedBy: null })));
  // On file before the month starts: 投诉率 divides by the households on file at the month's end.
  await db
    .createQueryBuilder()
    .update(Household)
    .set({ createdAt: householdsSince, updatedAt: householdsSince })
    .where('compound_id IN (:...ids)', { ids: compounds.map((c) => c.id) })
    .execute();
  return { streetId: street.id, streetName: street.name, streetAdmin, communities, handlers, compounds };
}
