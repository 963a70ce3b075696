import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { CurrentPrincipal } from '../common/access/current-principal.decorator';
import type { Principal } from '../common/access/principal';
import { PovertyLinePayload, SetPovertyLineInput } from './dto/income.inputs';
import { PovertyLine } from './poverty-line.model';
import { PovertyLinesService } from './poverty-lines.service';

@Resolver(() => PovertyLine)
export class PovertyLinesResolver {
  constructor(private readonly service: PovertyLinesService) {}

  @RequirePermission('households.read')
  @Query(() => [PovertyLine], {
    description: 'Poverty lines by year (national line and provincial exit line), from the legacy table.',
    deprecationReason: 'The exit standard reads the policy parameters registry.poverty_line_national and registry.exit_income_line: query parameter / parameters / parameterHistory.',
  })
  async povertyLines(): Promise<PovertyLine[]> {
    return (await this.service.list()).map(PovertyLine.from);
  }

  @RequirePermission('povertyLines.manage')
  @Mutation(() => PovertyLinePayload, {
    description: 'Sets the poverty line of a year; send the version you read when it exists. Also writes the lines as policy parameter versions of that year at your home region (UNVERIFIED), which the exit standard reads.',
    deprecationReason: 'Use setParameter (registry.poverty_line_national, registry.exit_income_line), which takes a scope, period, status and reason.',
  })
  async setPovertyLine(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: SetPovertyLineInput, @CurrentPrincipal() principal: Principal): Promise<PovertyLinePayload> {
    return { povertyLine: PovertyLine.from(await this.service.set(principal, input)) };
  }
}
