import type { DataSource } from 'typeorm';
import type { Household } from '../../src/households/household.entity';
import { factories } from './factories';
import type { TestApp } from './test-app';

/**
 * One street with a company compound (manager, two staff), a shared-society compound run by the
 * community, a grid worker, a street admin, two residents; and a second company with its own compound
 * and manager, for what must not leak.
 */
export async function ticketWorld(t: TestApp) {
  const f = factories(t.db);
  const street = await f.street();
  const community = await f.community(street.id);
  const grid = await f.grid(community.id);
  const company = await f.company({ name: '安居测试物业' });
  const otherCompany = await f.company();
  const compound = await f.compound(community.id, { companyId: company.id, managementMode: 'company', name: '幸福测试小区' });
  const shared = await f.compound(community.id, { managementMode: 'shared', name: '阳光测试花园' });
  const otherCompound = await f.compound(community.id, { companyId: otherCompany.id, managementMode: 'company' });
  const building = await f.building(compound.id, { gridId: grid.id, name: '1号楼' });
  const sharedBuilding = await f.building(shared.id, { gridId: grid.id });
  const household: Household = await f.household(building, { unit: '1', room: '101' });
  const users = {
    manager: await f.user({ name: '刘经理' }),
    manager2: await f.user({ name: '王经理' }),
    staff: await f.user({ name: '陈建国' }),
    staff2: await f.user({ name: '赵明' }),
    otherManager: await f.user({ name: '孙经理' }),
    community: await f.user({ name: '张书记' }),
    street: await f.user({ name: '李主任' }),
    grid: await f.user({ name: '赵网格' }),
    resident: await f.user({ name: '周阿姨' }),
    neighbour: await f.user({ name: '吴叔叔' }),
  };
  await f.role(users.manager.id, 'manager', 'company', company.id);
  await f.role(users.manager2.id, 'manager', 'company', company.id);
  await f.role(users.staff.id, 'staff', 'company', company.id);
  await f.role(users.staff2.id, 'staff', 'company', company.id);
  await f.role(users.otherManager.id, 'manager', 'company', otherCompany.id);
  await f.role(users.community.id, 'community_admin', 'community', community.id);
  await f.role(users.street.id, 'street_admin', 'street', street.id);
  await f.role(users.grid.id, 'grid_worker', 'grid', grid.id);
  await f.membership(household, users.resident.id, 'verified');
  // A verified neighbour in the same building: the one who taps 我也遇到.
  await f.membership(await f.household(building, { unit: '1', room: '102' }), users.neighbour.id, 'verified');
  const auth = {} as Record<keyof typeof users, string>;
  for (const [key, user] of Object.entries(users)) auth[key as keyof typeof users] = await t.signIn(user.phone!);
  const categoryId = async (name: string) =>
    Number((await t.db.query('SELECT id FROM categories WHERE name = ? AND compound_id IS NULL', [name]))[0].id);
  return {
    street,
    community,
    grid,
    company,
    otherCompany,
    compound,
    shared,
    otherCompound,
    building,
    sharedBuilding,
    household,
    users,
    auth,
    categories: {
      water: await categoryId('水电维修'),
      elevator: await categoryId('电梯故障'),
      service: await categoryId('物业服务态度'),
      noise: await categoryId('噪音扰民'),
    },
  };
}

export type TicketWorld = Awaited<ReturnType<typeof ticketWorld>>;

export async function countEvents(db: DataSource, ticketId: number, action: string): Promise<number> {
  return Number(
    (await db.query('SELECT COUNT(*) AS n FROM ticket_events WHERE ticket_id = ? AND action = ?', [ticketId, action]))[0].n,
  );
}
