import type { Command } from '../internal/command';

/** A subcommand as the main help lists it; its module (and the libraries it needs) loads only when run. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** Every subcommand, in the order of the data flow (help lists them in this order). */
export const commands: readonly CommandEntry[] = [
  {
    name: 'partition',
    summary:
      'cut a street/town boundary into levels of grids: existing, regular or load-balanced; exit 1 on findings',
    load: async () => (await import('./partition')).partition,
  },
  {
    name: 'check',
    summary:
      'validate a plan (the CI gate): codes, hierarchy, gaps, overlaps, slivers, spill; exit 1 on new defects',
    load: async () => (await import('./check')).check,
  },
  {
    name: 'assign',
    summary:
      'put every household, shop or incident in its leaf grid; count per grid; exit 1 if any is left out',
    load: async () => (await import('./assign')).assignCommand,
  },
  {
    name: 'report',
    summary:
      "workload of every grid against its level's target (任务相当), evenness per level; exit 1 on findings",
    load: async () => (await import('./report')).report,
  },
  {
    name: 'register',
    summary:
      'the grid register (明细表): per grid counts, area, persons and phones, neighbours, contacts; staffing checks',
    load: async () => (await import('./register')).register,
  },
  {
    name: 'balance',
    summary: 'move atomic units (buildings, compounds) between neighbouring grids until loads are in range',
    load: async () => (await import('./balance')).balance,
  },
  {
    name: 'diff',
    summary:
      'what changed between two plans: grids added/removed/reshaped, area and households moving between grids',
    load: async () => (await import('./diff')).diff,
  },
  {
    name: 'crosswalk',
    summary:
      'how two grid systems relate (多网合一): area and household shares, grids split across the other',
    load: async () => (await import('./crosswalk')).crosswalkCommand,
  },
  {
    name: 'render',
    summary:
      'maps of a plan: an overview (SVG, pan/zoom HTML), a printable sheet per grid (网格公示牌, PDF), the tree of levels',
    load: async () => (await import('./render')).render,
  },
  {
    name: 'convert',
    summary:
      'convert between GeoJSON, NDJSON, CSV, TopoJSON, Shapefile and CRSs (WGS84, CGCS2000, GCJ-02, BD-09, EPSG)',
    load: async () => (await import('./convert')).convert,
  },
];
