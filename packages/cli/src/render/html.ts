/**
 * The overview as a self-contained HTML page: pan, zoom, hover, labels that appear as the map zooms in.
 */
import type { Feature } from 'geojson';
import { layoutPlan, MAX_LABEL, MIN_LABEL, planGridsOf, type RenderOptions, titleOf } from './overview';
import { esc } from './svg';

/**
 * The plan as a self-contained HTML page: the SVG of {@link planToSvg} with pan (drag), zoom (wheel,
 * +/− buttons), reset (double-click or the ⟲ button) and hover details, no network needed.
 */
export function planToHtml(features: readonly Feature[], options: RenderOptions = {}): string {
  const { svg } = layoutPlan(features, options);
  const { grids, parents } = planGridsOf(features);
  const title = options.title ?? titleOf(grids, parents);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
html, body { margin: 0; height: 100%; background: #f4f4f4; font-family: sans-serif; }
#frame { position: absolute; inset: 0; overflow: hidden; cursor: grab; }
#frame.dragging { cursor: grabbing; }
#frame svg { width: 100%; height: 100%; display: block; }
#controls { position: absolute; left: 12px; top: 12px; display: flex; flex-direction: column; gap: 4px; }
#controls button { width: 32px; height: 32px; font-size: 18px; border: 1px solid #999; background: #fff; border-radius: 4px; cursor: pointer; }
.grid:hover { fill-opacity: 0.6; }
</style>
</head>
<body>
<div id="frame">
${svg}
</div>
<div id="controls"><button id="zoom-in" title="zoom in">+</button><button id="zoom-out" title="zoom out">−</button><button id="reset" title="reset view">⟲</button></div>
<script>
(() => {
  const frame = document.getElementById('frame');
  const svg = frame.querySelector('svg');
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  const viewport = document.getElementById('viewport');
  let k = 1, x = 0, y = 0, drag = null;
  // Labels keep a readable size as the map zooms: shown from ${MIN_LABEL} px, never larger than ${MAX_LABEL} px.
  const labels = [...document.querySelectorAll('g.label')].map((g) => [g, g.dataset.x + ' ' + g.dataset.y, Number(g.dataset.size)]);
  const apply = () => {
    viewport.setAttribute('transform', 'translate(' + x + ' ' + y + ') scale(' + k + ')');
    for (const [g, at, size] of labels) {
      const px = size * k;
      g.setAttribute('display', px >= ${MIN_LABEL} ? 'inline' : 'none');
      g.setAttribute('transform', 'translate(' + at + ')' + (px > ${MAX_LABEL} ? ' scale(' + ${MAX_LABEL} / px + ')' : ''));
    }
  };
  const toSvg = (cx, cy) => {
    const p = svg.createSVGPoint(); p.x = cx; p.y = cy;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  };
  const zoom = (factor, px, py) => {
    const nk = Math.min(64, Math.max(0.5, k * factor));
    x = px - (px - x) * (nk / k); y = py - (py - y) * (nk / k); k = nk; apply();
  };
  const centre = () => { const b = svg.viewBox.baseVal; return [b.width / 2, b.height / 2]; };
  frame.addEventListener('wheel', (e) => { e.preventDefault(); const p = toSvg(e.clientX, e.clientY); zoom(Math.exp(-e.deltaY * 0.002), p.x, p.y); }, { passive: false });
  frame.addEventListener('pointerdown', (e) => { if (e.target.closest('#controls')) return; drag = toSvg(e.clientX, e.clientY); frame.classList.add('dragging'); frame.setPointerCapture(e.pointerId); });
  frame.addEventListener('pointermove', (e) => { if (!drag) return; const p = toSvg(e.clientX, e.clientY); x += p.x - drag.x; y += p.y - drag.y; drag = p; apply(); });
  frame.addEventListener('pointerup', () => { drag = null; frame.classList.remove('dragging'); });
  const reset = () => { k = 1; x = 0; y = 0; apply(); };
  frame.addEventListener('dblclick', reset);
  document.getElementById('zoom-in').onclick = () => zoom(1.5, ...centre());
  document.getElementById('zoom-out').onclick = () => zoom(1 / 1.5, ...centre());
  document.getElementById('reset').onclick = reset;
})();
</script>
</body>
</html>
`;
}
