import type { CategoryOverride } from './category-override.entity';
import type { Category } from './category.entity';

/** What of an override changes a category: its deadlines and whether the compound offers it. */
export type OverrideValues = Pick<CategoryOverride, 'acceptMinutes' | 'resolveHours' | 'active'>;

/**
 * A category as one compound works with it: the deadlines and on/off of the compound's override where
 * there is one (only shared defaults have overrides). Every deadline a ticket gets comes from this: at
 * intake (CategoriesService.offeredIn) and on later transitions (TicketLoader joins the override).
 */
export function effectiveCategory(category: Category, override: OverrideValues | null): Category {
  if (!override) return category;
  return {
    ...category,
    acceptMinutes: override.acceptMinutes,
    resolveHours: override.resolveHours,
    // A default the platform retired stays off everywhere; a compound can only switch one off.
    active: category.active && override.active,
  };
}
