import { ValidateIf } from 'class-validator';

/**
 * May be left out, but if present must pass the other rules — null included. class-validator's
 * @IsOptional lets null through, which would reach a NOT NULL column as a 500.
 */
export const Omittable = () => ValidateIf((_, value) => value !== undefined);

/** May be left out or null (clears the value); anything else must pass the other rules. */
export const Nullable = () => ValidateIf((_, value) => value !== undefined && value !== null);
