import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { Chars } from '../../common/http/chars';
import { LIMITS, type CreateQrCodeRequest, type ListQrCodesQuery, type RevokeQrCodeRequest } from '@doorstep/contracts';
import { Omittable } from '../../common/http/optional';
import { PageQueryDto } from '../../common/pagination/keyset';

export class CreateQrCodeDto implements CreateQrCodeRequest {
  @IsInt() @Min(1) compoundId: number;
  /** Must belong to the compound. */
  @Omittable() @IsInt() @Min(1) buildingId?: number;
  /** A public spot, e.g. 地下车库 or 3号楼地下车库; printed on the poster and shown in reports. */
  @Omittable()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Chars(1, LIMITS.nameMax)
  spotName?: string;
}

export class ListQrCodesDto extends PageQueryDto implements ListQrCodesQuery {
  @Type(() => Number) @IsInt() @Min(1) compoundId: number;
  /** true: codes in use only; false: revoked ones only. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value))
  @IsBoolean()
  active?: boolean;
}

export class RevokeQrCodeDto implements RevokeQrCodeRequest {
  @IsInt() @Min(1) version: number;
}
