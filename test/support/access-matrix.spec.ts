import { Role, Sector } from '../../src/common/access/permissions';
import { expectedReach } from './access-matrix';

describe('the access matrix’s sector axis', () => {
  const officer = { role: Role.SECTOR_OFFICER, sector: Sector.EDUCATION };
  const town = { role: Role.TOWN_OFFICER, sector: null };

  it('expects a sector officer to write only its own sector’s records, inside its subtree', () => {
    const write = { sector: { access: 'write' as const } };
    expect(expectedReach(write, officer, { inScope: true, sector: Sector.EDUCATION })).toBe(true);
    expect(expectedReach(write, officer, { inScope: true, sector: Sector.HEALTH })).toBe(false);
    expect(expectedReach(write, officer, { inScope: false, sector: Sector.EDUCATION })).toBe(false);
  });

  it('expects reads, and other roles, to follow the region only', () => {
    const read = { sector: { access: 'read' as const } };
    expect(expectedReach(read, officer, { inScope: true, sector: Sector.HEALTH })).toBe(true);
    expect(expectedReach({ sector: { access: 'write' } }, town, { inScope: true, sector: Sector.HEALTH })).toBe(true);
    expect(expectedReach({}, officer, { inScope: true })).toBe(true);
    expect(expectedReach({}, town, { inScope: false })).toBe(false);
  });
});
