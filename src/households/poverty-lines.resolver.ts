import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequirePermission } from '../common/access/access.decorators';
import { PovertyLinePayload, SetPovertyLineInput } from './dto/income.inputs';
import { PovertyLine } from './poverty-line.model';
import { PovertyLinesService } from './poverty-lines.service';

@Resolver(() => PovertyLine)
export class PovertyLinesResolver {
  constructor(private readonly service: PovertyLinesService) {}

  @RequirePermission('households.read')
  @Query(() => [PovertyLine], { description: 'Poverty lines by year (national line and provincial exit line).' })
  async povertyLines(): Promise<PovertyLine[]> {
    return (await this.service.list()).map(PovertyLine.from);
  }

  @RequirePermission('povertyLines.manage')
  @Mutation(() => PovertyLinePayload, { description: 'Sets the poverty line of a year; send the version you read when it exists.' })
  async setPovertyLine(@Args('input', { description: 'The operation\'s arguments as one input object (every mutation takes `input`); its fields are described on the input type.' }) input: SetPovertyLineInput): Promise<PovertyLinePayload> {
    return { povertyLine: PovertyLine.from(await this.service.set(input)) };
  }
}
