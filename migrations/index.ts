import { MixedList } from 'typeorm';
import { InsuranceAndIncomesKeyedWithTheirRoot1796432000000 } from './1796432000000-InsuranceAndIncomesKeyedWithTheirRoot';
import { ImportWritesHouseholdFeed1796431000000 } from './1796431000000-ImportWritesHouseholdFeed';
import { SupervisionEvidenceFiles1796430173446 } from './1796430173446-SupervisionEvidenceFiles';
import { AccountabilityChangeFeed1796427514483 } from './1796427514483-AccountabilityChangeFeed';
import { AppraisalWorkTeamAttendance1796425541945 } from './1796425541945-AppraisalWorkTeamAttendance';
import { DisabilityServices1796425169663 } from './1796425169663-DisabilityServices';
import { DemandMatching1796417401020 } from './1796417401020-DemandMatching';
import { FundRosterIncome1796420000001 } from './1796420000001-FundRosterIncome';
import { InspectionVisits1796416746723 } from './1796416746723-InspectionVisits';
import { FactorRunsAppliedPaymentReversals1796416592829 } from './1796416592829-FactorRunsAppliedPaymentReversals';
import { FaultToleranceRequests1796405307834 } from './1796405307834-FaultToleranceRequests';
import { AccountabilityCases1796403982362 } from './1796403982362-AccountabilityCases';
import { Inspections1796402507700 } from './1796402507700-Inspections';
import { SocialAssistanceCases1796404798060 } from './1796404798060-SocialAssistanceCases';
import { SocialAssistanceRosters1796402470324 } from './1796402470324-SocialAssistanceRosters';
import { FundReimbursements1796393311383 } from './1796393311383-FundReimbursements';
import { FactorAllocation1796393985566 } from './1796393985566-FactorAllocation';
import { HotlineCases1796395555145 } from './1796395555145-HotlineCases';
import { Funds1796390361296 } from './1796390361296-Funds';
import { SupervisionFindings1796390757875 } from './1796390757875-SupervisionFindings';
import { Disability1796390756936 } from './1796390756936-Disability';
import { HealthInsuranceEnrolments1796362340931 } from './1796362340931-HealthInsuranceEnrolments';
import { Education1796362523056 } from './1796362523056-Education';
import { FamilyDoctorContracts1796363751577 } from './1796363751577-FamilyDoctorContracts';
import { DropoutWatch1796363912267 } from './1796363912267-DropoutWatch';
import { HospitalStays1796364471361 } from './1796364471361-HospitalStays';
import { ApiKeyPrincipalNotify1796394017019 } from './1796394017019-ApiKeyPrincipalNotify';
import { PrincipalChangeNotify1796390209174 } from './1796390209174-PrincipalChangeNotify';
import { InsuranceAmountsOptional1796380616288 } from './1796380616288-InsuranceAmountsOptional';
import { EmploymentRecordContactPhone1796345495501 } from './1796345495501-EmploymentRecordContactPhone';
import { TrainingAndStartups1796333866286 } from './1796333866286-TrainingAndStartups';
import { PostsAndWorkshops1796333966734 } from './1796333966734-PostsAndWorkshops';
import { JobOpenings1796334125163 } from './1796334125163-JobOpenings';
import { EmploymentLedger1796332671162 } from './1796332671162-EmploymentLedger';
import { ProjectLibraryCode1796319433916 } from './1796319433916-ProjectLibraryCode';
import { ImportUploaderScope1796318787650 } from './1796318787650-ImportUploaderScope';
import { ApiKeyScopesOfKinds1796322000000 } from './1796322000000-ApiKeyScopesOfKinds';
import { AssetIncomes1796309014138 } from './1796309014138-AssetIncomes';
import { LinkagePayments1796307831941 } from './1796307831941-LinkagePayments';
import { LinkagesInFeed1796309000000 } from './1796309000000-LinkagesInFeed';
import { ProjectAssets1796301668502 } from './1796301668502-ProjectAssets';
import { BenefitLinkages1796301889619 } from './1796301889619-BenefitLinkages';
import { ProjectLibrary1796296966462 } from './1796296966462-ProjectLibrary';
import { ImplementingEntitiesAndVillageChecks1796296744542 } from './1796296744542-ImplementingEntitiesAndVillageChecks';
import { Disclosure1796285499545 } from './1796285499545-Disclosure';
import { DisclosureNoticeSector1796285600000 } from './1796285600000-DisclosureNoticeSector';
import { PairingUpdatedAt1796290000000 } from './1796290000000-PairingUpdatedAt';
import { PovertyLinesIntoParameters1795927400000 } from './1795927400000-PovertyLinesIntoParameters';
import { PolicyParameters1795927300000 } from './1795927300000-PolicyParameters';
import { ImportJobKind1795926000000 } from './1795926000000-ImportJobKind';
import { ImportsOnJobRunner1795927000000 } from './1795927000000-ImportsOnJobRunner';
import { MemberInsuranceInFeed1795925000000 } from './1795925000000-MemberInsuranceInFeed';
import { ImportModes1795924100000 } from './1795924100000-ImportModes';
import { ImportCountsPerUnit1795924000000 } from './1795924000000-ImportCountsPerUnit';
import { Jobs1795923000000 } from './1795923000000-Jobs';
import { FeedPerAggregate1795922000000 } from './1795922000000-FeedPerAggregate';
import { SectorsOfSectorOfficers1795921000000 } from './1795921000000-SectorsOfSectorOfficers';
import { HeadChangedEvents1795917000000 } from './1795917000000-HeadChangedEvents';
import { ForeignKeys1795916000000 } from './1795916000000-ForeignKeys';
import { AuditChainKey1795915000000 } from './1795915000000-AuditChainKey';
import { ImportReportInfo1795913000000 } from './1795913000000-ImportReportInfo';
import { ProtectDisabilityCertificate1795912100000 } from './1795912100000-ProtectDisabilityCertificate';
import { FeedColumns1795912000000 } from './1795912000000-FeedColumns';
import { AuthSessionsAndSignInDelays1795911300000 } from './1795911300000-AuthSessionsAndSignInDelays';
import { RoleGrants1795911000000 } from './1795911000000-RoleGrants';
import { ImportDigests1795909201423 } from './1795909201423-ImportDigests';
import { Exchange1795906027403 } from './1795906027403-Exchange';
import { ListIndexes1795903407818 } from './1795903407818-ListIndexes';
import { Registry1795900849016 } from './1795900849016-Registry';
import { IdentityAndAudit1795898670781 } from './1795898670781-IdentityAndAudit';
import { Init1795898355866 } from './1795898355866-Init';
import { HotlinePlatformNumber1796420000000 } from './1796420000000-HotlinePlatformNumber';

/**
 * Every migration, in order. `npm run migration:generate -- Name` writes a new file here and
 * adds it to this list; a test fails when a file in this folder is missing from the list.
 * A committed migration is never edited: write a new one.
 */
export const MIGRATIONS: MixedList<Function> = [
  Init1795898355866,
  IdentityAndAudit1795898670781,
  Registry1795900849016,
  ListIndexes1795903407818,
  Exchange1795906027403,
  ImportDigests1795909201423,
  RoleGrants1795911000000,
  AuthSessionsAndSignInDelays1795911300000,
  FeedColumns1795912000000,
  ProtectDisabilityCertificate1795912100000,
  ImportReportInfo1795913000000,
  AuditChainKey1795915000000,
  ForeignKeys1795916000000,
  HeadChangedEvents1795917000000,
  SectorsOfSectorOfficers1795921000000,
  FeedPerAggregate1795922000000,
  Jobs1795923000000,
  ImportCountsPerUnit1795924000000,
  ImportModes1795924100000,
  MemberInsuranceInFeed1795925000000,
  ImportJobKind1795926000000,
  ImportsOnJobRunner1795927000000,
  PolicyParameters1795927300000,
  PovertyLinesIntoParameters1795927400000,
  Disclosure1796285499545,
  DisclosureNoticeSector1796285600000,
  PairingUpdatedAt1796290000000,
  ImplementingEntitiesAndVillageChecks1796296744542,
  ProjectLibrary1796296966462,
  ProjectAssets1796301668502,
  BenefitLinkages1796301889619,
  LinkagePayments1796307831941,
  LinkagesInFeed1796309000000,
  AssetIncomes1796309014138,
  ImportUploaderScope1796318787650,
  ProjectLibraryCode1796319433916,
  ApiKeyScopesOfKinds1796322000000,
  EmploymentLedger1796332671162,
  TrainingAndStartups1796333866286,
  PostsAndWorkshops1796333966734,
  JobOpenings1796334125163,
  EmploymentRecordContactPhone1796345495501,
  HealthInsuranceEnrolments1796362340931,
  Education1796362523056,
  FamilyDoctorContracts1796363751577,
  DropoutWatch1796363912267,
  HospitalStays1796364471361,
  InsuranceAmountsOptional1796380616288,
  PrincipalChangeNotify1796390209174,
  Funds1796390361296,
  Disability1796390756936,
  SupervisionFindings1796390757875,
  FundReimbursements1796393311383,
  FactorAllocation1796393985566,
  ApiKeyPrincipalNotify1796394017019,
  HotlineCases1796395555145,
  SocialAssistanceRosters1796402470324,
  Inspections1796402507700,
  AccountabilityCases1796403982362,
  SocialAssistanceCases1796404798060,
  FaultToleranceRequests1796405307834,
  FactorRunsAppliedPaymentReversals1796416592829,
  InspectionVisits1796416746723,
  DemandMatching1796417401020,
  HotlinePlatformNumber1796420000000,
  FundRosterIncome1796420000001,
  DisabilityServices1796425169663,
  AppraisalWorkTeamAttendance1796425541945,
  AccountabilityChangeFeed1796427514483,
  SupervisionEvidenceFiles1796430173446,
  ImportWritesHouseholdFeed1796431000000,
  InsuranceAndIncomesKeyedWithTheirRoot1796432000000,
];
