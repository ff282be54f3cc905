import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Length in characters as MySQL's VARCHAR counts them (code points). class-validator's @Length skips
 * variation selectors (U+FE0F), so text that passes it could still overflow the column as a 500.
 */
export function Chars(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'chars',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && [...value].length >= min && [...value].length <= max,
        defaultMessage: buildMessage((each) => `${each}$property must be ${min}–${max} characters long`, options),
      },
    },
    options,
  );
}
