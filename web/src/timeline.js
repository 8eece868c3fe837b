// The dyad timeline: events per period by quad class, and the mean Goldstein score.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { get, QUADS } from "./api.js";

const COLORS = ["", "#7fbf7f", "#2e8b57", "#e39a4c", "#c83232"];

export class Timeline {
  constructor(container, note) {
    this.container = container;
    this.note = note;
    this.plot = null;
  }

  /** Shows the series of the dyad (a, b), both directions, by `interval` (day, week or month). */
  async load(a, b, interval) {
    const points = await get("series", { source: a, target: b, both_directions: true, interval });
    const day = (period) => (period.length === 7 ? `${period}-01` : period);
    const xs = points.map((p) => Date.parse(`${day(p.period)}T00:00:00Z`) / 1000);
    const columns = [xs];
    for (let q = 1; q <= 4; q++) columns.push(points.map((p) => p.quad[q - 1]));
    columns.push(points.map((p) => p.goldstein_mean));
    const series = [{}];
    for (let q = 1; q <= 4; q++) {
      series.push({ label: QUADS[q], stroke: COLORS[q], width: 2, points: { show: true } });
    }
    series.push({ label: "mean Goldstein", stroke: "#1f4e99", dash: [6, 4], scale: "g", width: 1.5 });
    const width = Math.max(280, this.container.clientWidth);
    const opts = {
      width,
      height: 240,
      series,
      scales: { x: { time: true }, g: { range: [-10, 10] } },
      axes: [{}, { label: "events" }, { side: 1, scale: "g", label: "Goldstein", grid: { show: false } }],
    };
    if (this.plot) this.plot.destroy();
    this.plot = new uPlot(opts, columns, this.container);
    const total = points.reduce((s, p) => s + p.events, 0);
    this.note.textContent = `${a} and ${b}, both directions: ${total} events by ${interval}`;
    return points;
  }

  resize() {
    if (this.plot) this.plot.setSize({ width: Math.max(280, this.container.clientWidth), height: 240 });
  }
}
