/**
 * remark plugin: tables captured as rows of tab-separated cells (a browser's text of a `<table>`).
 * Consecutive lines with the same number of cells (two or more), at least two rows, become an
 * mdast table; the first row is its header row. Every cell keeps its text.
 */
import type { Root, RootContent, Table, TableRow, TableCell } from 'mdast';
import type { Plugin } from 'unified';
import { isLine, type LineParagraph } from './lines.js';

export interface TablesOptions {
  /** Rows a run needs to become a table (default 2). */
  minRows?: number;
}

function cellsOf(node: RootContent | undefined): string[] | undefined {
  if (!isLine(node) || node.data.matnForced !== undefined) return undefined;
  const raw = node.data.matnLine.raw;
  if (!raw.includes('\t')) return undefined;
  return raw.split('\t').map((c) => c.trim());
}

function row(node: LineParagraph, cells: string[], width: number): TableRow {
  const padded = [...cells, ...new Array<string>(Math.max(0, width - cells.length)).fill('')];
  return {
    type: 'tableRow',
    position: node.position,
    data: node.data,
    children: padded.map((value): TableCell => ({ type: 'tableCell', children: value ? [{ type: 'text', value }] : [] })),
  };
}

export const tables: Plugin<[TablesOptions?], Root> = (options = {}) => {
  const minRows = options.minRows ?? 2;
  return (tree) => {
    const out: RootContent[] = [];
    const nodes = tree.children;
    for (let i = 0; i < nodes.length; i++) {
      const first = cellsOf(nodes[i]);
      if (!first) {
        out.push(nodes[i]!);
        continue;
      }
      let j = i;
      const rows: Array<[LineParagraph, string[]]> = [];
      while (j < nodes.length) {
        const cells = cellsOf(nodes[j]);
        if (!cells) break;
        rows.push([nodes[j] as LineParagraph, cells]);
        j++;
      }
      if (rows.length < minRows) {
        out.push(nodes[i]!);
        continue;
      }
      const width = Math.max(...rows.map(([, c]) => c.length));
      const table: Table = {
        type: 'table',
        align: new Array(width).fill(null),
        children: rows.map(([node, cells]) => row(node, cells, width)),
        position: { start: rows[0]![0].position!.start, end: rows[rows.length - 1]![0].position!.end },
        data: { matnWhy: `${rows.length} rows of tab-separated cells` } as Table['data'],
      };
      out.push(table);
      i = j - 1;
    }
    tree.children = out;
  };
};
