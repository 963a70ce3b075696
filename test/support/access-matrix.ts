import { Role, Sector } from '../../src/common/access/permissions';
import { signIn, SignedIn, R } from './auth';
import { GqlResult, TestApp } from './test-app';

/**
 * The region × role × sector matrix every module adds its id-taking operations to. For each role
 * and each home region (district, town, village), an operation is tried on a record of its own
 * region, of a sibling, of its parent and of its child. The caller must reach exactly the records
 * inside its home subtree; outside, the answer must be the very answer a missing id gets, so
 * existence never leaks.
 *
 * The sector axis, for operations on records that carry a sector (a sector module's rows): with
 * `sector` set, every target is created once per sector of MATRIX_SECTORS, and a sector officer
 * (signed in with MATRIX_SECTORS[0]) must reach, for a write, only its own sector's records in its
 * subtree (the others answer as missing); for a read, every sector's (reads follow the role).
 * Other roles are not confined by sector.
 */
export interface MatrixOperation {
  name: string;
  /** Creates (or picks) a record owned by the region (and, on the sector axis, by the sector); returns its id. */
  target(regionCode: string, sector?: Sector): Promise<string>;
  /** The operation acts on sector-owned records: a write (confined to the officer's sector) or a read. */
  sector?: { access: 'read' | 'write' };
  /**
   * The sector the sector officers calling are signed in with (default MATRIX_SECTORS[0]): an
   * operation only one department may take (discipline inspection's supervision) is checked with
   * that department's officers; the others' refusal is the module's own test.
   */
  sectorOfficer?: Sector;
  /** Runs the operation as the caller on the id. */
  run(caller: SignedIn, id: string): Promise<GqlResult>;
  /** Whether the response shows the operation reached the record. */
  reached(res: GqlResult): boolean;
  /** An id that exists nowhere, for the "same as missing" comparison. */
  missingId: string;
}

interface Case {
  home: string;
  targets: { relation: string; region: string; inScope: boolean }[];
}

const CASES: Case[] = [
  {
    home: R.district,
    targets: [
      { relation: 'own', region: R.district, inScope: true },
      { relation: 'child', region: R.town, inScope: true },
      { relation: 'sibling', region: R.otherDistrict, inScope: false },
    ],
  },
  {
    home: R.town,
    targets: [
      { relation: 'own', region: R.town, inScope: true },
      { relation: 'child', region: R.village, inScope: true },
      { relation: 'sibling', region: R.siblingTown, inScope: false },
      { relation: 'parent', region: R.district, inScope: false },
      { relation: "sibling's child", region: R.villageOfSiblingTown, inScope: false },
    ],
  },
  {
    home: R.village,
    targets: [
      { relation: 'own', region: R.village, inScope: true },
      { relation: 'sibling', region: R.villageSameTown, inScope: false },
      { relation: 'parent', region: R.town, inScope: false },
    ],
  },
];

/** The caller's sector (first) and another one, for the sector axis. */
export const MATRIX_SECTORS: readonly Sector[] = [Sector.EDUCATION, Sector.HEALTH];

/** Whether a caller must reach a target: inside its subtree and, for a sector officer's write, of its sector. */
export function expectedReach(
  op: Pick<MatrixOperation, 'sector'>,
  caller: { role: Role; sector: Sector | null },
  target: { inScope: boolean; sector?: Sector },
): boolean {
  if (!target.inScope) return false;
  if (op.sector?.access !== 'write' || caller.role !== Role.SECTOR_OFFICER) return true;
  return target.sector === caller.sector;
}

export interface MatrixFinding {
  role: Role;
  home: string;
  relation: string;
  /** The target's sector, on the sector axis. */
  sector?: Sector;
  expected: 'reached' | 'as missing';
  got: string;
}

/**
 * The matrix's callers, signed in once per app, role, home and sector: a file checking several
 * operations signs in 15 callers, not 15 per operation. They serve only the matrix, which does not
 * change them. A caller signed in more than CALLER_REUSE_MS ago is signed in again, so that a file
 * slowed down by a busy machine never outlives its access tokens (ACCESS_TOKEN_TTL_SECONDS, 900 s).
 */
const CALLER_REUSE_MS = 300_000;
const callers = new WeakMap<TestApp, Map<string, { at: number; caller: Promise<SignedIn> }>>();
function matrixCaller(t: TestApp, role: Role, home: string, sector: Sector | null): Promise<SignedIn> {
  const mine = callers.get(t) ?? new Map<string, { at: number; caller: Promise<SignedIn> }>();
  callers.set(t, mine);
  const key = `${role}|${home}|${sector ?? ''}`;
  const kept = mine.get(key);
  if (kept && Date.now() - kept.at < CALLER_REUSE_MS) return kept.caller;
  const caller = signIn(t, role, home, sector ? { sector } : {});
  mine.set(key, { at: Date.now(), caller });
  return caller;
}

/**
 * Targets are reused from cell to cell of one operation's matrix: a record a caller was refused
 * (answered as missing) is unchanged and serves the next cell of its region and sector, and so
 * does every record of a read (`Query.…`). Only a write that reached its record takes a fresh one
 * for the next cell. A refused write that changed its record anyway is a finding of its own cell
 * (it reached), and the cells after it see the change.
 */
class MatrixTargets {
  private readonly unused = new Map<string, string>();
  constructor(private readonly op: MatrixOperation) {}

  async take(region: string, sector: Sector | undefined): Promise<string> {
    return this.unused.get(`${region}|${sector ?? ''}`) ?? (sector ? this.op.target(region, sector) : this.op.target(region));
  }

  /** After a cell: a reached write used its record up; anything else is kept for the next cell. */
  settle(region: string, sector: Sector | undefined, id: string, reached: boolean): void {
    const key = `${region}|${sector ?? ''}`;
    if (reached && !this.op.name.startsWith('Query.')) this.unused.delete(key);
    else this.unused.set(key, id);
  }
}

/** Runs the matrix; returns the cells that broke the rule (an empty list is a pass). */
export async function checkRegionMatrix(t: TestApp, op: MatrixOperation, roles: Role[]): Promise<MatrixFinding[]> {
  const findings: MatrixFinding[] = [];
  const strip = (r: GqlResult) => JSON.stringify({ status: r.status, body: r.body }).replace(/"path":\[[^\]]*\]/g, '');
  const sectors: (Sector | undefined)[] = op.sector ? [...MATRIX_SECTORS] : [undefined];
  const targets = new MatrixTargets(op);
  for (const role of roles) {
    const callerSector = role === Role.SECTOR_OFFICER ? (op.sectorOfficer ?? MATRIX_SECTORS[0]) : null;
    for (const c of CASES) {
      const caller = await matrixCaller(t, role, c.home, callerSector);
      const missing = strip(await op.run(caller, op.missingId));
      for (const target of c.targets) {
        for (const sector of sectors) {
          const id = await targets.take(target.region, sector);
          const res = await op.run(caller, id);
          targets.settle(target.region, sector, id, op.reached(res));
          const cell = { role, home: c.home, relation: target.relation, ...(sector ? { sector } : {}) };
          if (expectedReach(op, { role, sector: callerSector }, { inScope: target.inScope, sector })) {
            if (!op.reached(res)) findings.push({ ...cell, expected: 'reached', got: JSON.stringify(res.body).slice(0, 300) });
          } else {
            const got = strip(res).split(id).join('<id>');
            const asMissing = missing.split(op.missingId).join('<id>');
            if (op.reached(res) || got !== asMissing) {
              findings.push({ ...cell, expected: 'as missing', got: JSON.stringify(res.body).slice(0, 300) });
            }
          }
        }
      }
    }
  }
  return findings;
}
