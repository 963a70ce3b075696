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
