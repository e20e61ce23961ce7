// Draws the charts of the region on show, in the chosen language. Sets body data attributes
// (charts-expected, charts-drawn) so a headless browser can tell that the charts drew.
const FIGURES = JSON.parse(document.getElementById("figures").textContent);
const CONFIG = { displayModeBar: false, responsive: true };
let lang = "zh";
try { lang = localStorage.getItem("plantrack-lang") || "zh"; } catch (e) { /* file:// without storage */ }
const asked = new URLSearchParams(location.search).get("lang");  // index.html?lang=en
if (asked === "zh" || asked === "en") lang = asked;
const drawnIn = {};  // chart id -> language it was drawn in

function visibleCharts() {
  const section = document.querySelector("section.region:not([hidden])");
  return section ? Array.from(section.querySelectorAll(".chart")) : [];
}

function draw() {
  const charts = visibleCharts();
  document.body.dataset.chartsExpected = charts.length;
  const jobs = charts.filter((el) => drawnIn[el.id] !== lang).map((el) => {
    const fig = FIGURES[el.id][lang];
    drawnIn[el.id] = lang;
    return Plotly.react(el, fig.data, fig.layout, CONFIG);
  });
  Promise.all(jobs).then(() => {
    document.body.dataset.chartsDrawn = charts.filter((el) => el.querySelector("svg.main-svg")).length;
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

function showRegion(code) {
  document.querySelectorAll("section.region").forEach((s) => { s.hidden = s.id !== "region-" + code; });
  document.querySelectorAll("[data-region]").forEach((b) => b.classList.toggle("active", b.dataset.region === code));
  draw();
}

function fromHash() {
  const match = location.hash.match(/^#(?:region|chart)-(\d{6})/);
  const first = document.querySelector("[data-region]");
  showRegion(match ? match[1] : first && first.dataset.region);
  const target = location.hash && document.getElementById(location.hash.slice(1));
  if (target && target.classList.contains("card")) target.scrollIntoView();
}

document.querySelectorAll("[data-lang]").forEach((b) => b.addEventListener("click", () => setLang(b.dataset.lang)));
document.querySelectorAll("[data-region]").forEach((b) => b.addEventListener("click", () => { location.hash = "region-" + b.dataset.region; }));
window.addEventListener("hashchange", fromHash);
setLang(lang);
fromHash();
