import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { CategoryView } from '@doorstep/contracts';
import { AccessService } from '../access/access.service';
import type { Caller } from '../common/auth/caller';
import { updateVersioned } from '../common/database/versioned-update';
import { notFound } from '../common/errors/domain-error';
import { Compound } from '../places/compound.entity';
import { Category } from './category.entity';
import type { CreateCategoryDto, UpdateCategoryDto } from './dto/categories.dto';

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

/** The defaults every compound offers (seeded), plus a compound's own categories. */
@Injectable()
export class CategoriesService {
  constructor(
    @InjectRepository(Category) private readonly categories: Repository<Category>,
    @InjectRepository(Compound) private readonly compounds: Repository<Compound>,
    private readonly access: AccessService,
  ) {}

  async forCompound(compoundId: number): Promise<CategoryView[]> {
    if (!(await this.compounds.existsBy({ id: compoundId }))) throw notFound('COMPOUND_NOT_FOUND');
    const rows = await this.categories.find({
      where: [
        { compoundId: IsNull(), active: true },
        { compoundId, active: true },
      ],
      order: { sort: 'ASC', id: 'ASC' },
    });
    return rows.map(categoryView);
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
}
