// The dashboard: wires the network, the timeline, the event table and search together.
import "./style.css";
import { get } from "./api.js";
import { showError } from "./dom.js";
import { Events } from "./events.js";
import { Network } from "./network.js";
import { Timeline } from "./timeline.js";

const $ = (id) => document.getElementById(id);

/** The periods between two dates at a granularity, as [label, from, to] (YYYY-MM-DD). */
export function periods(first, last, granularity) {
  if (!first || !last || granularity === "all") return [["all time", "", ""]];
  const out = [];
  let y = Number(first.slice(0, 4));
  let m = granularity === "year" ? 1 : Number(first.slice(5, 7));
  const endY = Number(last.slice(0, 4));
  const endM = Number(last.slice(5, 7));
  const pad = (n) => String(n).padStart(2, "0");
  while ((y < endY || (y === endY && (granularity === "year" || m <= endM))) && out.length < 600) {
    if (granularity === "year") {
      out.push([String(y), `${y}-01-01`, `${y}-12-31`]);
      y += 1;
    } else {
      const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
      out.push([`${y}-${pad(m)}`, `${y}-${pad(m)}-01`, `${y}-${pad(m)}-${pad(days)}`]);
      m += 1;
      if (m > 12) {
        m = 1;
        y += 1;
      }
    }
  }
  return out;
}

const state = { stats: null, periods: [["all time", "", ""]], period: ["all time", "", ""] };

const events = new Events({
  table: $("events"),
  filterLabel: $("events-filter"),
  pageLabel: $("page-label"),
  prev: $("prev"),
  next: $("next"),
  evidence: $("evidence"),
});
const timeline = new Timeline($("timeline"), $("timeline-note"));
const network = new Network($("network"), {
  onEdge: (edge) => selectDyad(edge.source, edge.target, true).catch(report),
  onNode: (node) => {
    const [, from, to] = state.period;
    events.show({ source: node.id, both_directions: true, from, to }, `Events of ${node.id} (${state.period[0]})`).catch(report);
  },
});

function report(e) {
  if (e && e.name === "AbortError") return;
  showError(e && e.message ? e.message : String(e));
}

async function selectDyad(a, b, openFirst) {
  $("dyad-a").value = a;
  $("dyad-b").value = b;
  const [label, from, to] = state.period;
  const shown = events.show({ source: a, target: b, from, to }, `${a} → ${b} (${label})`);
  const series = timeline.load(a, b, $("bucket").value);
  const data = await shown;
  if (openFirst && data.events.length > 0) {
    const row = document.querySelector("#events tbody tr");
    await events.open(data.events[0].id, row);
  }
  await series;
}

function setPeriods() {
  const s = state.stats;
  state.periods = periods(s && s.first_day, s && s.last_day, $("granularity").value);
  const slider = $("period");
  slider.max = String(state.periods.length - 1);
  slider.value = String(state.periods.length - 1);
  slider.disabled = state.periods.length < 2;
  return choosePeriod();
}

let sliderTimer = null;
function choosePeriod() {
  state.period = state.periods[Number($("period").value)] || state.periods[0];
  $("period-label").textContent = state.period[0];
  const [, from, to] = state.period;
  return network.load(from, to);
}

$("granularity").addEventListener("change", () => setPeriods().catch(report));
$("period").addEventListener("input", () => {
  $("period-label").textContent = (state.periods[Number($("period").value)] || state.periods[0])[0];
  clearTimeout(sliderTimer);
  sliderTimer = setTimeout(() => choosePeriod().catch(report), 150);
});
$("search").addEventListener("submit", (e) => {
  e.preventDefault();
  const q = $("search-text").value.trim();
  events.show(q ? { q } : {}, q ? `Events whose sentence matches “${q}”` : "All events").catch(report);
});
$("dyad").addEventListener("submit", (e) => {
  e.preventDefault();
  const a = $("dyad-a").value.trim().toUpperCase();
  const b = $("dyad-b").value.trim().toUpperCase();
  if (a && b) selectDyad(a, b, false).catch(report);
});
window.addEventListener("resize", () => timeline.resize());

async function start() {
  state.stats = await get("stats");
  const s = state.stats;
  $("stats").textContent = `${s.events} events from ${s.documents} documents${s.first_day ? `, ${s.first_day} to ${s.last_day}` : ""}`;
  // A small database reads best whole; a large one a month at a time (the latest).
  const oneMonth = !s.first_day || s.first_day.slice(0, 7) === s.last_day.slice(0, 7);
  $("granularity").value = oneMonth || s.events < 5000 ? "all" : "month";
  const [graph] = await Promise.all([setPeriods(), events.show({}, "All events")]);
  // Start the timeline on the busiest relation of the period.
  const busiest = graph.edges[0];
  if (busiest) {
    $("dyad-a").value = busiest.source;
    $("dyad-b").value = busiest.target;
    await timeline.load(busiest.source, busiest.target, $("bucket").value);
  }
  // Milliseconds from navigation start to a drawn dashboard (read by the browser test).
  document.body.dataset.readyMs = performance.now().toFixed(0);
  document.body.dataset.ready = "true";
}

// For the browser test and for curious users: the graph object.
window.entente = { network, events, timeline };
start().catch(report);
