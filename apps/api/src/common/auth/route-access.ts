import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Permission } from '@doorstep/contracts';

export const ROUTE_ACCESS = 'doorstep:route-access';

/**
 * What a route needs before its handler runs. The guard checks the coarse part (signed in, holds the
 * permission somewhere); the service then asks AccessService about the exact object.
 */
export type RouteAccess = { kind: 'public' } | { kind: 'signed-in' } | { kind: 'permission'; permission: Permission };

/** No sign-in needed. */
export const Public = () => SetMetadata(ROUTE_ACCESS, { kind: 'public' } satisfies RouteAccess);

/** Any signed-in person (residents included); the service scopes what they see. */
export const SignedIn = () =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'signed-in' } satisfies RouteAccess),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / TOKEN_EXPIRED' }),
  );

/** Signed in and holding `permission` in some scope; the object itself is checked in the service. */
export const Requires = (permission: Permission) =>
  applyDecorators(
    SetMetadata(ROUTE_ACCESS, { kind: 'permission', permission } satisfies RouteAccess),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED / TOKEN_EXPIRED' }),
    ApiForbiddenResponse({ description: `needs ${permission} on the object's scope` }),
  );
