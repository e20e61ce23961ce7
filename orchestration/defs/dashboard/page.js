// Builds the indicator cards of the region on show from the compact data (FIGURES), and draws
// their charts in the chosen language with plotly.js. Sets body data attributes (charts-expected,
// charts-drawn) so a headless browser can tell that the charts drew.
const FIGURES = JSON.parse(document.getElementById("figures").textContent);
const CONFIG = { displayModeBar: false, responsive: true };
const OPERATORS = { "=": "", ">": ">", ">=": "≥", "<": "<", "<=": "≤" };
const WORDS = {
  target: ["目标", "Target"], stretch: ["力争", "stretch"], actual: ["实际", "Actual"],
  baseline: ["基期", "baseline"], quarterly: ["季度（年初至今）", "Quarterly (year to date)"],
  status: ["状态", "Status"], text: ["原文", "Source text"], synthetic: ["模拟数据", "synthetic"],
  lead: ["牵头部门", "Lead"], co: ["配合单位", "Co-operating"], unit: ["单位", "Unit"],
  sources: ["目标原文（来源文件:行）", "Source text of each target (file:line)"], csv: ["下载 CSV", "Download CSV"],
  syntheticCard: ["实际值为模拟数据（演示用，非真实统计）", "Actuals are synthetic demo figures, not real statistics"],
};
let lang = "zh";
try { lang = localStorage.getItem("plantrack-lang") || "zh"; } catch (e) { /* file:// without storage */ }
const asked = new URLSearchParams(location.search).get("lang");  // index.html?lang=en
if (asked === "zh" || asked === "en") lang = asked;
const drawnIn = {};  // chart id -> language it was drawn in
const charts = {};  // chart id -> its compact data

const w = (key, l) => WORDS[key][l === "zh" ? 0 : 1];
const esc = (s) => String(s == null ? "" : s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const both = (zh, en) => `<span lang="zh">${esc(zh)}</span><span lang="en">${esc(en)}</span>`;
function number(v) {
  if (v == null) return "—";
  return Number.isInteger(v) ? v.toLocaleString("en-US") : v.toLocaleString("en-US", { maximumFractionDigits: 2 });
}
// the unit in the chart's language: English names from the page's table, else the unit as published
function unitIn(unit, l) {
  if (l === "zh") return unit;
  const en = (FIGURES.unitsEn || {})[unit];
  return en == null ? unit : en;
}
// a count (个, 家, 项 …) gets whole-number ticks: never 0.5 of a base station
function integerTicks(values) {
  const max = Math.max(1, ...values.filter((v) => v != null).map(Math.abs));
  const raw = max / 5;
  if (raw <= 1) return { dtick: 1, tick0: 0, tickformat: ",d" };
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
  return { dtick: step, tick0: 0, tickformat: ",d" };
}
function look(status) {
  const s = FIGURES.statuses[status];
  return s ? { colour: s[0], zh: s[1], en: s[2] } : { colour: "#9ca3af", zh: status || "—", en: status || "—" };
}
const chip = (status) => `<span class="chip" style="background:${look(status).colour}">${both(look(status).zh, look(status).en)}</span>`;
function departments(ids) {
  const names = ids.map((i) => FIGURES.departments[i]);
  return names.length ? both(names.map((d) => d[0]).join("、"), names.map((d) => d[1]).join("; ")) : "—";
}

// targets: [plan_id, tier, year, value, operator, status, text]; annual: [year, value, baseline, synthetic, source text];
// quarterly: [year, quarter, year-to-date value, synthetic]
function figure(c, l) {
  const [code, , , targets, annual, quarterly] = c;
  const rawUnit = FIGURES.indicators[code][4];
  const unit = unitIn(rawUnit, l);
  const groups = new Map();
  for (const row of targets) {
    const key = row[0] + "\u0000" + row[1];
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(row);
  }
  const start = (plan) => (FIGURES.plans[plan] || [])[0] || 0;
  const keys = Array.from(groups.keys()).sort((a, b) => {
    const [pa, ta] = a.split("\u0000"), [pb, tb] = b.split("\u0000");
    return start(pa) - start(pb) || (pa < pb ? -1 : pa > pb ? 1 : ta < tb ? -1 : ta > tb ? 1 : 0);
  });
  const severalPlans = new Set(targets.map((r) => r[0])).size > 1;
  const data = keys.map((key) => {
    const rows = groups.get(key);
    const [plan, tier] = [rows[0][0], rows[0][1]];
    let name = w("target", l) + (tier === "stretch" ? ` · ${w("stretch", l)}` : "");
    if (severalPlans) { const p = FIGURES.plans[plan] || []; name += ` (${p[0]}–${p[1]})`; }
    return {
      type: "scatter", mode: "lines+markers", name,
      x: rows.map((r) => r[2]), y: rows.map((r) => r[3]),
      line: { color: "#6b7280", dash: tier === "stretch" ? "dot" : "dash", width: 1.5 },
      marker: { symbol: "diamond", size: 12, color: rows.map((r) => look(r[5]).colour), line: { color: "#374151", width: 1 } },
      hovertext: rows.map((r) => `${r[2]} · ${esc(name)}: ${OPERATORS[r[4]] || ""}${number(r[3])} ${esc(unit)}<br>` +
        `${w("status", l)}: ${l === "zh" ? look(r[5]).zh : look(r[5]).en}<br>${w("text", l)}: ${esc(r[6])}`),
      hoverinfo: "text",
    };
  });
  if (annual.length) {
    data.push({
      type: "scatter", mode: "lines+markers", name: w("actual", l),
      x: annual.map((a) => a[0]), y: annual.map((a) => a[1]),
      line: { color: "#111827", width: 2.5 },
      marker: { size: 9, color: annual.map((a) => (a[3] ? "#d97706" : "#111827")),
        symbol: annual.map((a) => (a[2] ? "circle-open" : a[3] ? "x" : "circle")) },
      hovertext: annual.map((a) => `${a[0]} · ${w("actual", l)}: ${number(a[1])} ${esc(unit)}` +
        (a[2] ? ` (${w("baseline", l)})` : "") + (a[3] ? ` · ${w("synthetic", l)}` : "") +
        (a[4] ? `<br>${w("text", l)}: ${esc(String(a[4]).slice(0, 160))}` : "")),
      hoverinfo: "text",
    });
  }
  if (quarterly.length) {
    // a year-to-date figure is plotted at the end of its quarter: Q4 lands on the year itself
    data.push({
      type: "scatter", mode: "markers", name: w("quarterly", l),
      x: quarterly.map((q) => q[0] - 1 + q[1] / 4), y: quarterly.map((q) => q[2]),
      marker: { size: 6, color: quarterly.map((q) => (q[3] ? "#d97706" : "#2563eb")), symbol: quarterly.map((q) => (q[3] ? "x-thin-open" : "circle")) },
      hovertext: quarterly.map((q) => `${q[0]}Q${q[1]}: ${number(q[2])} ${esc(unit)}` + (q[3] ? ` · ${w("synthetic", l)}` : "")),
      hoverinfo: "text",
    });
  }
  const ys = [...targets.map((r) => r[3]), ...annual.map((a) => a[1]), ...quarterly.map((q) => q[2])];
  const yaxis = { title: { text: "" }, gridcolor: "#eef0f3", rangemode: "tozero" };
  if ((FIGURES.countUnits || []).includes(rawUnit)) Object.assign(yaxis, integerTicks(ys));
  return {
    data,
    layout: {
      height: 270, margin: { l: 60, r: 12, t: 24, b: 36 },
      xaxis: { dtick: 1, tickformat: "d", title: { text: "" }, gridcolor: "#eef0f3" },
      yaxis,
      // the unit reads horizontally above the axis (a rotated 个 looks like an arrow)
      annotations: [{ text: `${w("unit", l)}: ${esc(unit || (l === "zh" ? rawUnit : "count"))}`, xref: "paper", yref: "paper",
        x: 0, y: 1, xanchor: "left", yanchor: "bottom", showarrow: false, font: { size: 11, color: "#6b7280" } }],
      legend: { orientation: "h", y: -0.18, font: { size: 11 } },
      hovermode: "closest", paper_bgcolor: "white", plot_bgcolor: "white",
      font: { family: getComputedStyle(document.body).fontFamily, size: 12 },
    },
  };
}

function card(region, c) {
  const [code, leads, co, targets] = c;
  const [zh, en, catZh, catEn, unit] = FIGURES.indicators[code];
  const chips = targets.map((r) => `<span class=year>${r[2]}${r[1] === "stretch" ? "·力争" : ""}</span>${chip(r[5])}`).join(" ");
  const id = `fig-${region}-${code}`;
  charts[id] = c;
  const synthetic = c[4].some((a) => a[3]) || c[5].some((q) => q[3]);
  const sources = targets.filter((r) => r[6]).map((r) => `<li>${r[2]}: ${esc(r[6])}</li>`).join("");
  return `<div class="card" id="chart-${region}-${esc(code)}"><h3>${both(zh, en)}</h3>` +
    `<div class="muted">${both(catZh, catEn)} · ${both(unit, unitIn(unit, "en") || "count")} · <code>${esc(code)}</code></div>` +
    (synthetic ? `<div><span class="synthetic">${both("模拟", "synthetic")}</span> ${both(w("syntheticCard", "zh"), w("syntheticCard", "en"))}</div>` : "") +
    `<div>${both(w("lead", "zh"), w("lead", "en"))}: ${departments(leads)}</div>` +
    (co.length ? `<div>${both(w("co", "zh"), w("co", "en"))}: ${departments(co)}</div>` : "") +
    `<div class=chips>${chips}</div><div class="chart" id="${id}"></div>` +
    (sources ? `<details class="source"><summary>${both(w("sources", "zh"), w("sources", "en"))}</summary><ul>${sources}</ul></details>` : "") +
    `</div>`;
}

function visibleCharts() {
  const section = document.querySelector("section.region:not([hidden])");
  if (!section) return [];
  const grid = section.querySelector("[data-cards]");
  if (grid && !grid.dataset.built) {
    grid.innerHTML = (FIGURES.charts[grid.dataset.cards] || []).map((c) => card(grid.dataset.cards, c)).join("");
    grid.dataset.built = "1";
  }
  return Array.from(section.querySelectorAll(".chart"));
}

function draw() {
  const shown = visibleCharts();
  document.body.dataset.chartsExpected = shown.length;
  const jobs = shown.filter((el) => drawnIn[el.id] !== lang).map((el) => {
    const fig = figure(charts[el.id], lang);
    drawnIn[el.id] = lang;
    return Plotly.react(el, fig.data, fig.layout, CONFIG);
  });
  Promise.all(jobs).then(() => {
    document.body.dataset.chartsDrawn = shown.filter((el) => el.querySelector("svg.main-svg")).length;
  });
}

function setLang(value) {
  lang = value;
  try { localStorage.setItem("plantrack-lang", value); } catch (e) { /* ignore */ }
  document.body.className = value;
  document.documentElement.lang = value === "zh" ? "zh-Hans" : "en";
  document.querySelectorAll("[data-lang]").forEach((b) => b.classList.toggle("active", b.dataset.lang === value));
  draw();
}

const pick = document.getElementById("region-pick");  // the drop-down list when many regions are in detail

function showRegion(code) {
  document.querySelectorAll("section.region").forEach((s) => { s.hidden = s.id !== "region-" + code; });
  document.querySelectorAll("button[data-region]").forEach((b) => b.classList.toggle("active", b.dataset.region === code));
  if (pick && code) pick.value = code;
  draw();
}

function fromHash() {
  const match = location.hash.match(/^#(?:region|chart)-(\d{6})/);
  const first = document.querySelector("[data-region]");
  const known = match && document.getElementById("region-" + match[1]);
  showRegion(known ? match[1] : first && first.dataset.region);
  const target = location.hash && document.getElementById(location.hash.slice(1));
  if (target && (target.classList.contains("card") || target.classList.contains("region"))) target.scrollIntoView();
}

const filter = document.getElementById("region-filter");  // the all-regions table's search box
if (filter) {
  filter.addEventListener("input", () => {
    const q = filter.value.trim().toLowerCase();
    document.querySelectorAll("table.summary tr[data-code]").forEach((tr) => {
      tr.hidden = q !== "" && !tr.dataset.code.includes(q) && !tr.dataset.name.includes(q);
    });
  });
}
document.querySelectorAll("[data-lang]").forEach((b) => b.addEventListener("click", () => setLang(b.dataset.lang)));
document.querySelectorAll("button[data-region]").forEach((b) => b.addEventListener("click", () => { location.hash = "region-" + b.dataset.region; }));
if (pick) pick.addEventListener("change", () => { location.hash = "region-" + pick.value; });
// the all-regions table sorts by a column when its header is clicked (numbers largest first)
document.querySelectorAll("table.summary th").forEach((th, column) => th.addEventListener("click", () => {
  const table = th.closest("table");
  const rows = Array.from(table.querySelectorAll("tr[data-code]"));
  const key = (tr) => tr.children[column].textContent.replace(/[%,]/g, "");
  const numeric = rows.every((tr) => key(tr) === "—" || !isNaN(parseFloat(key(tr))));
  const down = table.dataset.sorted !== String(column);
  const value = (tr) => (key(tr) === "—" ? -1 : parseFloat(key(tr)));
  rows.sort((a, b) => (numeric ? value(b) - value(a) : key(a).localeCompare(key(b), "zh")) * (down ? 1 : -1));
  table.dataset.sorted = down ? String(column) : "";
  rows.forEach((tr) => tr.parentNode.appendChild(tr));
}));
// every table can be downloaded as CSV, as shown (the page's language; capped tables: the rows shown)
function csvOf(table) {
  const quote = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return Array.from(table.rows).map((tr) => Array.from(tr.cells).map((td) => quote(td.innerText.trim())).join(",")).join("\r\n");
}
document.querySelectorAll("table[data-csv]").forEach((table) => {
  const button = document.createElement("button");
  button.className = "csv";
  button.innerHTML = both(w("csv", "zh"), w("csv", "en"));
  button.addEventListener("click", () => {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob(["\ufeff" + csvOf(table)], { type: "text/csv;charset=utf-8" }));
    link.download = `plantrack-${table.dataset.csv}.csv`;
    link.click();
  });
  const box = table.closest(".scroll") || table;
  box.parentNode.insertBefore(button, box);
});
// whether Chinese text has glyphs (for tests in a browser without CJK fonts): a CJK glyph is one em
// wide, a missing-glyph box is narrower
document.fonts.ready.then(() => {
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.font = `20px ${getComputedStyle(document.body).fontFamily}`;
  const sample = "数字经济规划进展宁波市";
  document.body.dataset.cjkGlyphWidth = (ctx.measureText(sample).width / (20 * sample.length)).toFixed(2);
});
window.addEventListener("hashchange", fromHash);
setLang(lang);
fromHash();
