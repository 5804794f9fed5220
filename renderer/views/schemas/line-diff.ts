// A line diff of two schema texts, by the longest common subsequence of their lines (schemas are short:
// the O(n·m) table is a few thousand cells). JSON schemas (Avro, JSON Schema) are pretty-printed first: the
// registry keeps them on one line, and a one-line diff says nothing.

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string; oldNo?: number; newNo?: number };

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i], oldNo: i + 1, newNo: j + 1 });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // A changed line reads as the old one removed, then the new one added.
      out.push({ kind: 'removed', text: a[i], oldNo: i + 1 });
      i++;
    } else {
      out.push({ kind: 'added', text: b[j], newNo: j + 1 });
      j++;
    }
  }
  return out;
}

/** A schema's text for reading and diffing: JSON pretty-printed, anything else as it is. */
export function displaySchema(schemaType: string, text: string): string {
  if (schemaType === 'PROTOBUF') return text.replace(/\s+$/, '');
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

export type DiffRow = DiffLine | { kind: 'gap'; count: number; from: number };

/**
 * The diff with long unchanged runs folded to `context` lines either side of each change; a fold says how
 * many lines it hides (`from`: its first line's index in `lines`).
 */
export function foldUnchanged(lines: DiffLine[], context = 3): DiffRow[] {
  const near = new Array<boolean>(lines.length).fill(false);
  lines.forEach((l, i) => {
    if (l.kind === 'same') return;
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++) near[k] = true;
  });
  const out: DiffRow[] = [];
  for (let i = 0; i < lines.length;) {
    if (near[i] || lines[i].kind !== 'same') {
      out.push(lines[i++]);
      continue;
    }
    let j = i;
    while (j < lines.length && !near[j] && lines[j].kind === 'same') j++;
    // A fold of one line hides nothing worth hiding.
    if (j - i > 1) out.push({ kind: 'gap', count: j - i, from: i });
    else out.push(lines[i]);
    i = j;
  }
  return out;
}
