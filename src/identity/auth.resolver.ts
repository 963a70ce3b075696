import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Public, RequirePermission } from '../common/access/access.decorators';
import { LoginRateLimit } from '../common/rate-limit/rate-limit';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { AuthService, IssuedTokens } from './auth.service';
import { ChangePasswordInput, LoginInput, LogoutInput, RefreshTokenInput, RevealPersonalDataInput } from './dto/identity.inputs';
import { AuthPayload, LogoutPayload, OkPayload, RevealedPersonalData, User, Viewer } from './identity.models';
import { PersonalDataRegistry } from './personal-data.registry';
import { UsersService } from './users.service';

/** Sign-in and the caller's own account. */
@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly personalData: PersonalDataRegistry,
  ) {}

  @Public()
  @LoginRateLimit()
  @Mutation(() => AuthPayload, { description: 'Sign in with username and password.' })
  async login(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: LoginInput): Promise<AuthPayload> {
    return this.payload(await this.auth.login(input.username, input.password));
  }

  @Public()
  @LoginRateLimit()
  @Mutation(() => AuthPayload, { description: 'Exchange a refresh token for new tokens (rotation).' })
  async refreshToken(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: RefreshTokenInput): Promise<AuthPayload> {
    return this.payload(await this.auth.refresh(input.refreshToken));
  }

  @RequirePermission('account.self')
  @Mutation(() => LogoutPayload, { description: 'End this sign-in, or every sign-in with everywhere: true.' })
  async logout(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: LogoutInput, @CurrentPrincipal() principal: Principal): Promise<LogoutPayload> {
    return { revoked: await this.auth.logout(principal, input.refreshToken, input.everywhere) };
  }

  @RequirePermission('account.self')
  @Mutation(() => OkPayload, { description: 'Change your own password; every other session ends.' })
  async changePassword(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: ChangePasswordInput, @CurrentPrincipal() principal: Principal): Promise<OkPayload> {
    await this.auth.changePassword(principal, input.currentPassword, input.newPassword);
    return { ok: true };
  }

  @Public()
  @Query(() => Viewer, { nullable: true, description: 'Who you are signed in as (null when anonymous).' })
  viewer(@CurrentPrincipal() principal?: Principal): Viewer | null {
    if (!principal) return null;
    return {
      kind: principal.kind,
      id: principal.id,
      personId: principal.personId,
      name: principal.name,
      roles: [...principal.roles],
      permissions: [...principal.permissions],
      regionCode: principal.regionCode,
      sector: principal.sector ?? null,
      mustChangePassword: principal.mustChangePassword ?? false,
    };
  }

  @RequirePermission('personalData.unmask')
  @Mutation(() => RevealedPersonalData, {
    description: 'The full value of a protected field, for a stated reason. Every call is written to the audit trail.',
  })
  async revealPersonalData(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: RevealPersonalDataInput, @CurrentPrincipal() principal: Principal): Promise<RevealedPersonalData> {
    return { value: await this.personalData.reveal(principal, input.subject, input.id, input.reason) };
  }

  private payload(t: IssuedTokens): AuthPayload {
    return {
      accessToken: t.accessToken,
      accessTokenExpiresAt: t.accessTokenExpiresAt,
      refreshToken: t.refreshToken,
      refreshTokenExpiresAt: t.refreshTokenExpiresAt,
      user: User.from(t.user, this.users.maskedPhone(t.user)),
    };
  }
}
