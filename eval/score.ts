/**
 * Scores recovered line roles against a gold line-role file, with the measures of
 * ../shared/tools/roles_score.py, read from matn's tree by line number instead of from the
 * rendered page by text (so tables, which that scorer cannot see, are counted too).
 *
 * Gold: one row per non-empty source line, `LINE<TAB>ROLE[<TAB>comment]`; a role "A|B", or
 * "or B" in the comment, accepts either reading. A table row in the gold is `p` with the comment
 * "table row"; matn's `row` counts as a paragraph.
 */
import { readFileSync } from 'node:fs';
import type { LineRole } from '../src/tree/line-roles.js';

export interface GoldRow {
  line: number;
  roles: string[];
}

const ROLE = '(?:title|h[1-6]|p|[uo]l\\d|cont|drop|meta|see-more)';

export function readGold(path: string): GoldRow[] {
  const rows: GoldRow[] = [];
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    if (!raw.trim() || raw.startsWith('#')) continue;
    const parts = raw.split('\t');
    const roles = parts[1]!.split('|').map((r) => (r.trim() === 'h1' ? 'title' : r.trim()));
    const comment = parts.slice(2).join('\t');
    for (const m of comment.matchAll(new RegExp(`\\bor (${ROLE})\\b`, 'gu'))) if (!roles.includes(m[1]!)) roles.push(m[1]!);
    rows.push({ line: Number(parts[0]), roles });
  }
  return rows;
}

export interface Score {
  lines: number;
  headingTp: number;
  headingFp: number;
  headingFn: number;
  parentOk: number;
  parentN: number;
  itemTp: number;
  itemFp: number;
  itemFn: number;
  itemKindOk: number;
  contOk: number;
  contN: number;
  dropOk: number;
  dropN: number;
  /** Content lines (anything but boilerplate) that the output does not show. */
  contentDropped: number;
  titleOk: boolean;
  errors: string[];
}

const coarse = (role: string): string => {
  if (role === 'title') return 'title';
  if (/^h[1-6]$/u.test(role)) return 'heading';
  if (/^[uo]l\d$/u.test(role)) return 'item';
  if (role === 'row' || role === 'meta' || role === 'see-more') return 'p';
  return role;
};

/** The accepted reading the output agrees with, else the annotator's first. */
function effective(roles: string[], got: string | undefined): string {
  if (got === undefined) return roles.includes('drop') ? 'drop' : roles[0]!;
  if (roles.includes(got)) return got;
  const kind = coarse(got);
  const same = roles.find((r) => coarse(r) === kind || (kind === 'p' && ['p', 'meta', 'see-more', 'cont'].includes(coarse(r))));
  return same ?? roles[0]!;
}

function parents(seq: Array<[number, number]>): Map<number, number | null> {
  const out = new Map<number, number | null>();
  const stack: Array<[number, number]> = [];
  for (const [line, level] of seq) {
    while (stack.length > 0 && stack[stack.length - 1]![1] >= level) stack.pop();
    out.set(line, stack.length > 0 ? stack[stack.length - 1]![0] : null);
    stack.push([line, level]);
  }
  return out;
}

export function score(gold: GoldRow[], got: Map<number, LineRole>): Score {
  const s: Score = {
    lines: gold.length, headingTp: 0, headingFp: 0, headingFn: 0, parentOk: 0, parentN: 0, itemTp: 0, itemFp: 0, itemFn: 0,
    itemKindOk: 0, contOk: 0, contN: 0, dropOk: 0, dropN: 0, contentDropped: 0, titleOk: false, errors: [],
  };
  const shown = (line: number) => {
    const r = got.get(line);
    return r && r.role !== 'drop' ? r : undefined;
  };
  const rows = gold.map((g) => ({ line: g.line, role: effective(g.roles, shown(g.line)?.role), roles: g.roles }));

  const titleLine = [...got.entries()].find(([, r]) => r.role === 'title')?.[0];
  const goldTitle = rows.find((r) => r.role === 'title')?.line;
  if (goldTitle !== undefined) {
    s.titleOk = titleLine === goldTitle;
    if (!s.titleOk) s.errors.push(`title: L${titleLine ?? '-'} is the title, want L${goldTitle}`);
  } else {
    const wrong = titleLine !== undefined && rows.some((r) => r.line === titleLine && coarse(r.role) !== 'heading');
    s.titleOk = !wrong;
    if (wrong) s.errors.push(`title: L${titleLine} is the title, and it is no heading`);
  }

  const sysHeads: Array<[number, number]> = [];
  rows.forEach((row, n) => {
    const r = shown(row.line);
    const c = coarse(row.role);
    if (c === 'drop') {
      s.dropN++;
      if (!r) s.dropOk++;
      else s.errors.push(`L${row.line} boilerplate kept as ${r.role}`);
      return;
    }
    if (!r) {
      s.contentDropped++;
      s.errors.push(`L${row.line} (${row.role}) dropped`);
      return;
    }
    let k = coarse(r.role);
    if (r.role === 'cont') {
      // a line joined to the block above: it is shown as whatever that block is
      const first = [...got.values()].find((x) => x.block === r.block && x.role !== 'cont');
      k = first ? coarse(first.role) : 'p';
    }
    if (c === 'cont') {
      s.contN++;
      const prev = rows[n - 1];
      const pr = prev ? shown(prev.line) : undefined;
      const prevKind = pr ? coarse(pr.role === 'cont' ? ([...got.values()].find((x) => x.block === pr.block && x.role !== 'cont')?.role ?? 'p') : pr.role) : 'p';
      if (pr && (prevKind === 'item' || prevKind === 'heading') && pr.block !== r.block) {
        s.errors.push(`L${row.line} continuation split from its ${pr.role} L${prev!.line} (shown as ${r.role})`);
      } else s.contOk++;
      return;
    }
    if (k === 'heading' && r.role !== 'cont') sysHeads.push([row.line, Number(r.role.slice(1))]);
    if (c === 'heading') {
      if (k === 'heading') s.headingTp++;
      else {
        s.headingFn++;
        s.errors.push(`L${row.line} heading (${row.role}) shown as ${r.role}`);
      }
    } else if (k === 'heading' && r.role !== 'cont') {
      s.headingFp++;
      s.errors.push(`L${row.line} ${row.role} shown as heading ${r.role}`);
    }
    if (c === 'item') {
      if (k === 'item' && r.role !== 'cont') {
        s.itemTp++;
        if (row.roles.includes(r.role)) s.itemKindOk++;
        else s.errors.push(`L${row.line} item ${row.role} shown as ${r.role}`);
      } else {
        s.itemFn++;
        s.errors.push(`L${row.line} item (${row.role}) shown as ${r.role}`);
      }
    } else if (k === 'item' && r.role !== 'cont') {
      s.itemFp++;
      s.errors.push(`L${row.line} ${row.role} shown as list item ${r.role}`);
    }
  });

  const goldHeads = rows.filter((r) => coarse(r.role) === 'heading').map((r): [number, number] => [r.line, Number(r.role.slice(1))]);
  const gp = parents(goldHeads);
  const sp = parents(sysHeads);
  for (const [line] of goldHeads) {
    if (!sp.has(line)) continue;
    s.parentN++;
    if (gp.get(line) === sp.get(line)) s.parentOk++;
    else s.errors.push(`L${line} heading under L${sp.get(line) ?? 'title'}, want under L${gp.get(line) ?? 'title'}`);
  }
  return s;
}

export function add(scores: Score[]): Score & { titles: number; documents: number } {
  const total = { ...score([], new Map()), titles: 0, documents: scores.length };
  for (const s of scores) {
    for (const key of Object.keys(s) as Array<keyof Score>) {
      if (typeof s[key] === 'number') (total[key] as number) += s[key];
    }
    if (s.titleOk) total.titles++;
  }
  total.titleOk = total.titles === scores.length;
  return total;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function figures(s: Score) {
  const hp = ratio(s.headingTp, s.headingTp + s.headingFp);
  const hr = ratio(s.headingTp, s.headingTp + s.headingFn);
  const ip = ratio(s.itemTp, s.itemTp + s.itemFp);
  const ir = ratio(s.itemTp, s.itemTp + s.itemFn);
  return {
    headingP: hp,
    headingR: hr,
    headingF1: hp + hr === 0 ? 0 : (2 * hp * hr) / (hp + hr),
    parents: ratio(s.parentOk, s.parentN),
    itemP: ip,
    itemR: ir,
    itemF1: ip + ir === 0 ? 0 : (2 * ip * ir) / (ip + ir),
    itemKind: ratio(s.itemKindOk, s.itemTp),
    continuations: ratio(s.contOk, s.contN),
    boilerplate: ratio(s.dropOk, s.dropN),
  };
}
