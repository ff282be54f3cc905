import {
  applyDecorators,
  type ArgumentMetadata,
  Injectable,
  Param,
  PipeTransform,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Min } from 'class-validator';
import type { FieldError } from '@doorstep/contracts';
import { DomainError } from '../errors/domain-error';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      out.push({ field, problems: Object.values(error.constraints) });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

export function validationFailed(fields: FieldError[]): DomainError {
  return new DomainError('VALIDATION_FAILED', 400, fields);
}

/**
 * Path parameters reach their own pipes as the strings the client sent. The stock pipe runs first (it is
 * global) and, with `transform`, turns a `number` parameter into `+value`: '+1', ' 1', '0x10', '1e3' and
 * '00001' all became ids before ParseIdPipe could see them (DELETE /role-assignments/+1 deleted #1).
 */
class StrictValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}

/**
 * Bodies and queries: only declared fields (unknown ones are refused by name), declared types, no
 * silent coercion of bodies. Queries convert explicitly with @Type in their DTOs.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

/** Plain decimal: no sign, no leading zero, no spaces, no hex or exponent. */
const ID_PATTERN = /^[1-9]\d{0,9}$/;
/** Ids are INT columns. */
const ID_MAX = 2_147_483_647;

/** Whether `value` is an id exactly as the API writes one. */
export const isIdText = (value: unknown): value is string =>
  typeof value === 'string' && ID_PATTERN.test(value) && Number(value) <= ID_MAX;

@Injectable()
export class ParseIdPipe implements PipeTransform<unknown, number> {
  constructor(private readonly field = 'id') {}

  transform(value: unknown): number {
    if (!isIdText(value)) {
      throw validationFailed([{ field: this.field, problems: [`${this.field} must be a positive integer`] }]);
    }
    return Number(value);
  }
}

/** `@IdParam() id: number` — a positive integer path parameter, or 400 naming it. */
export const IdParam = (name = 'id') => Param(name, new ParseIdPipe(name));

/**
 * An id in a query DTO (`?compoundId=12`), held to the same plain decimal as path ids: with
 * `@Type(() => Number)`, '+12', '0x0c' and '1.2e1' would all be 12. Anything else stays a string and
 * fails @IsInt (400 naming the field).
 */
export const QueryId = () =>
  applyDecorators(
    Transform(({ value }) => (isIdText(value) ? Number(value) : value)),
    IsInt(),
    Min(1),
  );

/** A yes/no query parameter (`?dryRun=true`, `=1`, `=false`, `=0`); anything else fails @IsBoolean (400 naming it). */
export const QueryBoolean = () =>
  applyDecorators(
    Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value)),
    IsBoolean(),
  );
