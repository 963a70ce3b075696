import { ancestorCodes, isWithin, levelOf, levelOfPrefix, parentCode, RegionLevel, subtreeLikePattern, subtreePrefix } from './region-code';

const DISTRICT = '410106000000';
const TOWN = '410106100000';
const STREET_001 = '410106001000';
const VILLAGE = '410106100201';

describe('region codes', () => {
  it('reads the level from the code', () => {
    expect(levelOf('410000000000')).toBe(RegionLevel.PROVINCE);
    expect(levelOf('410100000000')).toBe(RegionLevel.CITY);
    expect(levelOf(DISTRICT)).toBe(RegionLevel.DISTRICT);
    expect(levelOf(TOWN)).toBe(RegionLevel.TOWN);
    expect(levelOf(STREET_001)).toBe(RegionLevel.TOWN);
    expect(levelOf(VILLAGE)).toBe(RegionLevel.VILLAGE);
    expect(levelOf('410106001001')).toBe(RegionLevel.VILLAGE);
  });

  it('gives the subtree prefix from the code, or from a stored level', () => {
    expect(subtreePrefix(DISTRICT)).toBe('410106');
    expect(subtreePrefix(TOWN)).toBe('410106100');
    expect(subtreePrefix(STREET_001)).toBe('410106001');
    expect(subtreePrefix(VILLAGE)).toBe(VILLAGE);
    expect(subtreePrefix(DISTRICT, RegionLevel.DISTRICT)).toBe('410106');
    expect(subtreePrefix(TOWN, RegionLevel.DISTRICT)).toBe('410106');
    expect(levelOfPrefix('410106')).toBe(RegionLevel.DISTRICT);
    expect(levelOfPrefix('410106100')).toBe(RegionLevel.TOWN);
    expect(levelOfPrefix('4101061')).toBeUndefined();
  });

  it('gives the parent and the ancestors, nearest first', () => {
    expect(parentCode(VILLAGE)).toBe(TOWN);
    expect(parentCode(TOWN)).toBe(DISTRICT);
    expect(parentCode(DISTRICT)).toBe('410100000000');
    expect(parentCode('410000000000')).toBeNull();
    expect(ancestorCodes(VILLAGE)).toEqual([TOWN, DISTRICT, '410100000000', '410000000000']);
    expect(ancestorCodes(DISTRICT, RegionLevel.DISTRICT)).toEqual(['410100000000', '410000000000']);
    expect(ancestorCodes('410000000000')).toEqual([]);
  });

  it('tells whether a code lies in a subtree, given by prefix or by code', () => {
    expect(isWithin(VILLAGE, '410106')).toBe(true);
    expect(isWithin(VILLAGE, DISTRICT)).toBe(true);
    expect(isWithin(VILLAGE, TOWN)).toBe(true);
    expect(isWithin(VILLAGE, VILLAGE)).toBe(true);
    expect(isWithin(TOWN, TOWN)).toBe(true);
    expect(isWithin(TOWN, VILLAGE)).toBe(false);
    expect(isWithin('410106001001', TOWN)).toBe(false);
    expect(isWithin('410102000000', DISTRICT)).toBe(false);
    expect(isWithin(null, DISTRICT)).toBe(false);
    expect(isWithin('', '')).toBe(false);
  });

  it('builds the LIKE pattern of a subtree with the wildcards escaped', () => {
    expect(subtreeLikePattern('410106')).toBe('410106%');
    expect(subtreeLikePattern('41_1%')).toBe('41\\_1\\%%');
    expect(subtreeLikePattern('a\\b')).toBe('a\\\\b%');
  });
});
