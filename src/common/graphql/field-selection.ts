import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/** Whether the query selected `name` directly on this field (fragments included). */
export function isFieldRequested(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) => {
      if (s.kind === 'Field') return s.name.value === name;
      if (s.kind === 'InlineFragment') return visit(s.selectionSet);
      const fragment = info.fragments[s.name.value];
      return fragment ? visit(fragment.selectionSet) : false;
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

/**
 * The names of the fields selected under `path` of this field (fragments included), e.g.
 * `selectedFieldsAt(info, ['edges', 'node'])` on a connection: what a resolver may read ahead in
 * its own statement (src/common/sql/nested-rows.ts). Aliases and arguments are not looked at: a
 * field selected twice under two aliases is one name.
 */
export function selectedFieldsAt(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  const found = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, depth: number): void => {
    for (const s of set?.selections ?? []) {
      if (s.kind === 'InlineFragment') visit(s.selectionSet, depth);
      else if (s.kind === 'FragmentSpread') visit(info.fragments[s.name.value]?.selectionSet, depth);
      else if (depth === path.length) found.add(s.name.value);
      else if (s.name.value === path[depth]) visit(s.selectionSet, depth + 1);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 0);
  return found;
}
