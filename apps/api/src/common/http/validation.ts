import { Injectable, Param, PipeTransform, ValidationPipe, type ValidationError } from '@nestjs/common';
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
 * Bodies and queries: only declared fields (unknown ones are refused by name), declared types, no
 * silent coercion of bodies. Queries convert explicitly with @Type in their DTOs.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

const ID_PATTERN = /^[1-9]\d{0,9}$/;

@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  constructor(private readonly field = 'id') {}

  transform(value: string): number {
    const n = Number(value);
    if (!ID_PATTERN.test(value) || n > 2_147_483_647) {
      throw validationFailed([{ field: this.field, problems: [`${this.field} must be a positive integer`] }]);
    }
    return n;
  }
}

/** `@IdParam() id: number` — a positive integer path parameter, or 400 naming it. */
export const IdParam = (name = 'id') => Param(name, new ParseIdPipe(name));
