export { type RegularGridOptions, regularGrid } from './regularGrid';
