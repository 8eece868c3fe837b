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

  /** Shows the series of the dyad (a, b) by `bucket` (day, week or month). */
  async load(a, b, bucket, from, to) {
    const data = await get("dyad", { a, b, bucket, from, to });
    const xs = data.series.map((p) => Date.parse(`${p.start}T00:00:00Z`) / 1000);
    const columns = [xs];
    for (let q = 1; q <= 4; q++) columns.push(data.series.map((p) => p.quad_counts[q - 1]));
    columns.push(data.series.map((p) => p.goldstein_mean));
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
    const total = data.series.reduce((s, p) => s + p.events, 0);
    this.note.textContent = `${data.a} and ${data.b}: ${total} events, by ${data.bucket}`;
    return data;
  }

  resize() {
    if (this.plot) this.plot.setSize({ width: Math.max(280, this.container.clientWidth), height: 240 });
  }
}
