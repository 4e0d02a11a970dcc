/**
 * The tree of levels (树状图): every grid as a node with its code, name and household count, children
 * beside their parent, as an SVG drawing and as a text outline. Needs no geometry, so a plan written
 * without coordinates draws the same tree.
 */
import { checkObjects, checkOptions } from '@wangge/core';
import type { Feature } from 'geojson';
import { formatCount, levelName } from './fields';
import { textWidth } from './labels';
import { esc, fmt2, svgDocument } from './svg';

/** Options of {@link planToTree}. */
export interface TreeOptions {
  /** Property holding the household count. @default 'households' */
  countProperty?: string;
  /** Title above the drawing. @default 'Tree of levels 树状图' */
  title?: string;
}

/** The tree of a plan. */
export interface Tree {
  svg: string;
  /** The outline, one line per grid, indented with box-drawing characters. */
  text: string;
  /** Grids in the tree. */
  nodes: number;
}

interface Node {
  code: string;
  name: string | null;
  level: number;
  count: number | null;
  children: Node[];
  depth: number;
  y: number;
}

const ROW = 34;
const BOX = 28;
const GAP = 36;
const PAD = 16;
const TITLE = 40;

/**
 * The tree of every grid with a `code` (geometry or not), roots and children in input order. A child
 * whose parent is missing becomes a root; a cycle of parents is cut where it closes.
 */
export function planToTree(features: readonly Feature[], options: TreeOptions = {}): Tree {
  checkObjects(features, 'planToTree', 'features');
  options = checkOptions(options, 'planToTree');
  const countProperty = options.countProperty ?? 'households';
  const grids = features.filter((f) => f.properties?.code !== undefined && f.properties?.code !== null);
  const nodes = grids.map((g): Node => {
    const p = g.properties ?? {};
    const count = Number(p[countProperty]);
    return {
      code: String(p.code),
      name: typeof p.name === 'string' && p.name !== '' ? p.name : null,
      level: typeof p.level === 'number' ? p.level : 0,
      count:
        p[countProperty] !== undefined && p[countProperty] !== null && Number.isFinite(count) ? count : null,
      children: [],
      depth: 0,
      y: 0,
    };
  });
  const byCode = new Map(nodes.map((n) => [n.code, n]));
  const roots: Node[] = [];
  grids.forEach((g, i) => {
    const parent = byCode.get(String(g.properties?.parent));
    if (parent === undefined || parent === nodes[i] || isAncestor(nodes[i], parent)) roots.push(nodes[i]);
    else parent.children.push(nodes[i]);
  });
  let slot = 0;
  const place = (n: Node, depth: number) => {
    n.depth = depth;
    if (n.children.length === 0) {
      n.y = slot++ * ROW;
      return;
    }
    for (const c of n.children) place(c, depth + 1);
    n.y = (n.children[0].y + n.children.at(-1)!.y) / 2;
    if (n.count === null && n.children.every((c) => c.count !== null)) {
      n.count = n.children.reduce((s, c) => s + c.count!, 0);
    }
  };
  for (const r of roots) place(r, 0);
  const all: Node[] = [];
  const walk = (n: Node) => {
    all.push(n);
    for (const c of n.children) walk(c);
  };
  for (const r of roots) walk(r);
  return {
    svg: treeToSvg(all, slot, options.title ?? 'Tree of levels 树状图'),
    text: treeToText(roots),
    nodes: all.length,
  };
}

function isAncestor(node: Node, of: Node): boolean {
  // Whether `node` is already above `of` (adding `of` as its parent would close a cycle).
  const stack = [...node.children];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n === of) return true;
    stack.push(...n.children);
  }
  return false;
}

function firstLine(n: Node): string {
  return n.name === null ? n.code : `${n.code} ${n.name}`;
}

function secondLine(n: Node): string {
  const parts: string[] = [];
  if (n.count !== null) parts.push(`${formatCount(n.count)}户`);
  if (n.children.length > 0) {
    const level = n.children[0].level;
    parts.push(`${n.children.length} ${level > 0 ? levelName(level, 'zh') : '下级'}`);
  }
  return parts.join(' · ');
}

function treeToSvg(all: Node[], rows: number, title: string): string {
  const depths = Math.max(...all.map((n) => n.depth)) + 1;
  const widths = Array.from({ length: depths }, (_, d) =>
    Math.max(
      80,
      ...all
        .filter((n) => n.depth === d)
        .map((n) => Math.max(textWidth(firstLine(n)) * 12.6, textWidth(secondLine(n)) * 10.5) + 24),
    ),
  );
  const xs = widths.map((_, d) => PAD + widths.slice(0, d).reduce((s, w) => s + w + GAP, 0));
  const width = xs[depths - 1] + widths[depths - 1] + PAD;
  const height = TITLE + rows * ROW + PAD;
  const top = (n: Node) => TITLE + n.y;
  const edges: string[] = [];
  const boxes: string[] = [];
  for (const n of all) {
    const x = xs[n.depth];
    const y = top(n);
    for (const c of n.children) {
      const x1 = x + widths[n.depth];
      const mid = x1 + GAP / 2;
      const cy = top(c) + BOX / 2;
      edges.push(`M${fmt2(x1)} ${fmt2(y + BOX / 2)}H${fmt2(mid)}V${fmt2(cy)}H${fmt2(xs[c.depth])}`);
    }
    const fill = n.children.length === 0 ? '#ffffff' : '#eef3fa';
    boxes.push(
      `<g class="node" data-code="${esc(n.code)}"><rect x="${fmt2(x)}" y="${fmt2(y)}" width="${fmt2(widths[n.depth])}" height="${BOX}" rx="4" fill="${fill}" stroke="#1a4f8b" stroke-width="${n.depth === 0 ? 1.6 : 0.8}"/>` +
        `<text x="${fmt2(x + 8)}" y="${fmt2(y + 12)}" font-size="12" font-weight="bold" fill="#1a1a1a">${esc(firstLine(n))}</text>` +
        `<text x="${fmt2(x + 8)}" y="${fmt2(y + 24)}" font-size="10.5" fill="#555555">${esc(secondLine(n))}</text></g>`,
    );
  }
  return svgDocument({
    width,
    height,
    title,
    body: [
      `<text x="${PAD}" y="26" font-size="16" font-weight="bold" fill="#1a1a1a">${esc(title)}</text>`,
      `<path class="edges" d="${edges.join('')}" fill="none" stroke="#7a8ca3" stroke-width="1"/>`,
      ...boxes,
    ],
  });
}

function treeToText(roots: Node[]): string {
  const lines: string[] = [];
  const line = (n: Node) => [firstLine(n), secondLine(n)].filter((s) => s !== '').join(' · ');
  const visit = (n: Node, prefix: string, last: boolean, root: boolean) => {
    lines.push(root ? line(n) : `${prefix}${last ? '└─ ' : '├─ '}${line(n)}`);
    const next = root ? '' : `${prefix}${last ? '   ' : '│  '}`;
    n.children.forEach((c, i) => {
      visit(c, next, i === n.children.length - 1, false);
    });
  };
  for (const r of roots) visit(r, '', true, true);
  return `${lines.join('\n')}\n`;
}
