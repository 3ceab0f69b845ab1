import type { OrgChartNode } from '../api/types';

export interface TreeNode {
  person: OrgChartNode;
  children: TreeNode[];
}

/**
 * Builds the reporting tree from managerId. People whose manager is not in the list (or who
 * have none) are roots. A reporting loop in bad data cannot hang the page: each person is
 * placed once.
 */
export function buildOrgTree(items: OrgChartNode[]): TreeNode[] {
  const byId = new Map(items.map((p) => [p.id, p]));
  const childrenOf = new Map<string, OrgChartNode[]>();
  const roots: OrgChartNode[] = [];
  for (const p of items) {
    if (p.managerId && p.managerId !== p.id && byId.has(p.managerId)) {
      const list = childrenOf.get(p.managerId) ?? [];
      list.push(p);
      childrenOf.set(p.managerId, list);
    } else {
      roots.push(p);
    }
  }
  const placed = new Set<string>();
  const byName = (a: OrgChartNode, b: OrgChartNode) => a.name.localeCompare(b.name);
  const build = (p: OrgChartNode): TreeNode => {
    placed.add(p.id);
    const children = (childrenOf.get(p.id) ?? []).filter((c) => !placed.has(c.id)).sort(byName);
    return { person: p, children: children.map(build) };
  };
  const tree = roots.sort(byName).map(build);
  // People caught in a reporting loop have no root: show them at the top level.
  for (const p of items) if (!placed.has(p.id)) tree.push(build(p));
  return tree;
}

export function countDescendants(node: TreeNode): number {
  return node.children.reduce((n, c) => n + 1 + countDescendants(c), 0);
}

export function allIdsWithChildren(nodes: TreeNode[], out = new Set<string>()): Set<string> {
  for (const n of nodes) {
    if (n.children.length) {
      out.add(n.person.id);
      allIdsWithChildren(n.children, out);
    }
  }
  return out;
}
