import { Session } from '../../auth/session.entity';
import { Household } from '../../households/household.entity';
import { HouseholdTag } from '../../households/household-tag.entity';
import { Membership } from '../../memberships/membership.entity';
import { Foundation1764000000000 } from '../../migrations/1764000000000-foundation';
import { Building } from '../../places/building.entity';
import { Community } from '../../places/community.entity';
import { PropertyCompany } from '../../places/company.entity';
import { Compound } from '../../places/compound.entity';
import { Grid } from '../../places/grid.entity';
import { Street } from '../../places/street.entity';
import { RoleAssignment } from '../../users/role-assignment.entity';
import { User } from '../../users/user.entity';

/** Every entity, listed once: the app, the migration runner and the drift test use this list. */
export const ENTITIES = [
  Street,
  Community,
  Grid,
  PropertyCompany,
  Compound,
  Building,
  Household,
  HouseholdTag,
  User,
  RoleAssignment,
  Membership,
  Session,
];

/** Every migration, in order. */
export const MIGRATIONS = [Foundation1764000000000];
