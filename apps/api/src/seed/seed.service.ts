import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { CareTag, CompoundType, ManagementMode } from '@doorstep/contracts';
import { Household } from '../households/household.entity';
import { HouseholdTag } from '../households/household-tag.entity';
import { Membership } from '../memberships/membership.entity';
import { Building } from '../places/building.entity';
import { Community } from '../places/community.entity';
import { PropertyCompany } from '../places/company.entity';
import { Compound } from '../places/compound.entity';
import { Grid } from '../places/grid.entity';
import { Street } from '../places/street.entity';
import { QrCode } from '../qr/qr-code.entity';
import { newQrToken } from '../qr/qr-token';
import { RoleAssignment } from '../users/role-assignment.entity';
import { User } from '../users/user.entity';
import { DEMO_ACCOUNTS } from './demo-accounts';

interface CompoundPlan {
  name: string;
  community: string;
  type: CompoundType;
  mode: ManagementMode;
  company: string | null;
  address: string;
  buildings: Array<{ name: string; grid: string | null }>;
}

const COMPANIES = [
  { name: '安居物业服务有限公司', creditCode: '91110105MA01AB2C3D', contactPhone: '010-88886666' },
  { name: '万家物业管理有限公司', creditCode: '91110105MA01XY7Z8K', contactPhone: '010-66668888' },
];

const COMMUNITIES = [
  { name: '幸福社区', grids: ['幸福社区第一网格', '幸福社区第二网格'] },
  { name: '和谐社区', grids: ['和谐社区第一网格'] },
];

const COMPOUNDS: CompoundPlan[] = [
  {
    name: '幸福里小区',
    community: '幸福社区',
    type: 'commercial',
    mode: 'company',
    company: '安居物业服务有限公司',
    address: '和平街道幸福路 18 号',
    buildings: [
      { name: '1号楼', grid: '幸福社区第一网格' },
      { name: '2号楼', grid: '幸福社区第一网格' },
      { name: '3号楼', grid: '幸福社区第二网格' },
    ],
  },
  {
    name: '阳光花园',
    community: '幸福社区',
    type: 'old',
    mode: 'shared',
    company: null,
    address: '和平街道阳光巷 3 号',
    buildings: [
      { name: '1号楼', grid: '幸福社区第二网格' },
      { name: '2号楼', grid: '幸福社区第二网格' },
      { name: '3号楼', grid: '幸福社区第二网格' },
    ],
  },
  {
    name: '翠苑新村',
    community: '和谐社区',
    type: 'resettlement',
    mode: 'self',
    company: null,
    address: '和平街道翠苑路 66 号',
    buildings: [
      { name: '1号楼', grid: '和谐社区第一网格' },
      { name: '2号楼', grid: '和谐社区第一网格' },
      { name: '3号楼', grid: '和谐社区第一网格' },
    ],
  },
  {
    name: '和谐家园',
    community: '和谐社区',
    type: 'commercial',
    mode: 'company',
    company: '万家物业管理有限公司',
    address: '和平街道和谐大道 100 号',
    buildings: [
      { name: '1号楼', grid: '和谐社区第一网格' },
      { name: '2号楼', grid: '和谐社区第一网格' },
      { name: '3号楼', grid: null },
    ],
  },
];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = [
  '建国',
  '秀英',
  '桂兰',
  '志强',
  '海燕',
  '文博',
  '丽娟',
  '国华',
  '玉梅',
  '子涵',
  '晓东',
  '春花',
  '德明',
  '雪梅',
  '宇航',
];
const CARE_CYCLE: CareTag[][] = [
  ['elderly_alone'],
  ['empty_nest'],
  ['low_income'],
  ['disabled'],
  ['elderly_alone', 'low_income'],
];

/** 2 units × 6 floors × 2 rooms per building: 24 households, 12 buildings, 288 in all. */
const UNITS = ['1', '2'];
const FLOORS = 6;
const ROOMS_PER_FLOOR = 2;

/**
 * The demo data set: one street, two communities, four compounds (one per management mode plus a
 * second company compound), two companies, grids, 288 households and one user per role.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Seeds only an empty database, so restarts and second instances do nothing. */
  async seedIfEmpty(): Promise<boolean> {
    if ((await this.db.getRepository(Street).count()) > 0) return false;
    await this.db.transaction((tx) => this.seed(tx));
    this.logger.log('demo data seeded');
    return true;
  }

  private async seed(tx: EntityManager): Promise<void> {
    const street = await tx.save(tx.create(Street, { name: '和平街道', district: '示范区' }));
    const companies = new Map<string, number>();
    for (const c of COMPANIES) companies.set(c.name, (await tx.save(tx.create(PropertyCompany, c))).id);
    const communities = new Map<string, number>();
    const grids = new Map<string, number>();
    for (const c of COMMUNITIES) {
      const community = await tx.save(tx.create(Community, { streetId: street.id, name: c.name }));
      communities.set(c.name, community.id);
      for (const g of c.grids) grids.set(g, (await tx.save(tx.create(Grid, { communityId: community.id, name: g }))).id);
    }
    const compounds = new Map<string, number>();
    const households = new Map<string, Household>();
    let n = 0;
    for (const plan of COMPOUNDS) {
      const compound = await tx.save(
        tx.create(Compound, {
          communityId: communities.get(plan.community)!,
          name: plan.name,
          address: plan.address,
          type: plan.type,
          managementMode: plan.mode,
          companyId: plan.company ? companies.get(plan.company)! : null,
        }),
      );
      compounds.set(plan.name, compound.id);
      for (const b of plan.buildings) {
        const building = await tx.save(
          tx.create(Building, { compoundId: compound.id, name: b.name, gridId: b.grid ? grids.get(b.grid)! : null }),
        );
        const rows: Partial<Household>[] = [];
        for (const unit of UNITS) {
          for (let floor = 1; floor <= FLOORS; floor++) {
            for (let r = 1; r <= ROOMS_PER_FLOOR; r++) {
              n++;
              rows.push({
                compoundId: compound.id,
                buildingId: building.id,
                unit,
                room: `${floor}0${r}`,
                areaHundredths: 6000 + ((n * 937) % 6000),
                ownerName: SURNAMES[n % SURNAMES.length] + GIVEN[n % GIVEN.length],
                ownerPhone: `139${String(10000000 + n * 7919).slice(-8)}`,
              });
            }
          }
        }
        await tx.insert(Household, rows);
        // Multi-row insert ids are not reported alike by every driver: read them back.
        for (const h of await tx.find(Household, { where: { buildingId: building.id }, order: { id: 'ASC' } })) {
          households.set(`${plan.name}/${b.name}/${h.unit}/${h.room}`, h);
        }
      }
    }
    const tags: Partial<HouseholdTag>[] = [];
    [...households.values()].forEach((h, i) => {
      if (i % 9 === 4) for (const tag of CARE_CYCLE[((i / 9) % CARE_CYCLE.length) | 0]) tags.push({ householdId: h.id, tag });
    });
    await tx.insert(HouseholdTag, tags);
    await this.seedAccounts(tx, { street: street.id, companies, communities, grids, compounds, households });
    await this.seedQrCodes(tx, compounds);
  }

  /** A code for every compound, for each building of 幸福里小区, and for its underground garage. Tokens stay random. */
  private async seedQrCodes(tx: EntityManager, compounds: Map<string, number>): Promise<void> {
    const rows: Partial<QrCode>[] = [...compounds.values()].map((compoundId) => ({ compoundId, token: newQrToken() }));
    const xingfuli = compounds.get('幸福里小区')!;
    for (const building of await tx.find(Building, { where: { compoundId: xingfuli }, order: { id: 'ASC' } })) {
      rows.push({ compoundId: xingfuli, buildingId: building.id, token: newQrToken() });
    }
    rows.push({ compoundId: xingfuli, spotName: '3号楼地下车库', token: newQrToken() });
    await tx.insert(QrCode, rows);
  }

  private async seedAccounts(
    tx: EntityManager,
    ids: {
      street: number;
      companies: Map<string, number>;
      communities: Map<string, number>;
      grids: Map<string, number>;
      compounds: Map<string, number>;
      households: Map<string, Household>;
    },
  ): Promise<void> {
    const scopeId = (type: string, name: string): number => {
      switch (type) {
        case 'platform':
          return 0;
        case 'street':
          return ids.street;
        case 'company':
          return ids.companies.get(name)!;
        case 'community':
          return ids.communities.get(name)!;
        case 'grid':
          return ids.grids.get(name)!;
        case 'building':
          // Any household of the building names it: `小区/楼/单元/室`.
          return [...ids.households.entries()].find(([key]) => key.startsWith(`${name}/`))![1].buildingId;
        default:
          return ids.compounds.get(name)!;
      }
    };
    for (const account of DEMO_ACCOUNTS) {
      const user = await tx.save(tx.create(User, { name: account.name, phone: account.phone }));
      for (const r of account.roles) {
        await tx.save(
          tx.create(RoleAssignment, {
            userId: user.id,
            role: r.role,
            scopeType: r.scopeType,
            scopeId: scopeId(r.scopeType, r.scopeName),
          }),
        );
      }
      if (account.household) {
        const { compound, building, unit, room } = account.household;
        const household = ids.households.get(`${compound}/${building}/${unit}/${room}`)!;
        await tx.update(Household, { id: household.id }, { ownerName: account.name, ownerPhone: account.phone });
        await tx.save(
          tx.create(Membership, {
            householdId: household.id,
            userId: user.id,
            compoundId: household.compoundId,
            relation: 'owner',
            status: 'verified',
            reviewedAt: new Date(),
          }),
        );
      }
    }
  }
}
