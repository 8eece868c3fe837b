// The event table and the evidence panel.
import { get, QUADS } from "./api.js";
import { el, replace, showError } from "./dom.js";

const PAGE = 50;

function reportError(e) {
  showError(e && e.message ? e.message : String(e));
}

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
    // Keyset paging: the cursor of each page shown so far ("" for the first).
    this.cursors = [""];
    this.nextCursor = null;
    this.selectedRow = null;
    this.prev = prev;
    this.next = next;
    prev.addEventListener("click", () => this.page(-1));
    next.addEventListener("click", () => this.page(1));
  }

  /** Shows events matching `filter` (the API's parameters) from the first page. */
  async show(filter, description) {
    this.filter = filter;
    this.cursors = [""];
    this.filterLabel.textContent = description || "All events";
    return this.load();
  }

  async page(step) {
    if (step > 0 && this.nextCursor) this.cursors.push(this.nextCursor);
    else if (step < 0 && this.cursors.length > 1) this.cursors.pop();
    else return;
    await this.load();
  }

  async load() {
    const after = this.cursors[this.cursors.length - 1];
    const data = await get("events", { ...this.filter, limit: PAGE, after });
    const rows = data.events.map((e) =>
      el(
        "tr",
        {
          tabindex: 0,
          "data-id": e.id,
          onclick: (ev) => this.open(e.id, ev.currentTarget).catch(reportError),
          onkeydown: (ev) => ev.key === "Enter" && this.open(e.id, ev.currentTarget).catch(reportError),
        },
        el("td", {}, e.date || ""),
        el("td", {}, actor(e.source)),
        el("td", { title: e.trigger ? `${e.trigger.text} (${e.trigger.lemma})` : "" }, `${e.code} `, el("span", { class: "muted" }, e.trigger ? e.trigger.text : "")),
        el("td", {}, actor(e.target)),
        el("td", { class: `quad q${e.quad_class}`, title: QUADS[e.quad_class] || "" }, String(e.quad_class)),
        el("td", {}, e.modality || ""),
      ),
    );
    if (rows.length === 0) rows.push(el("tr", {}, el("td", { colspan: 6, class: "muted" }, "No events match.")));
    replace(this.body, rows);
    const first = (this.cursors.length - 1) * PAGE;
    this.pageLabel.textContent = data.events.length ? `${first + 1}–${first + data.events.length}` : "";
    this.nextCursor = data.next || null;
    this.prev.disabled = this.cursors.length <= 1;
    this.next.disabled = !this.nextCursor;
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
  const doc = data.document || {};
  const marked = (className) =>
    el(
      "p",
      { class: className },
      data.segments.map((s) => (s.role !== "text" ? el("mark", { class: s.role, title: s.role }, s.text) : s.text)),
    );
  const head = el(
    "p",
    { class: "meta" },
    el("strong", {}, `${e.source.code} → ${e.target.code}`),
    ` CAMEO ${e.code} (${QUADS[e.quad_class] || "?"}, Goldstein ${e.goldstein}), ${e.modality}`,
    e.date ? `, ${e.date}` : "",
    e.attribution && e.attribution.text ? `, according to ${e.attribution.text}` : "",
  );
  const source = el(
    "p",
    { class: "muted" },
    doc.title ? el("em", {}, doc.title) : `document ${doc.doc_id || ""}`,
    doc.source ? ` (${doc.source})` : "",
    doc.date ? `, ${doc.date}` : "",
    doc.url && /^https?:\/\//i.test(doc.url) ? [" ", el("a", { href: doc.url, rel: "noopener noreferrer", target: "_blank" }, "original")] : "",
  );
  const sentence = marked("sentence");
  sentence.id = "evidence-sentence";
  const context = el(
    "div",
    { class: "context" },
    data.before ? el("p", { class: "muted" }, data.before) : "",
    marked("current"),
    data.after ? el("p", { class: "muted" }, data.after) : "",
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
