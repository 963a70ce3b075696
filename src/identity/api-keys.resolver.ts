import { Args, Info, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import { Principal } from '../common/access/principal';
import { isFieldRequested } from '../common/graphql/field-selection';
import { mapConnection } from '../common/pagination/keyset';
import { ApiKeysService } from './api-keys.service';
import { ApiKeysArgs, CreateApiKeyInput, RevokeApiKeyInput } from './dto/identity.inputs';
import { ApiKey, ApiKeyConnection, ApiKeyPayload, CreateApiKeyPayload } from './identity.models';

@Resolver(() => ApiKey)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @RequirePermission('apiKeys.manage')
  @Query(() => ApiKeyConnection, { description: 'API keys of your region and below, newest first.' })
  async apiKeys(@Args() args: ApiKeysArgs, @CurrentPrincipal() principal: Principal, @Info() info: GraphQLResolveInfo): Promise<ApiKeyConnection> {
    const { includeRevoked, ...page } = args;
    return mapConnection(await this.keys.list(principal, page, includeRevoked, isFieldRequested(info, 'totalCount')), ApiKey.from);
  }

  @RequirePermission('apiKeys.manage')
  @Mutation(() => CreateApiKeyPayload, { description: 'Creates a key; the secret is returned this once.' })
  async createApiKey(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: CreateApiKeyInput, @CurrentPrincipal() principal: Principal): Promise<CreateApiKeyPayload> {
    const { key, secret } = await this.keys.create(principal, input);
    return { apiKey: ApiKey.from(key), secret };
  }

  @RequirePermission('apiKeys.manage')
  @Mutation(() => ApiKeyPayload, { description: 'Revoke an API key: it stops working at once.' })
  async revokeApiKey(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: RevokeApiKeyInput, @CurrentPrincipal() principal: Principal): Promise<ApiKeyPayload> {
    return { apiKey: ApiKey.from(await this.keys.revoke(principal, input.id)) };
  }
}
