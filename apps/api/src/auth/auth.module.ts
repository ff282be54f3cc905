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
      useFactory: (config: AppConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, SessionsService, AuthChanges, SignInLimiter, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [SessionsService, AuthChanges],
})
export class AuthModule {}
