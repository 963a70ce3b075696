import { AppError } from '../../common/errors/app-error';
import { CommonReason, defineReasons } from '../../common/errors/reasons';

/** The reason codes this module answers with (`extensions.reason`). */
export const WebhooksReason = defineReasons('webhooks', [
  'INVALID_URL',
  'NOT_A_DEAD_LETTER',
  'POSITION_AHEAD_OF_FEED',
  'REQUIRED',
  'URL_CREDENTIALS',
  'URL_NOT_PUBLIC',
  'URL_SCHEME',
  'URL_TOO_LONG',
  'WEBHOOK_DELIVERY_NOT_FOUND',
  'WEBHOOK_SUBSCRIPTION_NOT_FOUND',
]);

/** Coded errors of webhook subscriptions (Chinese for people, English in parentheses). */
export const WebhooksErrors = {
  /** Missing and outside the caller's region answer the same. */
  subscriptionNotFound: (field = 'id') =>
    new AppError('NOT_FOUND', 'Webhook 订阅不存在 (webhook subscription not found)', { reason: WebhooksReason.WEBHOOK_SUBSCRIPTION_NOT_FOUND, field }),
  deliveryNotFound: (field = 'deliveryId') =>
    new AppError('NOT_FOUND', '投递记录不存在 (webhook delivery not found)', { reason: WebhooksReason.WEBHOOK_DELIVERY_NOT_FOUND, field }),
  notADeadLetter: (field = 'deliveryId') =>
    AppError.badInput([{ field, reason: WebhooksReason.NOT_A_DEAD_LETTER, message: '只能重投死信（DEAD）记录 (only a dead letter can be redelivered)' }]),
  regionNotFound: (field: string) =>
    AppError.badInput([{ field, reason: CommonReason.REGION_NOT_FOUND, message: '区划不存在 (region not found)' }]),
  regionOutOfScope: (field: string) =>
    new AppError('FORBIDDEN', '不能在管辖范围以外的区划操作 (region outside your scope)', { reason: CommonReason.REGION_OUT_OF_SCOPE, field }),
  invalidUrl: (field: string, reason: 'INVALID_URL' | 'URL_SCHEME' | 'URL_TOO_LONG' | 'URL_CREDENTIALS' | 'URL_NOT_PUBLIC', max?: number) =>
    AppError.badInput([
      {
        field,
        reason: WebhooksReason[reason],
        message: {
          INVALID_URL: '不是有效的网址 (not a valid URL)',
          URL_SCHEME: '网址须以 http:// 或 https:// 开头 (the URL must be http or https)',
          URL_TOO_LONG: `网址不能超过 ${max} 个字符 (the URL is longer than ${max} characters)`,
          URL_NOT_PUBLIC: '网址须指向公网地址，不能是本机、内网或链路本地地址 (the URL must reach a public address, not loopback, private or link-local; see WEBHOOK_PRIVATE_TARGETS)',
          URL_CREDENTIALS: '网址不能包含用户名或密码 (the URL must not carry credentials)',
        }[reason],
      },
    ]),
  nameRequired: (field: string) =>
    AppError.badInput([{ field, reason: WebhooksReason.REQUIRED, message: '名称不能为空 (a name is required)' }]),
  positionAhead: (field: string, head: string) =>
    AppError.badInput([
      { field, reason: WebhooksReason.POSITION_AHEAD_OF_FEED, message: `位置不能超过变更流的最新位置 ${head} (the position is beyond the feed's newest, ${head})` },
    ]),
};
