import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type ChartSeries = { label: string; values: readonly number[]; kind?: 'line' | 'bars' };

/** Series colours that read on both themes' panels; charts also have their data as a table and CSV. */
const PALETTE = ['#3f7be0', '#d9534f', '#2e9e5b', '#c07a00', '#9b59b6', '#16a2b8', '#e0609f'];

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';

/**
 * A uPlot time chart sized to its box (resizes with it), coloured from the theme. The chart is
 * an image to assistive technology (role="img" with a summary); the numbers are in the table
 * and the CSV beside it.
 */
export const Chart = ({ title, summary, x, series, theme }: { title: string; summary: string; x: readonly string[]; series: readonly ChartSeries[]; theme: string }) => {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ink = cssVar('--muted');
    const grid = cssVar('--line');
    const bars = uPlot.paths.bars?.({ size: [0.6, 40] });
    const opts: uPlot.Options = {
      width: Math.max(260, el.clientWidth),
      height: 220,
      title: undefined,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      axes: [
        { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        { stroke: ink, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 40 },
      ],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: PALETTE[i % PALETTE.length],
          width: 2,
          ...(s.kind === 'bars' && bars ? { paths: bars, fill: `${PALETTE[i % PALETTE.length]}99` } : {}),
        })),
      ],
    };
    const data: uPlot.AlignedData = [x.map((b) => Date.parse(b) / 1000), ...series.map((s) => [...s.values])];
    const plot = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(260, el.clientWidth), height: 220 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [x, series, theme]);
  return <div ref={box} className="chart" role="img" aria-label={`${title}: ${summary}`} />;
};
