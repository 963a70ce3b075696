import { Module } from '@nestjs/common';
import { AssistanceModule } from '../assistance/assistance.module';
import { AppraisalResolver, WorkTeamAttendanceResolver } from './appraisal.resolver';
import { AppraisalService } from './appraisal.service';
import { WorkTeamAttendanceService } from './work-team-attendance.service';
import { HouseholdsModule } from '../households/households.module';
import { IdentityModule } from '../identity/identity.module';
import { ParametersModule } from '../parameters/parameters.module';
import { ProjectsModule } from '../projects/projects.module';
import { RegionsModule } from '../regions/regions.module';
import { AccountabilityRepository } from './accountability.repository';
import { AccountabilityResolver } from './accountability.resolver';
import { AccountabilityService } from './accountability.service';
import { AccountabilityCaseRequestsResolver, FaultToleranceResolver } from './fault-tolerance.resolver';
import { FaultToleranceService } from './fault-tolerance.service';
import { HotlineImportPort } from './hotline-import.port';
import { HotlineRepository } from './hotline.repository';
import { InspectionRepository } from './inspection.repository';
import { InspectionVisitRepository } from './inspection-visit.repository';
import { InspectionVisitResolver } from './inspection-visit.resolver';
import { InspectionVisitService } from './inspection-visit.service';
import { InspectionResolver } from './inspection.resolver';
import { InspectionService } from './inspection.service';
import { HotlineResolver } from './hotline.resolver';
import { HotlineRevealers, HotlineService } from './hotline.service';
import { EvidenceController } from './evidence.controller';
import { SupervisionExports } from './supervision-exports';
import { SupervisionOverdueJob } from './supervision-overdue.job';
import { SupervisionRepository } from './supervision.repository';
import { SupervisionResolver } from './supervision.resolver';
import { SupervisionService } from './supervision.service';

/**
 * Supervision (督查, issue #20): findings through rectification to closure, the daily overdue job.
 * It reaches households and projects through their exported services; audit and the job runner are global.
 */
@Module({
imports: [RegionsModule, IdentityModule, ParametersModule, HouseholdsModule, ProjectsModule, AssistanceModule],
  providers: [SupervisionRepository, SupervisionService, SupervisionResolver, SupervisionOverdueJob, HotlineRepository, HotlineService, HotlineResolver, HotlineRevealers, InspectionRepository, InspectionService, InspectionResolver, InspectionVisitRepository, InspectionVisitService, InspectionVisitResolver, AccountabilityRepository, AccountabilityService, AccountabilityResolver, FaultToleranceService, FaultToleranceResolver, AccountabilityCaseRequestsResolver, AppraisalService, AppraisalResolver, WorkTeamAttendanceService, WorkTeamAttendanceResolver, SupervisionExports, HotlineImportPort],
  controllers: [EvidenceController],
  exports: [SupervisionService],
})
export class SupervisionModule {}
