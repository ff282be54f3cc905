import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { CategoryView } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires, SignedIn } from '../common/auth/route-access';
import { IdParam } from '../common/http/validation';
import { CategoriesService } from './categories.service';
import { CreateCategoryDto, UpdateCategoryDto } from './dto/categories.dto';

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
