import { REVEAL_REASON_RULE } from '../common/access/reason';
import { AppError } from '../common/errors/app-error';
import { CommonReason, defineReasons } from '../common/errors/reasons';

/** The reason codes this module answers with (`extensions.reason`). */
export const IdentityReason = defineReasons('identity', [
  'ACCOUNT_DISABLED',
  'API_KEY_INVALID',
  'API_KEY_NOT_FOUND',
  'INVALID_CREDENTIALS',
  'NOT_REQUESTER',
  'PASSWORD_UNCHANGED',
  'REFRESH_TOKEN_INVALID',
  'REFRESH_TOKEN_REUSED',
  'ROLE_GRANT_NOT_FOUND',
  'ROLE_GRANT_NOT_PENDING',
  'ROLE_GRANT_PENDING',
  'SCOPE_NOT_GRANTABLE',
  'SCOPE_NOT_HELD',
  'SECOND_ADMINISTRATOR_REQUIRED',
  'SECTOR_NOT_ALLOWED',
  'SECTOR_REQUIRED',
  'SELF_DISABLE',
  'SELF_ROLE_CHANGE',
  'SIGN_IN_DELAYED',
  'TOKEN_EXPIRED',
  'TOKEN_INVALID',
  'TOKEN_REVOKED',
  'UNSUPPORTED_SUBJECT',
  'USERNAME_TAKEN',
  'USER_NOT_FOUND',
  'WEAK_PASSWORD',
  'WRONG_PASSWORD',
]);

export const IdentityErrors = {
  invalidCredentials: () =>
    new AppError('UNAUTHENTICATED', '用户名或密码错误 (wrong username or password)', { reason: IdentityReason.INVALID_CREDENTIALS }),
  accountDisabled: () => new AppError('UNAUTHENTICATED', '账号已停用 (account disabled)', { reason: IdentityReason.ACCOUNT_DISABLED }),
  /** The same answer for every username, known or not. */
  signInDelayed: (waitMs: number) => {
    const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
    return new AppError('RATE_LIMITED', `登录失败次数过多，请 ${retryAfterSeconds} 秒后再试 (too many wrong passwords: retry in ${retryAfterSeconds} s)`, {
      reason: IdentityReason.SIGN_IN_DELAYED,
      details: { retryAfterSeconds },
    });
  },
  invalidToken: (reason: 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_REVOKED') =>
    new AppError('UNAUTHENTICATED', '登录已失效，请重新登录 (sign in again)', { reason: IdentityReason[reason] }),
  invalidRefreshToken: () =>
    new AppError('UNAUTHENTICATED', '刷新令牌无效或已过期 (refresh token invalid or expired)', { reason: IdentityReason.REFRESH_TOKEN_INVALID }),
  refreshTokenReused: () =>
    new AppError('UNAUTHENTICATED', '刷新令牌被重复使用，已注销该登录的全部令牌 (refresh token reuse: session revoked)', {
      reason: IdentityReason.REFRESH_TOKEN_REUSED,
    }),
  invalidApiKey: () => new AppError('UNAUTHENTICATED', 'API 密钥无效、已过期或已吊销 (API key invalid)', { reason: IdentityReason.API_KEY_INVALID }),
  userNotFound: () => new AppError('NOT_FOUND', '用户不存在 (user not found)', { reason: IdentityReason.USER_NOT_FOUND, field: 'id' }),
  apiKeyNotFound: () => new AppError('NOT_FOUND', 'API 密钥不存在 (API key not found)', { reason: IdentityReason.API_KEY_NOT_FOUND, field: 'id' }),
  usernameTaken: () =>
    new AppError('CONFLICT', '用户名已存在 (username taken)', { reason: IdentityReason.USERNAME_TAKEN, field: 'username' }),
  weakPassword: (field: string, message: string) =>
    AppError.badInput([{ field, reason: IdentityReason.WEAK_PASSWORD, message }]),
  wrongCurrentPassword: () =>
    AppError.badInput([{ field: 'currentPassword', reason: IdentityReason.WRONG_PASSWORD, message: '当前密码错误 (current password is wrong)' }]),
  passwordUnchanged: () =>
    AppError.badInput([{ field: 'newPassword', reason: IdentityReason.PASSWORD_UNCHANGED, message: '新密码不能与当前密码相同 (choose a different password)' }]),
  regionOutOfScope: (field: string) =>
    new AppError('FORBIDDEN', '不能在管辖范围以外的区划操作 (region outside your scope)', { reason: CommonReason.REGION_OUT_OF_SCOPE, field }),
  regionNotFound: (field: string) =>
    AppError.badInput([{ field, reason: CommonReason.REGION_NOT_FOUND, message: '区划不存在 (region not found)' }]),
  sectorRequired: () =>
    AppError.badInput([{ field: 'sector', reason: IdentityReason.SECTOR_REQUIRED, message: '行业部门人员必须指定部门 (sector officers need a sector)' }]),
  sectorNotAllowed: () =>
    AppError.badInput([
      { field: 'sector', reason: IdentityReason.SECTOR_NOT_ALLOWED, message: '只有行业部门人员才有所属部门 (only sector officers have a sector)' },
    ]),
  scopeNotGrantable: (scope: string) =>
    AppError.badInput([
      { field: 'scopes', reason: IdentityReason.SCOPE_NOT_GRANTABLE, message: `API 密钥只能授予系统对接权限，不能授予 ${scope} (keys carry integration scopes only)` },
    ]),
  scopeNotHeld: (scope: string) =>
    AppError.badInput([{ field: 'scopes', reason: IdentityReason.SCOPE_NOT_HELD, message: `您本人没有 ${scope} 权限，不能授予 API 密钥 (you do not hold this scope)` }]),
  reasonRequired: () =>
    AppError.badInput([{ field: 'reason', reason: CommonReason.REASON_REQUIRED, message: `查看完整个人信息${REVEAL_REASON_RULE}` }]),
  revealNotReadable: (permission: string) =>
    new AppError('FORBIDDEN', '无权查看该记录，不能查看其完整个人信息 (you may not read this record)', {
      reason: CommonReason.MISSING_PERMISSION,
      field: 'subject',
      details: { permission },
    }),
  selfRoleChange: (field: string) =>
    new AppError('FORBIDDEN', '不能更改自己的角色、区划或部门，须由另一名管理员操作 (you cannot change your own roles, region or sector)', {
      reason: IdentityReason.SELF_ROLE_CHANGE,
      field,
    }),
  roleGrantPending: () =>
    new AppError('CONFLICT', '该账号已有待审批的角色授权，请先审批或撤回 (a role grant is already pending for this account)', {
      reason: IdentityReason.ROLE_GRANT_PENDING,
      field: 'roles',
    }),
  roleGrantNotFound: () => new AppError('NOT_FOUND', '角色授权不存在 (role grant not found)', { reason: IdentityReason.ROLE_GRANT_NOT_FOUND, field: 'id' }),
  roleGrantNotPending: (status: string) =>
    new AppError('CONFLICT', '该角色授权已处理 (the role grant is no longer pending)', { reason: IdentityReason.ROLE_GRANT_NOT_PENDING, field: 'id', details: { status } }),
  secondAdministratorRequired: () =>
    new AppError('FORBIDDEN', '须由另一名管理员审批：申请人和被授权人不能审批 (another administrator must decide)', {
      reason: IdentityReason.SECOND_ADMINISTRATOR_REQUIRED,
      field: 'id',
    }),
  notRoleGrantRequester: () =>
    new AppError('FORBIDDEN', '只有申请人可以撤回 (only the administrator who asked can withdraw it)', { reason: IdentityReason.NOT_REQUESTER, field: 'id' }),
  selfLockout: () =>
    AppError.badInput([{ field: 'disabled', reason: IdentityReason.SELF_DISABLE, message: '不能停用自己的账号 (cannot disable yourself)' }]),
};
