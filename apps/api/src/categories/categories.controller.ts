import { Body, Controller, Get, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CategorySettingView, CategoryView } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires, SignedIn } from '../common/auth/route-access';
import { IdParam } from '../common/http/validation';
import { CategoriesService } from './categories.service';
import { CategorySettingDto, CreateCategoryDto, UpdateCategoryDto } from './dto/categories.dto';

@ApiTags('categories')
@Controller()
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  /** What a resident can report in this compound. */
  @SignedIn()
  @Get('compounds/:id/categories')
  list(@IdParam() id: number): Promise<CategoryView[]> {
    return this.categories.forCompound(id);
  }

  /** 类别与时限: the defaults with this compound's deadlines and on/off, and its own categories, inactive ones included. */
  @Requires('category.write')
  @Get('compounds/:id/category-settings')
  settings(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<CategorySettingView[]> {
    return this.categories.settings(caller, id);
  }

  /** Sets one category's deadlines and on/off in this compound (a default: for this compound only). */
  @Requires('category.write')
  @Put('compounds/:id/category-settings/:categoryId')
  setSetting(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @IdParam('categoryId') categoryId: number,
    @Body() dto: CategorySettingDto,
  ): Promise<CategorySettingView> {
    return this.categories.setSetting(caller, id, categoryId, dto);
  }

  @Requires('category.write')
  @Post('categories')
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateCategoryDto): Promise<CategoryView> {
    return this.categories.create(caller, dto);
  }

  @Requires('category.write')
  @Patch('categories/:id')
  update(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: UpdateCategoryDto): Promise<CategoryView> {
    return this.categories.update(caller, id, dto);
  }
}
