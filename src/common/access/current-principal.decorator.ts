import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from './principal';

/** The signed-in caller (user or API key); undefined on public operations called anonymously. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal | undefined => {
  if (context.getType<string>() === 'graphql') {
    return (context.getArgs()[2] as { req?: { principal?: Principal } })?.req?.principal;
  }
  return context.switchToHttp().getRequest<{ principal?: Principal }>().principal;
});
