import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Compound } from '../places/compound.entity';
import { CategoriesController } from './categories.controller';
import { CategoriesService } from './categories.service';
import { CategoryOverride } from './category-override.entity';
import { Category } from './category.entity';

/** 问题类别 and their deadlines: what tickets are filed under, and what a scanned code offers. */
@Module({
  imports: [TypeOrmModule.forFeature([Category, CategoryOverride, Compound])],
  controllers: [CategoriesController],
  providers: [CategoriesService],
  exports: [CategoriesService],
})
export class CategoriesModule {}
