import { Role } from '../../src/common/access/permissions';
import { signIn, SignedIn, R } from './auth';
import { GqlResult, TestApp } from './test-app';

/**
 * The region-scope matrix every module adds its operations to. For each role and each home
 * region (district, town, village), an operation is tried on a record of its own region, of a
 * sibling, of its parent and of its child. The caller must reach exactly the records inside its
 * home subtree; outside, the answer must be the very answer a missing id gets, so existence
 * never leaks.
 */
export interface MatrixOperation {
  name: string;
  /** Creates (or picks) a record owned by the region; returns its id. */
  target(regionCode: string): Promise<string>;
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

export interface MatrixFinding {
  role: Role;
  home: string;
  relation: string;
  expected: 'reached' | 'as missing';
  got: string;
}

/** Runs the matrix; returns the cells that broke the rule (an empty list is a pass). */
export async function checkRegionMatrix(t: TestApp, op: MatrixOperation, roles: Role[]): Promise<MatrixFinding[]> {
  const findings: MatrixFinding[] = [];
  const strip = (r: GqlResult) => JSON.stringify({ status: r.status, body: r.body }).replace(/"path":\[[^\]]*\]/g, '');
  for (const role of roles) {
    for (const c of CASES) {
      const caller = await signIn(t, role, c.home);
      const missing = strip(await op.run(caller, op.missingId));
      for (const target of c.targets) {
        const id = await op.target(target.region);
        const res = await op.run(caller, id);
        if (target.inScope) {
          if (!op.reached(res)) findings.push({ role, home: c.home, relation: target.relation, expected: 'reached', got: JSON.stringify(res.body).slice(0, 300) });
        } else {
          const got = strip(res).split(id).join('<id>');
          const asMissing = missing.split(op.missingId).join('<id>');
          if (op.reached(res) || got !== asMissing) {
            findings.push({ role, home: c.home, relation: target.relation, expected: 'as missing', got: JSON.stringify(res.body).slice(0, 300) });
          }
        }
      }
    }
  }
  return findings;
}
