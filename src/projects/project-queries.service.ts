import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../common/access/principal';
import { applyRegionScope } from '../common/access/region-scope';
import { AppError } from '../common/errors/app-error';
import { defineReasons } from '../common/errors/reasons';
import { ParametersService, ParameterValue } from '../parameters/parameters.service';
import { ProjectEntity } from './project.entity';
import { IN_LIBRARY_OR_LATER } from './project-procedure';
import { ProjectErrors } from './project.errors';

/** The parameter that says funds go only to projects of the library (RULES.md §2). */
export const FUNDING_REQUIRES_IN_LIBRARY_KEY = 'project.funding_requires_in_library';

export const ProjectQueriesReason = defineReasons('projects', ['PROJECT_NOT_IN_LIBRARY']);

/** Why a project may be funded: in the library, by an exception with its reason, or the rule is off. */
export interface Fundable {
  project: ProjectEntity;
  basis: 'IN_LIBRARY' | 'EXCEPTION' | 'RULE_OFF';
  exceptionReason: string | null;
  /** The parameter consulted (null when the project is in the library: no rule needed). */
  rule: ParameterValue | null;
}

/**
 * The checks and queries other modules ask of projects. `requireFundable` is the check the funds
 * module (#19) calls before it allocates money to a project, in its own transaction.
 */
@Injectable()
export class ProjectQueriesService {
  constructor(private readonly parameters: ParametersService) {}

  /**
   * A project the caller may read (its region scope), read in the caller's transaction: null when
   * it does not exist or lies outside the scope (the funds module checks this before requireFundable,
   * so a project out of scope answers as missing, never with its stage).
   */
  findInScope(manager: EntityManager, principal: Principal, projectId: string): Promise<ProjectEntity | null> {
    const qb = manager.getRepository(ProjectEntity).createQueryBuilder('p').where('p.id = :projectId', { projectId });
    return applyRegionScope(qb, 'p.region_code', principal).getOne();
  }

  /**
   * A project may receive funds on `on` when it is in the library or later; otherwise only when
   * project.funding_requires_in_library is false as of `on` in its region, or with an exception
   * reason (原则上: exceptions need a reason). The rule not configured: PARAMETER_NOT_CONFIGURED.
   * The caller has already reached the project in its scope; the row is locked for the caller's
   * transaction.
   */
  async requireFundable(manager: EntityManager, projectId: string, on: string, exceptionReason?: string | null, field = 'input.projectId'): Promise<Fundable> {
    const project = await manager.getRepository(ProjectEntity).createQueryBuilder('p').where('p.id = :projectId', { projectId }).setLock('pessimistic_read').getOne();
    if (!project) throw ProjectErrors.notFound(field);
    if (IN_LIBRARY_OR_LATER.includes(project.stage)) return { project, basis: 'IN_LIBRARY', exceptionReason: null, rule: null };
    const rule = await this.parameters.requireConfigured(FUNDING_REQUIRES_IN_LIBRARY_KEY, on, project.regionCode, field, manager);
    if (rule.value !== true) return { project, basis: 'RULE_OFF', exceptionReason: null, rule };
    const reason = exceptionReason?.trim();
    if (reason) return { project, basis: 'EXCEPTION', exceptionReason: reason, rule };
    throw new AppError('CONFLICT', `项目尚未入库（当前环节 ${project.stage}），原则上不得安排资金；确需安排请说明理由 (the project is not in the library)`, {
      reason: ProjectQueriesReason.PROJECT_NOT_IN_LIBRARY,
      field,
      details: { stage: project.stage, parameter: rule.key, source: rule.source },
    });
  }
}
