import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { SchoolingStatus } from '../../registry-codes';

/** A member whose facts are asked for: the member on the year's reference day. */
export interface FactMember {
  memberId: string;
  householdId: string;
  birthDate: string;
}

/**
 * What a sector's records say of a member's schooling in the year (the school year that starts
 * on the criterion's reference day, 31 August): a status in the registry's codes (enrolled in
 * grade 8 → `GRADE_8`), or an exemption in words (送教上门, a recorded exemption).
 * `source` names the records it was read from (shown in the criterion's facts).
 */
export interface SchoolingFact {
  schoolingStatus: SchoolingStatus | null;
  schoolingExemption: string | null;
  source: string;
}

/** What a sector's records say of a member's insurance in the year. */
export interface InsuranceFact {
  basicMedical: boolean;
  seriousIllness: boolean;
  source: string;
}

/**
 * A sector module's facts for the exit standard: for the members asked, those it holds records
 * of (in the year); a member it leaves out keeps the registry's own field. Reads in the given
 * manager (the procedure's transaction when there is one).
 */
export interface MemberFactSource<F> {
  /** Who supplies it (a module's name), for errors and the facts. */
  readonly name: string;
  load(members: readonly FactMember[], year: number, manager?: EntityManager): Promise<Map<string, F>>;
}

/**
 * Where sector modules plug their records into the exit standard (§28: the schooling and
 * insurance criteria read the education and health records, replacing the registry's single
 * fields where records exist). A sector module that imports LifecycleModule registers its source
 * once, when it starts (`onModuleInit`); the registry does not import the sectors. With no source
 * registered the criteria read the registry's fields, as before.
 */
@Injectable()
export class ExitFactSources {
  private readonly schooling: MemberFactSource<SchoolingFact>[] = [];
  private readonly insurance: MemberFactSource<InsuranceFact>[] = [];

  registerSchooling(source: MemberFactSource<SchoolingFact>): void {
    this.add(this.schooling, source);
  }

  registerInsurance(source: MemberFactSource<InsuranceFact>): void {
    this.add(this.insurance, source);
  }

  /** Schooling facts of the members by id (later sources win where two answer). */
  schoolingOf(members: readonly FactMember[], year: number, manager?: EntityManager): Promise<Map<string, SchoolingFact>> {
    return this.collect(this.schooling, members, year, manager);
  }

  insuranceOf(members: readonly FactMember[], year: number, manager?: EntityManager): Promise<Map<string, InsuranceFact>> {
    return this.collect(this.insurance, members, year, manager);
  }

  private add<F>(list: MemberFactSource<F>[], source: MemberFactSource<F>): void {
    if (list.some((s) => s.name === source.name)) throw new Error(`exit fact source ${source.name} registered twice`);
    list.push(source);
  }

  private async collect<F>(list: readonly MemberFactSource<F>[], members: readonly FactMember[], year: number, manager?: EntityManager): Promise<Map<string, F>> {
    const out = new Map<string, F>();
    if (!members.length) return out;
    for (const source of list) for (const [id, fact] of await source.load(members, year, manager)) out.set(id, fact);
    return out;
  }
}
