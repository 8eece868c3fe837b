// The event table and the evidence panel.
import { get, QUADS } from "./api.js";
import { el, replace } from "./dom.js";

const PAGE = 50;

function actor(a) {
  if (!a) return "";
  return a.code ? el("span", { title: a.text || "" }, a.code) : a.text || "";
}

export class Events {
  constructor({ table, filterLabel, pageLabel, prev, next, evidence }) {
    this.body = table.querySelector("tbody");
    this.filterLabel = filterLabel;
    this.pageLabel = pageLabel;
    this.evidence = evidence;
    this.filter = {};
    this.offset = 0;
    this.selectedRow = null;
    prev.addEventListener("click", () => this.page(-1));
    next.addEventListener("click", () => this.page(1));
    this.prev = prev;
    this.next = next;
  }

  /** Shows events matching `filter` (the API's parameters) from the first page. */
  async show(filter, description) {
    this.filter = filter;
    this.offset = 0;
    this.filterLabel.textContent = description || "All events";
    return this.load();
  }

  async page(step) {
    const offset = Math.max(0, this.offset + step * PAGE);
    if (offset === this.offset) return;
    this.offset = offset;
    await this.load();
  }

  async load() {
    const data = await get("events", { ...this.filter, limit: PAGE, offset: this.offset });
    const rows = data.events.map((e) =>
      el(
        "tr",
        { tabindex: 0, "data-id": e.id, onclick: (ev) => this.open(e.id, ev.currentTarget), onkeydown: (ev) => ev.key === "Enter" && this.open(e.id, ev.currentTarget) },
        el("td", {}, e.date || ""),
        el("td", {}, actor(e.source)),
        el("td", { title: e.code ? `CAMEO ${e.code}` : "" }, e.code ? `${e.code} ` : "", el("span", { class: "muted" }, e.trigger || "")),
        el("td", {}, actor(e.target)),
        el("td", { class: `quad q${e.quad_class}`, title: QUADS[e.quad_class] || "" }, String(e.quad_class ?? "")),
        el("td", {}, e.modality || ""),
      ),
    );
    if (rows.length === 0) rows.push(el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No events match.")));
    replace(this.body, rows);
    const shown = data.events.length;
    const total = data.total ?? null;
    this.pageLabel.textContent = shown
      ? `${this.offset + 1}–${this.offset + shown}${total !== null ? ` of ${total}` : ""}`
      : "";
    this.prev.disabled = this.offset === 0;
    this.next.disabled = total !== null ? this.offset + shown >= total : shown < PAGE;
    return data;
  }

  /** Opens the evidence of event `id`: the sentence with source, trigger and target marked. */
  async open(id, row) {
    if (this.selectedRow) this.selectedRow.classList.remove("selected");
    if (row) {
      row.classList.add("selected");
      this.selectedRow = row;
    }
    const data = await get(`events/${encodeURIComponent(id)}`);
    renderEvidence(this.evidence, data);
  }
}

/** Renders an event's evidence with text nodes only. */
export function renderEvidence(container, data) {
  const e = data.event;
  const ev = data.evidence;
  const sentence = el(
    "p",
    { class: "sentence", id: "evidence-sentence" },
    ev.segments.map((s) => (s.role ? el("mark", { class: s.role, title: s.role }, s.text) : s.text)),
  );
  const doc = ev.document || {};
  const head = el(
    "p",
    { class: "meta" },
    el("strong", {}, `${e.source?.code || "?"} → ${e.target?.code || "?"}`),
    ` CAMEO ${e.code || "?"} (${QUADS[e.quad_class] || "?"}, Goldstein ${e.goldstein ?? "?"}), ${e.modality || ""}`,
    e.date ? `, ${e.date}` : "",
  );
  const source = el(
    "p",
    { class: "muted" },
    doc.title ? el("em", {}, doc.title) : `document ${doc.id || ""}`,
    doc.source ? ` (${doc.source})` : "",
    doc.date ? `, ${doc.date}` : "",
    doc.url && /^https?:\/\//i.test(doc.url) ? [" ", el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank" }, "original")] : "",
  );
  const context = el(
    "div",
    { class: "context" },
    (ev.before || []).map((t) => el("p", { class: "muted" }, t)),
    el("p", { class: "current" }, ev.sentence),
    (ev.after || []).map((t) => el("p", { class: "muted" }, t)),
  );
  replace(
    container,
    head,
    sentence,
    el("p", { class: "legend" }, el("mark", { class: "source" }, "source"), " ", el("mark", { class: "trigger" }, "trigger"), " ", el("mark", { class: "target" }, "target")),
    source,
    el("details", { open: true }, el("summary", {}, "The document around it"), context),
  );
}
