/**
 * Reads the map object out of an echarts map script (`echarts.registerMap(name, map)`) without running
 * it: the script is parsed with acorn and the literal passed as the second argument is evaluated as data
 * (objects, arrays, strings, numbers, `!0`/`!1`, negative numbers). Anything else in the literal is refused.
 */
import { parse } from 'acorn';

type Node = { type: string; [key: string]: unknown };

/** The `(name, map)` of the first `registerMap` call in an echarts map script. */
export function registerMapCall(script: string, file: string): { name: string; map: unknown } {
  const program = parse(script, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as Node;
  const call = findCall(program);
  if (call === null) throw new Error(`${file}: no registerMap(name, map) call found`);
  const [name, map] = call.arguments as Node[];
  return { name: String(literal(name, file)), map: literal(map, file) };
}

function findCall(root: Node): Node | null {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'CallExpression') {
      const callee = node.callee as Node;
      const property = callee.type === 'MemberExpression' ? (callee.property as Node) : null;
      if (property?.type === 'Identifier' && property.name === 'registerMap') return node;
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) if (isNode(value[i])) stack.push(value[i]);
      } else if (isNode(value)) stack.push(value);
    }
  }
  return null;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

function literal(node: Node, file: string): unknown {
  switch (node.type) {
    case 'Literal':
      return node.value;
    case 'ArrayExpression':
      return (node.elements as Node[]).map((e) => literal(e, file));
    case 'ObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const p of node.properties as Node[]) {
        const key = p.key as Node;
        if (p.type !== 'Property' || p.computed)
          throw new Error(`${file}: the map literal holds a ${p.type}`);
        out[String(key.type === 'Identifier' ? key.name : key.value)] = literal(p.value as Node, file);
      }
      return out;
    }
    case 'UnaryExpression': {
      const value = literal(node.argument as Node, file);
      if (node.operator === '!') return !value;
      if (node.operator === '-' && typeof value === 'number') return -value;
      break;
    }
  }
  throw new Error(`${file}: the map literal holds a ${node.type}, which is not data`);
}
