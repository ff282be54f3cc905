import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { RoleAssignment } from '../users/role-assignment.entity';
import { User } from '../users/user.entity';
import { AuthChanges } from './auth-changes.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';
import { SignInLimiter } from './sign-in-limiter.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Session, User, RoleAssignment]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // createApp fills it (withJwtSecret); a module built without that is a programming error.
        if (!config.JWT_SECRET) throw new Error('JWT_SECRET is not set');
        return {
          // A KeyObject, made once: given a string, jsonwebtoken first tries it as a public key on every
          // call and builds the secret key from the exception (7% of an authenticated request's CPU).
          // Same bytes as the string, so tokens signed before stay valid.
          secret: createSecretKey(Buffer.from(config.JWT_SECRET, 'utf8')),
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        };
      },
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, SessionsService, AuthChanges, SignInLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [SessionsService, AuthChanges],
})
export class AuthModule {}
