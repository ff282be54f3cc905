import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import type { CategorySettingView, CategoryView } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { CompiledSelect, rowMapper } from '../common/database/compiled-select';
import { isUniqueViolation } from '../common/database/db-errors';
import { updateVersioned } from '../common/database/versioned-update';
import { notFound } from '../common/errors/domain-error';
import { Compound } from '../places/compound.entity';
import { CategoryOverride } from './category-override.entity';
import { Category } from './category.entity';
import { effectiveCategory } from './effective-category';
import type { CategorySettingDto, CreateCategoryDto, UpdateCategoryDto } from './dto/categories.dto';

export const categoryView = (c: Category): CategoryView => ({
  id: c.id,
  compoundId: c.compoundId,
  kind: c.kind,
  name: c.name,
  icon: c.icon,
  priority: c.priority,
  acceptMinutes: c.acceptMinutes,
  resolveHours: c.resolveHours,
});

/** A category as one compound has it: a shared default with that compound's override, if any. */
interface InCompound {
  category: Category;
  override: CategoryOverride | null;
}

const effective = ({ category, override }: InCompound): Category => effectiveCategory(category, override);

const settingView = (row: InCompound): CategorySettingView => {
  const c = effective(row);
  return { ...categoryView(c), active: c.active, shared: c.compoundId === null, overridden: row.override !== null };
};

/** How many times a PUT retries when another PUT for the same compound and category races it. */
const UPSERT_ATTEMPTS = 3;

/**
 * The defaults every compound offers (seeded), plus a compound's own categories. A compound may give a
 * default its own deadlines or switch it off (类别与时限): an override row, read wherever the compound's
 * categories are read, so reporting, the scanned code's menu and ticket intake agree.
 */
@Injectable()
export class CategoriesService {
  private readonly inCompoundSelect: CompiledSelect<'one'>;
  private mappers: {
    category: ReturnType<typeof rowMapper<Category>>;
    override: ReturnType<typeof rowMapper<CategoryOverride>>;
  } | null = null;

  constructor(
    @InjectRepository(Category) private readonly categories: Repository<Category>,
    @InjectRepository(CategoryOverride) private readonly overrides: Repository<CategoryOverride>,
    @InjectRepository(Compound) private readonly compounds: Repository<Compound>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessService,
  ) {
    // Looked up on every report: built once, one statement with the override joined.
    this.inCompoundSelect = new CompiledSelect<'one'>(
      (_, [compoundId, categoryId]) => this.withOverride(compoundId as number).where('c.id = :categoryId', { categoryId }),
      () => [...this.mappersOf().category.keys, ...this.mappersOf().override.keys],
    );
  }

  /** What a resident can report in this compound: defaults it has not switched off, with its deadlines, and its own. */
  async forCompound(compoundId: number): Promise<CategoryView[]> {
    if (!(await this.compounds.existsBy({ id: compoundId }))) throw notFound('COMPOUND_NOT_FOUND');
    const rows = await this.listIn(compoundId);
    return rows
      .map(effective)
      .filter((c) => c.active)
      .map(categoryView);
  }

  /**
   * 类别与时限 as the manager edits it: every default offered (switched off here or not) with this
   * compound's deadlines, and the compound's own categories, inactive ones included. Defaults the
   * platform retired are not listed: the compound has nothing to decide about them.
   */
  async settings(caller: Caller, compoundId: number): Promise<CategorySettingView[]> {
    await this.access.require(caller, 'category.write', { type: 'compound', id: compoundId });
    const rows = await this.listIn(compoundId);
    return rows.filter((r) => r.category.compoundId !== null || r.category.active).map(settingView);
  }

  /**
   * Sets a category's deadlines and on/off for one compound. A shared default gets an override row
   * (none when the values are the default's: the compound then follows the platform's later changes);
   * the compound's own category is changed itself. Last write wins: the form sends every value.
   */
  async setSetting(
    caller: Caller,
    compoundId: number,
    categoryId: number,
    dto: CategorySettingDto,
  ): Promise<CategorySettingView> {
    await this.access.require(caller, 'category.write', { type: 'compound', id: compoundId });
    const category = await this.categories.findOneBy({ id: categoryId });
    // Another compound's category, or a default the platform retired: not this compound's to set.
    if (!category || (category.compoundId ?? compoundId) !== compoundId || (category.compoundId === null && !category.active)) {
      throw notFound('CATEGORY_NOT_FOUND');
    }
    const values = { acceptMinutes: dto.acceptMinutes, resolveHours: dto.resolveHours, active: dto.active };
    if (category.compoundId !== null) {
      await this.categories
        .createQueryBuilder()
        .update()
        .set({ ...values, version: () => 'version + 1' })
        .where('id = :id', { id: categoryId })
        .execute();
    } else if (
      values.active &&
      values.acceptMinutes === category.acceptMinutes &&
      values.resolveHours === category.resolveHours
    ) {
      await this.overrides.delete({ compoundId, categoryId });
    } else {
      await this.upsertOverride(compoundId, categoryId, values);
    }
    const [row] = await this.listIn(compoundId, categoryId);
    return settingView(row);
  }

  /**
   * Update the row, else insert it; when a concurrent PUT inserted it between the two (unique key), update
   * that one. Every update bumps the version, so an update of an existing row always counts as affected.
   */
  private async upsertOverride(
    compoundId: number,
    categoryId: number,
    values: Pick<CategoryOverride, 'acceptMinutes' | 'resolveHours' | 'active'>,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const updated = await this.overrides
        .createQueryBuilder()
        .update()
        .set({ ...values, version: () => 'version + 1' })
        .where('compound_id = :compoundId AND category_id = :categoryId', { compoundId, categoryId })
        .execute();
      if (updated.affected) return;
      try {
        await this.overrides.insert({ compoundId, categoryId, ...values });
        return;
      } catch (error) {
        // Unique key: another PUT created the row first. A third racer deleting it (reset to the
        // default) could make the next update miss again; a few rounds settle it.
        if (!isUniqueViolation(error) || attempt >= UPSERT_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * For ticket intake, inside its transaction: the category as this compound has it (its deadlines),
   * and whether the compound offers it. Null when there is no such category at all. One statement.
   */
  async offeredIn(
    manager: EntityManager,
    compoundId: number,
    categoryId: number,
  ): Promise<{ category: Category; offered: boolean } | null> {
    const [raw] = await this.inCompoundSelect.run(manager, 'one', [compoundId, categoryId], [-1, -2]);
    if (!raw) return null;
    const category = effective(this.map(raw));
    const offered = category.active && (category.compoundId === null || category.compoundId === compoundId);
    return { category, offered };
  }

  async create(caller: Caller, dto: CreateCategoryDto): Promise<CategoryView> {
    await this.access.require(caller, 'category.write', { type: 'compound', id: dto.compoundId });
    const saved = await this.categories.save(
      this.categories.create({
        ...dto,
        icon: dto.icon ?? 'other',
        resolveHours: dto.resolveHours ?? null,
        sort: 100,
        active: true,
      }),
    );
    return categoryView(saved);
  }

  /** A compound's own categories; the shared defaults belong to the platform. */
  async update(caller: Caller, id: number, dto: UpdateCategoryDto): Promise<CategoryView> {
    const category = await this.categories.findOneBy({ id });
    if (!category) throw notFound('CATEGORY_NOT_FOUND');
    if (category.compoundId === null) await this.access.require(caller, 'category.write', { type: 'platform', id: 0 });
    else await this.access.require(caller, 'category.write', { type: 'compound', id: category.compoundId });
    const { version, ...changes } = dto;
    return categoryView(await updateVersioned(this.categories, id, version, changes, 'CATEGORY_NOT_FOUND'));
  }

  /** The defaults and the compound's own categories (or one of them), each with the compound's override. */
  private async listIn(compoundId: number, onlyId?: number): Promise<InCompound[]> {
    const qb = this.withOverride(compoundId).where('(c.compound_id IS NULL OR c.compound_id = :compoundId)', { compoundId });
    if (onlyId !== undefined) qb.andWhere('c.id = :onlyId', { onlyId });
    const raws: Array<Record<string, unknown>> = await qb.orderBy('c.sort', 'ASC').addOrderBy('c.id', 'ASC').getRawMany();
    return raws.map((raw) => this.map(raw));
  }

  /** Categories with this compound's override of each joined (a compound's own categories have none). */
  private withOverride(compoundId: number): SelectQueryBuilder<Category> {
    return this.db
      .getRepository(Category)
      .createQueryBuilder('c')
      .leftJoinAndSelect(CategoryOverride, 'o', 'o.category_id = c.id AND o.compound_id = :compoundId', { compoundId });
  }

  private map(raw: Record<string, unknown>): InCompound {
    const m = this.mappersOf();
    return { category: m.category.map(raw)!, override: m.override.map(raw) };
  }

  private mappersOf() {
    return (this.mappers ??= {
      category: rowMapper(this.db, Category, 'c'),
      override: rowMapper(this.db, CategoryOverride, 'o'),
    });
  }
}
