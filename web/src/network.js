// The network of states for one period: nodes are countries, edges carry the counts of
// cooperative and conflictual events between them, coloured from red (conflict) to green
// (cooperation).
import cytoscape from "cytoscape";
import { get } from "./api.js";

const GREEN = [46, 139, 87];
const GREY = [150, 150, 150];
const RED = [200, 50, 50];

/** The colour for a share of cooperation between 0 (all conflict) and 1. */
export function shareColor(share) {
  const [from, to, t] = share >= 0.5 ? [GREY, GREEN, (share - 0.5) * 2] : [RED, GREY, share * 2];
  const c = from.map((v, i) => Math.round(v + (to[i] - v) * t));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export class Network {
  constructor(container, { onEdge, onNode }) {
    this.cy = cytoscape({
      container,
      elements: [],
      minZoom: 0.2,
      maxZoom: 4,
      style: [
        {
          selector: "node",
          style: {
            label: "data(id)",
            "background-color": "data(color)",
            width: "data(size)",
            height: "data(size)",
            "font-size": 14,
            "text-valign": "center",
            "text-halign": "center",
            color: "#fff",
            "text-outline-width": 2,
            "text-outline-color": "data(color)",
          },
        },
        {
          selector: "edge",
          style: {
            width: "data(width)",
            "line-color": "data(color)",
            "target-arrow-color": "data(color)",
            "target-arrow-shape": "triangle",
            "arrow-scale": 0.8,
            "curve-style": "bezier",
            opacity: 0.85,
          },
        },
        { selector: ":selected", style: { "overlay-color": "#1f4e99", "overlay-opacity": 0.25, "overlay-padding": 4 } },
      ],
    });
    this.cy.on("tap", "edge", (e) => onEdge(e.target.data()));
    this.cy.on("tap", "node", (e) => onNode(e.target.data()));
    this.controller = null;
  }

  /** Loads the network for [from, to] (dates as YYYY-MM-DD, either may be empty). */
  async load(from, to) {
    if (this.controller) this.controller.abort();
    this.controller = new AbortController();
    const data = await get("network", { from, to, max_edges: 150 }, this.controller.signal);
    const cy = this.cy;
    const elements = [];
    const maxEvents = Math.max(1, ...data.nodes.map((n) => n.events));
    for (const n of data.nodes) {
      // Mean Goldstein score, -10 (conflict) to +10 (cooperation), as a share.
      const share = Math.min(1, Math.max(0, (n.goldstein_mean + 10) / 20));
      elements.push({
        group: "nodes",
        data: { id: n.id, events: n.events, color: shareColor(share), size: 28 + 28 * Math.sqrt(n.events / maxEvents) },
      });
    }
    const maxEdge = Math.max(1, ...data.edges.map((e) => e.events));
    for (const e of data.edges) {
      const share = e.cooperation + e.conflict > 0 ? e.cooperation / (e.cooperation + e.conflict) : 0.5;
      elements.push({
        group: "edges",
        data: {
          id: `${e.source}>${e.target}`,
          source: e.source,
          target: e.target,
          events: e.events,
          cooperation: e.cooperation,
          conflict: e.conflict,
          color: shareColor(share),
          width: 1.5 + 7 * Math.sqrt(e.events / maxEdge),
        },
      });
    }
    cy.batch(() => {
      cy.elements().remove();
      cy.add(elements);
    });
    cy.layout({ name: "cose", animate: false, nodeRepulsion: () => 9000, idealEdgeLength: () => 90, padding: 20 }).run();
    cy.fit(undefined, 20);
    return data;
  }
}
