/** The structure-recovery plugins, one per feature, in the order the pipeline runs them. */
export { sidecarOverrides, type SidecarOverridesOptions } from './sidecar-overrides.js';
export { classifyLines, type ClassifyLinesOptions } from './classify-lines.js';
export { boilerplate, DEFAULT_BOILERPLATE, type BoilerplateOptions } from './boilerplate.js';
export { title } from './title.js';
export { wrappedLines, type WrappedLinesOptions } from './wrapped-lines.js';
export { updateLine } from './update-line.js';
export { seeMore, DEFAULT_SEE_MORE_PREFIXES, type SeeMoreOptions } from './see-more.js';
export { linkWords } from './link-words.js';
export { tables, type TablesOptions } from './tables.js';
export { tableCaptions, type TableCaptionsOptions } from './table-captions.js';
export { bulletLists, type BulletListsOptions } from './bullet-lists.js';
export { numberedPoints, type NumberedPointsOptions } from './numbered-points.js';
export { plainLists } from './plain-lists.js';
export { headings, type HeadingsOptions } from './headings.js';
export { headingIds, type HeadingIdsOptions } from './heading-ids.js';
export { dates } from './dates.js';
export { foreignPhrases, type ForeignPhrasesOptions } from './foreign-phrases.js';
export { numberRuns, type NumberRunsOptions } from './number-runs.js';
