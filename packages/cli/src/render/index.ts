/** Maps of a plan: the overview (SVG, HTML), per-grid sheets (SVG, PDF) and the tree of levels. */
export { neighboursToColours, PALETTE } from './colour';
export { planToHtml } from './html';
export type { LayerStyle } from './layers';
export { type LayerInput, type Layout, layoutPlan, planToSvg, type RenderOptions } from './overview';
export { type PrintOptions, sheetsToPdf } from './pdf';
export { planToSheets, type Sheet, type SheetOptions } from './sheet';
export { planToTree, type Tree, type TreeOptions } from './tree';
