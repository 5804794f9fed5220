// The storage modules import one another without a cycle (a cycle makes the load order decide which
// module sees the other half-initialised). Type-only imports count: they tie the modules' concepts together.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const STORAGE_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Each source file's relative imports within the folder. */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    const src = fs.readFileSync(path.join(dir, name), 'utf8');
    const deps = [...src.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]\.\/([^'"]+)['"]/gm)].map((m) => m[1]);
    graph.set(name, deps.filter((d) => fs.existsSync(path.join(dir, d))));
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[] {
  const found: string[] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (n: string) => {
    if (stack.includes(n)) {
      found.push([...stack.slice(stack.indexOf(n)), n].join(' -> '));
      return;
    }
    if (done.has(n)) return;
    stack.push(n);
    for (const d of graph.get(n) ?? []) visit(d);
    stack.pop();
    done.add(n);
  };
  for (const n of graph.keys()) visit(n);
  return found;
}

describe('engine/storage imports', () => {
  it('sees the imports of the folder (the check itself works)', () => {
    const g = importGraph(STORAGE_DIR);
    expect(g.get('partition-log.ts')).toContain('log-loader.ts');
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts']]]))).toEqual(['a.ts -> b.ts -> a.ts']);
  });

  it('form no cycle', () => {
    expect(cycles(importGraph(STORAGE_DIR))).toEqual([]);
  });
});
