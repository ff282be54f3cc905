import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role, ScopeType } from '@doorstep/contracts';

export interface Assignment {
  role: Role;
  scopeType: ScopeType;
  scopeId: number;
}

/** Who is calling: resolved once per request by the auth guard from the access token and its session. */
export interface Caller {
  userId: number;
  sessionId: number;
  name: string;
  assignments: Assignment[];
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/** `@CurrentCaller() caller: Caller` in a controller; the guard guarantees it on non-public routes. */
export const CurrentCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<{ caller?: Caller }>().caller;
  if (!caller) throw new Error('CurrentCaller used on a public route');
  return caller;
});
