import { Inject, MiddlewareConsumer, Module, NestModule, OnModuleInit } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { USER_PHONE } from './identity.declaration';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SECRETS, Secrets } from '../config/secrets';
import { RegionsModule } from '../regions/regions.module';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysResolver } from './api-keys.resolver';
import { ApiKeysService } from './api-keys.service';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { AuthenticationMiddleware } from './authentication.middleware';
import { PasswordHasher } from './password-hasher';
import { PersonalDataRegistry } from './personal-data.registry';
import { Principals } from './principals';
import { PrincipalCache } from './principal-cache';
import { PrincipalCacheListening, principalCacheOf } from './principal-cache.provider';
import { LoginThrottleRepository } from './login-throttle.repository';
import { SignInThrottle } from './sign-in-throttle';
import { RoleGrantsRepository } from './role-grants.repository';
import { RoleGrantsResolver } from './role-grants.resolver';
import { RoleGrantsService } from './role-grants.service';
import { TokensRepository } from './tokens.repository';
import { UsersRepository } from './users.repository';
import { UsersResolver } from './users.resolver';
import { UsersService } from './users.service';

/** Accounts, roles, sign-in, API keys, and revealing protected personal data. */
@Module({
  imports: [
    RegionsModule,
    JwtModule.registerAsync({
      inject: [SECRETS],
      // A KeyObject: jsonwebtoken otherwise tries the secret as a public key (createPublicKey, which
      // throws) on every verify before it falls back to an HMAC key (issue #12's profile).
      useFactory: (secrets: Secrets) => ({ secret: createSecretKey(Buffer.from(secrets.jwtSecret, 'utf8')), signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  providers: [
    // Also mounted by the GraphQL lane (bootstrap.ts), besides consumer.apply below.
    AuthenticationMiddleware,
    {
      provide: PasswordHasher,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new PasswordHasher(config.auth.passwordHashCost),
    },
    { provide: PrincipalCache, inject: [APP_CONFIG], useFactory: principalCacheOf },
    PrincipalCacheListening,
    UsersRepository,
    TokensRepository,
    LoginThrottleRepository,
    SignInThrottle,
    ApiKeysRepository,
    RoleGrantsRepository,
    Principals,
    AuthService,
    UsersService,
    ApiKeysService,
    RoleGrantsService,
    PersonalDataRegistry,
    AuthResolver,
    UsersResolver,
    ApiKeysResolver,
    RoleGrantsResolver,
  ],
  exports: [UsersService, PersonalDataRegistry, AuthService, AuthenticationMiddleware],
})
export class IdentityModule implements NestModule, OnModuleInit {
  constructor(
    @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthenticationMiddleware).forRoutes('*splat');
  }

  onModuleInit(): void {
    this.registry.register(USER_PHONE.subject, (p, id, reason) => this.users.revealPhone(p, id, reason));
  }
}
