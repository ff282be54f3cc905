import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ROUTE_ACCESS, type RouteAccess } from '../common/auth/route-access';
import { holdsAnywhere } from '../access/policy';
import { DomainError, forbidden } from '../common/errors/domain-error';
import { SessionsService } from './sessions.service';

/**
 * The one global guard. Routes declare @Public, @SignedIn or @Requires(permission); a route that
 * declares nothing is treated as @SignedIn, so forgetting can only make a route stricter.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<RouteAccess | undefined>(ROUTE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]) ?? { kind: 'signed-in' };
    if (access.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = bearerToken(request);
    if (!token) throw new DomainError('UNAUTHENTICATED', 401);
    request.caller = await this.sessions.authenticate(token);
    if (access.kind === 'permission' && !holdsAnywhere(request.caller.assignments, access.permission)) {
      throw forbidden({ permission: access.permission });
    }
    return true;
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}
