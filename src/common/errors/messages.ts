/**
 * Messages shown to people for the service-wide errors, in one place. Module-specific messages
 * live in each module's `*.errors.ts`.
 */
export const MESSAGES = {
  internal: '服务器内部错误，请稍后重试 (internal error)',
  databaseUnavailable: '数据库暂不可用，请稍后重试 (database unavailable)',
  malformedJson: '请求体不是有效的 JSON (malformed JSON body)',
  payloadTooLarge: '请求体过大 (request body too large)',
  unsupportedMediaType: '不支持的请求内容类型 (unsupported content type)',
  notFoundRoute: '地址不存在 (no such route)',
  invalidInput: '输入有误 (invalid input)',
  invalidValue: '输入的值无效 (a value is not valid for its field)',
  queryRejected: '查询被拒绝 (query rejected)',
  versionConflict: '记录已被他人修改，请刷新后重试 (the record was changed by someone else)',
} as const;
