/** Lists this long or shorter are sorted in place by insertion (no allocation). */
const INSERTION_SORT_MAX = 64;

/**
 * `list` sorted in place as `Array.prototype.sort` sorts strings by default (by UTF-16 code units,
 * as `<` compares), and returned. Short lists, such as an object's keys, are sorted by insertion,
 * which allocates nothing and is linear on a list already in order: V8's sort allocates a work
 * array on every call, which an import paid once per row and per audited object (issue #12: 16 %
 * of the bytes a 30,000-household import allocated).
 */
export function sortStringsInPlace(list: string[]): string[] {
  if (list.length > INSERTION_SORT_MAX) return list.sort();
  for (let i = 1; i < list.length; i++) {
    const s = list[i];
    let j = i - 1;
    while (j >= 0 && list[j] > s) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = s;
  }
  return list;
}
