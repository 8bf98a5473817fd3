/**
 * matn's own nodes in the Markdown syntax tree (mdast), and the data the structure plugins
 * leave on standard nodes. Every renderer works from this one tree.
 */
import type { Literal, Parent, PhrasingContent, Paragraph, Text } from 'mdast';

/** Where a block came from in a plain-text source, set by the plain-text parser. */
export interface SourceLine {
  /** 1-based line number in the decoded source. */
  number: number;
  /** Width of the leading white space (a tab counts 4). */
  indent: number;
  /** The line as written, without its leading white space and line end. */
  raw: string;
  /** A blank line (or the start of the file) precedes this line. */
  blankBefore: boolean;
  /** A blank line (or the end of the file) follows this line. */
  blankAfter: boolean;
}

/** Roles a user can force on a line with a sidecar file (read/sidecar.ts, applied by structure/sidecar-overrides.ts). */
export type ForcedRole = 'title' | 'heading' | 'paragraph' | 'bullet' | 'numbered' | 'see-more' | 'drop' | 'keep';

/** A sidecar rule: one line, by its number or its exact text, and the role it is given. */
export interface LineRule {
  line?: number | undefined;
  text?: string | undefined;
  role: ForcedRole;
  /** Heading level 2–6, for role "heading". */
  level?: number | undefined;
}

/** A table's caption and the paragraph it was written as (the Markdown writer writes that back). */
export interface TableCaption {
  /** The caption's content, without a `Table:` or `:` marker. */
  children: PhrasingContent[];
  /** The paragraph as the source wrote it. */
  source: Paragraph;
  /** Where the paragraph stood. */
  side: 'before' | 'after';
}

export interface ForcedRoleData {
  role: ForcedRole;
  /** Heading level 2–6, for role "heading". */
  level?: number;
}

/** A "see more" line: a pointer to further reading, set apart from the body text. */
export interface SeeMore extends Parent {
  type: 'matnSeeMore';
  children: Paragraph[];
}

/** The page's "updated on …" line; the date inside it becomes the document's modified date. */
export interface Updated extends Parent {
  type: 'matnUpdated';
  children: PhrasingContent[];
}

/** A date in running text. `datetime` is ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD. */
export interface DateMark extends Parent {
  type: 'matnDate';
  datetime: string;
  children: Text[];
}

/** A run in another script, isolated left-to-right. `lang` is a BCP 47 tag or undefined (URLs, codes). */
export interface Foreign extends Parent {
  type: 'matnForeign';
  lang: string | undefined;
  children: PhrasingContent[];
}

/** A number (or number-like run: 1.25, 100,000, 2030/2031) isolated so it cannot reorder its neighbours. */
export interface NumberRun extends Parent {
  type: 'matnNumber';
  children: Text[];
}

/** TOML front matter (`+++ … +++`), as remark-frontmatter reads it. */
export interface Toml extends Literal {
  type: 'toml';
}

declare module 'mdast' {
  interface FrontmatterContentMap {
    toml: Toml;
  }
  interface RootContentMap {
    toml: Toml;
    matnSeeMore: SeeMore;
    matnUpdated: Updated;
    matnDate: DateMark;
    matnForeign: Foreign;
    matnNumber: NumberRun;
  }
  interface BlockContentMap {
    matnSeeMore: SeeMore;
    matnUpdated: Updated;
  }
  interface PhrasingContentMap {
    matnDate: DateMark;
    matnForeign: Foreign;
    matnNumber: NumberRun;
  }
  interface Data {
    /** Set by the plain-text parser on each line's paragraph. */
    matnLine?: SourceLine;
    /** Set by the sidecar plugin: the role the user decided for this line. */
    matnForced?: ForcedRoleData;
    /** Set by the classify-lines plugin: what the line classifier took this line for. */
    matnGuess?: import('../structure/classify-lines.js').LineGuess;
    /** Why the pipeline gave this line its role, in words (for `matn inspect`). */
    matnWhy?: string;
  }
  interface ListItemData {
    /** The marker as written in the source ("1)", "1-a", "٣."). */
    matnMarker?: string;
    /** The item's number, when the marker has one. */
    matnValue?: number;
    /** Keep the marker text in the content (labels like "1-a" that readers cite). */
    matnMarkerInText?: boolean;
  }
  interface ListData {
    /** Indentation of the list's markers in the source. */
    matnIndent?: number;
    /** How the source numbered the list: "paren" 1), "dot" 1., "dash" 1-, "label" 1-a … */
    matnStyle?: string;
  }
  interface TableData {
    /** The table's caption, from a paragraph beside it (structure/table-captions.ts). */
    matnCaption?: TableCaption;
  }
  interface HeadingData {
    /** The heading's id in every output (set by structure/heading-ids.ts). */
    id?: string;
    /** An id the source gave the heading (`{#id}` in Markdown); it wins over the one made from the text. */
    matnExplicitId?: string;
  }
}

/** A line the pipeline dropped, kept so a user can see what was decided. */
export interface DroppedLine {
  line: number | undefined;
  text: string;
  reason: string;
}

/** What the pipeline learns about a document, kept on `file.data.matn`. */
export interface DocumentMeta {
  title: string;
  lang: string;
  /** ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD) of the page's update date, when the source gives one. */
  modified?: string | undefined;
  /** The update date as written in the source. */
  modifiedText?: string | undefined;
  author?: string | undefined;
  publisher?: string | undefined;
  subject?: string | undefined;
  description?: string | undefined;
  keywords?: string[] | undefined;
  /** Front-matter or sidecar `date`, when given. */
  date?: string | undefined;
  dropped: DroppedLine[];
  warnings: string[];
}

declare module 'vfile' {
  interface DataMap {
    matn: DocumentMeta;
    /** The document's sidecar rules, for the sidecar-overrides plugin. */
    matnSidecar: { rules: LineRule[]; source: string };
  }
}
