import { Role } from '../common/access/permissions';
import { maskBankAccount } from '../common/crypto/mask';
import { definePermissions, ModuleDeclaration, NamesOf } from '../common/kit/module-declaration';
import { auditMaskOf, ProtectedField } from '../common/protection/protected-field';
import { BANK_ACCOUNT_DOMAIN, normalizeBankAccount } from '../households/protected-fields';
import { FundAllocationEntity, FundDocumentEntity, ProjectFundingEntity } from './funds.entities';
import { FundPaymentEntity, FundPaymentHouseholdEntity, ReimbursementEntity, ReimbursementLineEntity, ReimbursementVoucherEntity } from './reimbursement.entities';
import { FACTOR_ALLOCATION_ENTITIES } from './factor-allocation.entities';

/**
 * Who reads the funds ledger: the officers of every level (each its subtree), the sector
 * departments (finance above all), supervisors and auditors (the ledger check is theirs too).
 */
export const FUNDS_READERS = [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER, Role.SECTOR_OFFICER, Role.SUPERVISOR, Role.AUDITOR];

/**
 * The split of the ledger's writes (issue #19): finance (财政, a sector officer of sector FINANCE)
 * records the documents it receives; allocations are issued jointly (财政、扶贫 联合下达) by finance
 * and the poverty office (扶贫办, the district officer); the poverty office arranges project
 * fundings. A sector officer of another sector holds the permission by role but the service's
 * sector write scope (FINANCE) refuses it.
 */
export const FUNDS_PERMISSIONS = definePermissions({
  'funds.read': {
    description: 'Read fund documents (指标文件), allocations (资金分配), project fundings (项目资金安排), the ledger check and projects funded outside the library, in the caller\'s region.',
    roles: FUNDS_READERS,
  },
  'funds.documents': {
    description: 'Record, correct and cancel fund documents (指标文件): the finance department (财政, sector FINANCE) only.',
    roles: [Role.SECTOR_OFFICER],
  },
  'funds.allocate': {
    description: 'Record, correct and cancel allocations of a document to towns, villages or the district (资金分配): the poverty office (district officer) and the finance department (sector FINANCE).',
    roles: [Role.DISTRICT_OFFICER, Role.SECTOR_OFFICER],
  },
  'funds.arrange': {
    description: 'Arrange, correct and cancel project fundings from an allocation (项目资金安排): the poverty office (district officer).',
    roles: [Role.DISTRICT_OFFICER],
  },
  'funds.reimburse': {
    description: 'Apply for a reimbursement (报账申请) against a project funding of your region, and correct one returned to you: district, town and village officers.',
    roles: [Role.DISTRICT_OFFICER, Role.TOWN_OFFICER, Role.VILLAGE_OFFICER],
  },
  'funds.decide': {
    description:
      'Take the reimbursement flow\'s decisions: review (扶贫部门审核) a submitted one, or return or reject it, as the poverty office (district officer); approve (财政审批) a reviewed one, or return or reject it, as finance (sector FINANCE).',
    roles: [Role.DISTRICT_OFFICER, Role.SECTOR_OFFICER],
  },
  'funds.pay': {
    description: 'Record payments (支付) of approved reimbursements, to an account or to households: finance (sector FINANCE).',
    roles: [Role.SECTOR_OFFICER],
  },
});
declare module '../common/access/permissions' {
  interface PermissionNames extends NamesOf<typeof FUNDS_PERMISSIONS> {}
}

declare module '../common/access/personal-data' {
  interface PersonalDataSubjects {
    FUND_PAYEE_ACCOUNT: true;
  }
}

/** The entity name of payments in the audit trail. */
export const FUND_PAYMENT = 'FundPayment';

/** A payment's bank account (收款账号), declared once: encrypted, blind index, masked, revealed with a reason and an audit row. */
export const FUND_PAYEE_ACCOUNT: ProtectedField = {
  entity: FUND_PAYMENT,
  table: 'fund_payments',
  property: 'bankAccount',
  encrypted: { property: 'bankAccountEnc', column: 'bank_account_enc' },
  blindIndex: { property: 'bankAccountHash', column: 'bank_account_hash', domain: BANK_ACCOUNT_DOMAIN },
  normalize: normalizeBankAccount,
  mask: maskBankAccount,
  subject: 'FUND_PAYEE_ACCOUNT',
  description: 'The bank account a fund payment went to (收款账号)',
  readPermission: 'funds.read',
};

export const FUND_PAYMENT_AUDIT_MASK = auditMaskOf([FUND_PAYEE_ACCOUNT], FUND_PAYMENT);

/** Funds (扶贫资金, issue #19 parts 1 and 2): documents → allocations → project fundings → reimbursements → payments, the ledger check and the reimbursement rate. */
export const FUNDS: ModuleDeclaration = {
  name: 'funds',
  entities: [FundDocumentEntity, FundAllocationEntity, ProjectFundingEntity, ReimbursementEntity, ReimbursementLineEntity, ReimbursementVoucherEntity, FundPaymentEntity, FundPaymentHouseholdEntity, ...FACTOR_ALLOCATION_ENTITIES],
  permissions: FUNDS_PERMISSIONS,
  protectedFields: [FUND_PAYEE_ACCOUNT],
  settings: {},
  feedRoots: {
    FundFactorValue: '因素数据: one entered factor value of a town or village for a year (part `value`); region = the town or village. Read it with `fundFactorData(year:, parentRegionCode:, level:)`.',
    FundAllocationRun: '因素分配测算: a factor allocation run, stored once with its lines (part `run`); region = the run\'s parent region. Read it with `fundAllocationRun(id:)`.',
    FundDocument:
      '指标文件: a fund document (part `document`; its `committed` changes with its children and allocations), its allocations (part `allocation`) and their project fundings (part `funding`), their reimbursements (part `reimbursement`; its lines and vouchers are written with it) and payments (part `payment`; its roster is written with it); region = the receiving district, or the allocation\'s / project\'s region for those parts. Read it with `fundDocument(id:)`, `fundAllocations(documentId:)`, `projectFundings(documentId:)`, `fundReimbursements(documentId:)` and `fundPayments(documentId:)`.',
  },
};
