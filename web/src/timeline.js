// The dyad timeline: events per period by quad class, and the mean Goldstein score.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { get, QUADS } from "./api.js";

const COLORS = ["", "#7fbf7f", "#2e8b57", "#e39a4c", "#c83232"];

const DAY = 86400;

/** Seconds since the epoch of a period (`YYYY-MM-DD` or `YYYY-MM`). */
function seconds(period) {
  return Date.parse(`${period.length === 7 ? `${period}-01` : period}T00:00:00Z`) / 1000;
}

/** The start of the period after `t`. */
function step(t, interval) {
  if (interval === "day") return t + DAY;
  if (interval === "week") return t + 7 * DAY;
  const d = new Date(t * 1000);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
}

/**
 * Every period from one before the first point to one after the last, so that quiet
 * periods show as zeros and a single point still has a time axis around it.
 */
export function fill(points, interval) {
  const byTime = new Map(points.map((p) => [seconds(p.period), p]));
  const times = [...byTime.keys()].sort((x, y) => x - y);
  if (times.length === 0) return [];
  const back = (t) => {
    if (interval === "day") return t - DAY;
    if (interval === "week") return t - 7 * DAY;
    const d = new Date(t * 1000);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1) / 1000;
  };
  const out = [];
  const last = step(times[times.length - 1], interval);
  for (let t = back(times[0]); t <= last && out.length < 5000; t = step(t, interval)) {
    out.push({ t, point: byTime.get(t) || null });
  }
  return out;
}

export class Timeline {
  constructor(container, note) {
    this.container = container;
    this.note = note;
    this.plot = null;
  }

  /** Shows the series of the dyad (a, b), both directions, by `interval` (day, week or month). */
  async load(a, b, interval) {
    const points = await get("series", { source: a, target: b, both_directions: true, interval });
    const filled = fill(points, interval);
    const columns = [filled.map((p) => p.t)];
    for (let q = 1; q <= 4; q++) columns.push(filled.map((p) => (p.point ? p.point.quad[q - 1] : 0)));
    columns.push(filled.map((p) => (p.point ? p.point.goldstein_mean : null)));
    const series = [{}];
    for (let q = 1; q <= 4; q++) {
      series.push({ label: QUADS[q], stroke: COLORS[q], width: 2, points: { show: filled.length <= 60 } });
    }
    series.push({ label: "mean Goldstein", stroke: "#1f4e99", dash: [6, 4], scale: "g", width: 1.5, spanGaps: true });
    const width = Math.max(280, this.container.clientWidth);
    const opts = {
      width,
      height: 240,
      series,
      scales: { x: { time: true }, g: { range: [-10, 10] } },
      axes: [{}, { label: "events" }, { side: 1, scale: "g", label: "Goldstein", grid: { show: false } }],
    };
    if (this.plot) this.plot.destroy();
    else this.container.replaceChildren();
    this.plot = new uPlot(opts, columns, this.container);
    const total = points.reduce((s, p) => s + p.events, 0);
    this.note.textContent = `${a} and ${b}, both directions: ${total} events by ${interval}`;
    return points;
  }

  resize() {
    if (this.plot) this.plot.setSize({ width: Math.max(280, this.container.clientWidth), height: 240 });
  }
}
