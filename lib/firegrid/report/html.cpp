// The HTML report. Everything is drawn here, in C++, as text: the page shell and its
// CSS, the headline tiles, three SVG charts and the table. No script and no URL, so the
// file opens offline in any browser and prints on A4; the Content-Security-Policy in the
// page forbids every load, so a mistake here shows as a console error, not a request.
// Coordinates are whole numbers or one decimal, and every list keeps a fixed order, so
// the same figures give the same bytes.
#include <firegrid/report/html.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/text/utf8.hpp>
#include <firegrid/text/width.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

namespace firegrid::report {

namespace {

// A CJK-capable stack of fonts found on Windows, macOS and Linux desktops; nothing is
// downloaded.
const char* const kFonts =
  "\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Noto Sans SC\",\"PingFang SC\",\"Hiragino Sans GB\","
  "\"Microsoft YaHei\",\"WenQuanYi Zen Hei\",\"WenQuanYi Micro Hei\",\"Droid Sans Fallback\","
  "system-ui,sans-serif";

// Screen first, then A4: borders instead of filled backgrounds (toner), charts, tiles
// and rows never split across pages, the table's header repeated on each page.
const char* const kCss = R"(:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0;padding:24px;font-family:$FONTS;color:#1a1a1a;background:#fff;font-size:14px;line-height:1.45}
main{max-width:1000px;margin:0 auto}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:16px;margin:28px 0 10px;padding-bottom:4px;border-bottom:1px solid #999}
.period{color:#555;margin:0 0 16px}
.tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:10px}
.tile{border:1px solid #bbb;border-radius:6px;padding:8px 12px}
.tile .label,.tile .sub{font-size:12px;color:#555}
.tile .label{font-weight:600}
.tile .value{font-size:26px;font-weight:600;font-variant-numeric:tabular-nums;white-space:nowrap}
.alert{color:#b2182b}
figure{margin:0 0 8px}
figcaption{font-size:12px;color:#555}
svg{display:block;max-width:100%;height:auto;print-color-adjust:exact;-webkit-print-color-adjust:exact}
svg text{font-size:13px;fill:#1a1a1a}
svg .muted{fill:#666}
svg .small{font-size:11px}
svg .strong{font-weight:600}
svg .alert{fill:#b2182b}
.bar-open{fill:#fde6e4;stroke:#d7191c;stroke-width:1}
.bar-overdue{fill:#d7191c}
.c0{fill:#d7191c}.c1{fill:#fdae61}.c2{fill:#a6d96a}.c3{fill:#1a9641}.cn{fill:#e3e3e3}
.axis{stroke:#444;stroke-width:1}
.rule{stroke:#ddd;stroke-width:1}
.line{fill:none;stroke-width:2}
.s0{stroke:#d7191c;fill:#d7191c}.s1{stroke:#1a9641;fill:#1a9641}.s2{stroke:#2c7bb6;fill:#2c7bb6}
.line.s1{stroke-dasharray:6 3}
.line.s0,.line.s1,.line.s2{fill:none}
.note{color:#555;font-style:italic}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{padding:4px 6px;border-bottom:1px solid #ddd;text-align:left;vertical-align:bottom}
th{border-bottom:2px solid #444;font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th.num{white-space:normal}
td:first-child{white-space:nowrap}
td.d0{font-weight:600}td.d1{padding-left:1.6em}td.d2{padding-left:3.2em}td.d3{padding-left:4.8em}td.d4{padding-left:6.4em}
footer{margin-top:24px;color:#777;font-size:12px}
h3{font-size:14px;margin:14px 0 6px}
ul.attention{margin:0 0 8px;padding-left:1.2em;font-size:15px}
ul.attention li{margin:3px 0}
.act th,.act td{white-space:nowrap}
.act td:nth-child(2),.act td:nth-child(3){white-space:normal}
@page{size:A4;margin:15mm}
@media print{
body{padding:0;font-size:10pt}
main{max-width:none}
h2{break-after:avoid;page-break-after:avoid}
figure,.tile,tr{break-inside:avoid;page-break-inside:avoid}
thead{display:table-header-group}
table{font-size:8.5pt}
th,td{padding:2px 4px}
}
)";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

std::string css() { return replace_all(kCss, "$FONTS", kFonts); }

const char* lang_tag(const Labels& labels) { return labels.lang() == Lang::zh ? "zh-CN" : "en"; }

std::string count(long n) { return std::to_string(n); }

// "87.5%", or "—" when the rate has no value (nothing to divide by).
std::string percent(std::optional<double> r) {
  return r ? fmt::format("{:.1f}%", *r * 100.0) : std::string("—");
}

// One decimal, no trailing ".0": SVG coordinates that stay short and stable.
std::string num(double v) {
  std::string s = fmt::format("{:.1f}", v);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  return s == "-0" ? "0" : s;
}

// The width in SVG units of `s` at `font` px: CJK glyphs are about 1em, Latin about 0.55em.
double text_width(const std::string& s, double font) {
  return static_cast<double>(text::display_width(s)) * font * 0.55;
}

// A chart label cut to fit: names longer than 16 columns end in "…".
std::string short_name(const std::string& s) { return text::truncate_to_width(s, 16); }

// The grids a chart draws a row for: the children of the report's root (townships for the
// county), or the root alone when it has none.
std::vector<const Node*> chart_rows(const Node& root) {
  std::vector<const Node*> rows;
  for (const auto& child : root.children) rows.push_back(&child);
  if (rows.empty()) rows.push_back(&root);
  return rows;
}

std::string node_name(const Node& n, const std::string& county) {
  if (!n.name.empty()) return n.name;
  if (n.path.empty() && !county.empty()) return county;
  return n.id.empty() ? n.path : n.id;
}

// The width of the label column of a chart: the widest name, within [60, 200].
double label_column(const std::vector<const Node*>& rows, const std::string& county, double font) {
  double w = 60;
  for (const Node* n : rows) w = std::max(w, text_width(short_name(node_name(*n, county)), font) + 12);
  return std::min(w, 200.0);
}

// A round axis maximum and its step for values up to `max`: steps of 1, 2 or 5 × 10^k,
// at most five of them.
std::pair<long, long> nice_axis(long max) {
  if (max <= 0) return {1, 1};
  long step = 1;
  for (long magnitude = 1;; magnitude *= 10) {
    bool found = false;
    for (long m : {1L, 2L, 5L}) {
      if (max <= m * magnitude * 5) {
        step = m * magnitude;
        found = true;
        break;
      }
    }
    if (found) break;
  }
  return {((max + step - 1) / step) * step, step};
}

std::string svg_open(double width, double height, const std::string& label) {
  return fmt::format("<svg width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">\n",
                     num(width), num(height), num(width), num(height), html_escape(label));
}

std::string svg_text(double x, double y, const std::string& text, const std::string& attrs = {}) {
  return fmt::format("<text x=\"{}\" y=\"{}\"{}>{}</text>", num(x), num(y), attrs.empty() ? "" : " " + attrs,
                     html_escape(text));
}

const double kChartWidth = 920;

// ---- (a) overdue hazards by grid ----
// A horizontal bar per grid: an outlined bar for its open hazards, the overdue ones
// filled inside it, both on one scale; the counts beside. Sorted by overdue, then open,
// then the tree's order, so the worst grids come first.
std::string overdue_chart(const Node& root, const std::string& county, const Labels& labels) {
  auto rows = chart_rows(root);
  std::stable_sort(rows.begin(), rows.end(), [](const Node* a, const Node* b) {
    const long ao = get(a->total, "hazards.overdue"), bo = get(b->total, "hazards.overdue");
    if (ao != bo) return ao > bo;
    return get(a->total, "hazards.open") > get(b->total, "hazards.open");
  });
  const double font = 13, row_h = 24, bar_h = 14, top = 30;
  const double x0 = label_column(rows, county, font);
  const double value_w = 40 + text_width(labels("figure.hazards.open"), 11);
  const double bar_max = kChartWidth - x0 - value_w - 10;
  long max = 1;
  for (const Node* n : rows) max = std::max({max, get(n->total, "hazards.open"), get(n->total, "hazards.overdue")});
  const double height = top + row_h * static_cast<double>(rows.size()) + 8;

  std::string out = svg_open(kChartWidth, height, labels("heading.overdue-by-grid"));
  // The legend: a filled swatch for overdue, an outlined one for open.
  const std::string overdue_word = labels("figure.hazards.overdue"), open_word = labels("figure.hazards.open");
  out += fmt::format("<rect class=\"bar-overdue\" x=\"{}\" y=\"6\" width=\"12\" height=\"12\"/>", num(x0));
  out += svg_text(x0 + 18, 16, overdue_word, "class=\"small\"");
  const double second = x0 + 18 + text_width(overdue_word, 11) + 20;
  out += fmt::format("<rect class=\"bar-open\" x=\"{}\" y=\"6.5\" width=\"11\" height=\"11\"/>", num(second));
  out += svg_text(second + 18, 16, open_word, "class=\"small\"") + "\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Node& n = *rows[i];
    const long open = get(n.total, "hazards.open"), overdue = get(n.total, "hazards.overdue");
    const double y = top + row_h * static_cast<double>(i);
    const double open_w = bar_max * static_cast<double>(open) / static_cast<double>(max);
    const double overdue_w = bar_max * static_cast<double>(overdue) / static_cast<double>(max);
    const std::string name = node_name(n, county);
    out += svg_text(x0 - 8, y + 15, short_name(name), "text-anchor=\"end\"");
    out += fmt::format("<g><title>{}: {} {}, {} {}</title>", html_escape(name), overdue_word, overdue,
                       open_word, open);
    if (open > 0)
      out += fmt::format("<rect class=\"bar-open\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", num(x0),
                         num(y + 5), num(std::max(open_w, 1.0)), num(bar_h));
    if (overdue > 0)
      out += fmt::format("<rect class=\"bar-overdue\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", num(x0),
                         num(y + 5), num(std::max(overdue_w, 1.0)), num(bar_h));
    out += "</g>";
    const double vx = x0 + std::max(open_w, overdue_w) + 6;
    out += fmt::format("<text x=\"{}\" y=\"{}\"><tspan class=\"strong{}\">{}</tspan>"
                       "<tspan class=\"muted small\"> / {} {}</tspan></text>\n",
                       num(vx), num(y + 16), overdue > 0 ? " alert" : "", overdue, html_escape(open_word), open);
  }
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>\n", num(x0), num(top),
                     num(height - 8));
  return out + "</svg>\n";
}

// ---- (b) check cadence: week × grid ----
// The share of required checks done, per grid and ISO week, in four bands; grey where
// nothing was required. Each cell carries its numbers as a tooltip.
int band(long done, long required) {
  if (required <= 0) return -1;
  const double r = static_cast<double>(done) / static_cast<double>(required);
  if (r < 0.5) return 0;
  if (r < 0.8) return 1;
  if (r < 1.0) return 2;
  return 3;
}

std::string week_number(const std::string& period_name) {
  const auto w = period_name.rfind('W');
  return w == std::string::npos ? period_name : period_name.substr(w + 1);
}

std::string cadence_chart(const Node& root, const std::vector<Rollup>& weeks, const std::string& county,
                          const Labels& labels) {
  const auto rows = chart_rows(root);
  const double font = 13, top = 34, row_h = 20, cell_h = 16;
  const double x0 = label_column(rows, county, font);
  const double n = static_cast<double>(weeks.size());
  const double cell_w = std::clamp(std::floor((kChartWidth - x0 - 10) / n), 6.0, 28.0);
  const int label_every = static_cast<int>(std::ceil(22.0 / cell_w));
  const double grid_bottom = top + row_h * static_cast<double>(rows.size());
  const double height = grid_bottom + 44;

  std::string out = svg_open(kChartWidth, height, labels("heading.check-cadence"));
  out += svg_text(x0, 12, labels("heading.week"), "class=\"muted small\"") + "\n";
  // Labels counted back from the latest week, so this week is always labelled.
  for (std::size_t w = 0; w < weeks.size(); ++w) {
    if ((weeks.size() - 1 - w) % static_cast<std::size_t>(label_every) != 0) continue;
    out += svg_text(x0 + cell_w * static_cast<double>(w) + cell_w / 2, top - 6,
                    week_number(weeks[w].period.name), "class=\"small\" text-anchor=\"middle\"");
  }
  out += "\n";
  // Each week's grids by path, so a grid that appears or vanishes mid-year stays on its row.
  std::vector<std::map<std::string, const Node*>> by_path(weeks.size());
  for (std::size_t w = 0; w < weeks.size(); ++w) {
    by_path[w][weeks[w].root.path] = &weeks[w].root;
    for (const auto& child : weeks[w].root.children) by_path[w][child.path] = &child;
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const double y = top + row_h * static_cast<double>(r);
    const std::string name = node_name(*rows[r], county);
    out += svg_text(x0 - 8, y + 13, short_name(name), "text-anchor=\"end\"");
    for (std::size_t w = 0; w < weeks.size(); ++w) {
      const auto it = by_path[w].find(rows[r]->path);
      const long done = it == by_path[w].end() ? 0 : get(it->second->total, "checks.done");
      const long required = it == by_path[w].end() ? 0 : get(it->second->total, "checks.required");
      const int b = band(done, required);
      const std::string tip =
        required > 0 ? fmt::format("{} {}: {}/{} ({})", name, weeks[w].period.name, done, required,
                                   percent(static_cast<double>(done) / static_cast<double>(required)))
                     : fmt::format("{} {}: {}", name, weeks[w].period.name, labels("heading.none-required"));
      out += fmt::format("<rect class=\"cell {}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>",
                         b < 0 ? std::string("cn") : "c" + std::to_string(b), num(x0 + cell_w * static_cast<double>(w)),
                         num(y), num(cell_w - 1), num(cell_h), html_escape(tip));
    }
    out += "\n";
  }
  // The legend: the four bands, then grey.
  const char* const bands[] = {"< 50%", "50–79%", "80–99%", "≥ 100%"};
  double x = x0;
  const double ly = grid_bottom + 18;
  for (int b = 0; b < 4; ++b) {
    out += fmt::format("<rect class=\"c{}\" x=\"{}\" y=\"{}\" width=\"14\" height=\"12\"/>", b, num(x), num(ly - 10));
    out += svg_text(x + 19, ly, bands[b], "class=\"small\"");
    x += 19 + text_width(bands[b], 11) + 18;
  }
  out += fmt::format("<rect class=\"cn\" x=\"{}\" y=\"{}\" width=\"14\" height=\"12\"/>", num(x), num(ly - 10));
  out += svg_text(x + 19, ly, labels("heading.none-required"), "class=\"small\"");
  out += svg_text(x0, ly + 20, labels("rate.checks.rate") + " = " + labels("figure.checks.done") + " / " +
                                 labels("figure.checks.required"),
                  "class=\"muted small\"");
  return out + "\n</svg>\n";
}

// ---- (c) the year's trends ----
// Monthly figures of the report's root as lines on one panel with its own axis; the
// series after the first are dashed or coloured differently, so they part in grey print.
struct Series {
  std::string figure;  // "hazards.new"
  int style;           // s0, s1, s2
};

std::string trend_panel(const std::vector<Rollup>& months, const std::vector<Series>& series, double left,
                        double width, const Labels& labels, bool weekly) {
  const double top = 34, plot_h = 170, pad_left = 40, pad_right = 12;
  const double x0 = left + pad_left, x1 = left + width - pad_right, y0 = top + plot_h;
  long max = 0;
  for (const auto& m : months)
    for (const auto& s : series) max = std::max(max, get(m.root.total, s.figure));
  // Not a structured binding: C++17 lambdas cannot capture one (clang 14 refuses it).
  const std::pair<long, long> axis = nice_axis(max);
  const long axis_max = axis.first, step = axis.second;
  const double n = static_cast<double>(months.size());
  const auto x_at = [&](std::size_t i) { return n <= 1 ? (x0 + x1) / 2 : x0 + (x1 - x0) * static_cast<double>(i) / (n - 1); };
  const auto y_at = [&](long v) { return y0 - plot_h * static_cast<double>(v) / static_cast<double>(axis_max); };

  std::string out;
  // The legend on top.
  double lx = x0;
  for (const auto& s : series) {
    out += fmt::format("<line class=\"line s{}\" x1=\"{}\" y1=\"12\" x2=\"{}\" y2=\"12\"/>", s.style, num(lx),
                       num(lx + 22));
    const std::string word = labels("figure." + s.figure);
    out += svg_text(lx + 28, 16, word, "class=\"small\"");
    lx += 28 + text_width(word, 11) + 20;
  }
  out += "\n";
  for (long v = 0; v <= axis_max; v += step) {
    out += fmt::format("<line class=\"rule\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", num(x0), num(y_at(v)), num(x1),
                       num(y_at(v)));
    out += svg_text(x0 - 6, y_at(v) + 4, count(v), "class=\"small\" text-anchor=\"end\"");
  }
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(x0), num(top), num(y0));
  out += fmt::format("<line class=\"axis\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\"/>\n", num(x0), num(x1), num(y0));
  for (std::size_t i = 0; i < months.size(); ++i) {
    const std::string& name = months[i].period.name;  // 2026-11, or 2026-W48
    const auto dash = name.rfind(weekly ? 'W' : '-');
    std::string label = dash == std::string::npos ? name : name.substr(dash + 1);
    if (label.size() == 2 && label[0] == '0') label.erase(0, 1);
    out += svg_text(x_at(i), y0 + 16, label, "class=\"small\" text-anchor=\"middle\"");
  }
  out += svg_text((x0 + x1) / 2, y0 + 32, labels(weekly ? "heading.week" : "heading.month"),
                  "class=\"muted small\" text-anchor=\"middle\"") + "\n";
  for (const auto& s : series) {
    std::string points;
    for (std::size_t i = 0; i < months.size(); ++i)
      points += (i ? " " : "") + num(x_at(i)) + "," + num(y_at(get(months[i].root.total, s.figure)));
    if (months.size() > 1) out += fmt::format("<polyline class=\"line s{}\" points=\"{}\"/>", s.style, points);
    for (std::size_t i = 0; i < months.size(); ++i) {
      const long v = get(months[i].root.total, s.figure);
      out += fmt::format("<circle class=\"s{}\" cx=\"{}\" cy=\"{}\" r=\"2.5\"><title>{} {}: {}</title></circle>",
                         s.style, num(x_at(i)), num(y_at(v)), months[i].period.name,
                         html_escape(labels("figure." + s.figure)), v);
    }
    out += "\n";
  }
  return out;
}

// Hazards found and closed share a panel; inspections, usually many more, get their own
// scale beside it rather than flattening the hazard lines. `weekly`: the points are weeks.
std::string trend_chart(const std::vector<Rollup>& periods, const Labels& labels, bool weekly) {
  const double height = 34 + 170 + 40;
  std::string out = svg_open(kChartWidth, height, labels(weekly ? "heading.trend-weeks" : "heading.trend-months"));
  out += trend_panel(periods, {{"hazards.new", 0}, {"hazards.closed", 1}}, 0, kChartWidth / 2, labels, weekly);
  out += trend_panel(periods, {{"inspections.done", 2}}, kChartWidth / 2, kChartWidth / 2, labels, weekly);
  return out + "</svg>\n";
}

// ---- the headline tiles ----
struct Tile {
  std::string label, value, sub;
  bool alert = false;
};

std::string tile_html(const Tile& t) {
  return fmt::format("<div class=\"tile\"><div class=\"label\">{}</div><div class=\"value{}\">{}</div>"
                     "<div class=\"sub\">{}</div></div>\n",
                     html_escape(t.label), t.alert ? " alert" : "", html_escape(t.value), t.sub);
}

// "逾期 3" as HTML, red when `alert` and the count is above 0.
std::string sub_figure(const Labels& labels, const Figures& f, const std::string& id, bool alert = false) {
  const long v = get(f, id);
  return fmt::format("{} <span class=\"{}\">{}</span>", html_escape(labels("figure." + id)),
                     alert && v > 0 ? "alert" : "", v);
}

std::string tiles(const Figures& f, const Labels& labels) {
  const long trainings = get(f, "trainings.training") + get(f, "trainings.publicity") + get(f, "trainings.drill");
  const long missed = std::max(0L, get(f, "meetings.joint-required") - get(f, "meetings.joint-held"));
  const std::vector<Tile> list = {
    {labels("figure.units.active"), count(get(f, "units.active")),
     html_escape(labels("rate.units.inspected-rate")) + " " + percent(rate(f, "units.inspected-rate"))},
    {labels("rate.checks.rate"), percent(rate(f, "checks.rate")),
     sub_figure(labels, f, "checks.done") + " / " + sub_figure(labels, f, "checks.required")},
    {labels("figure.hazards.new"), count(get(f, "hazards.new")),
     sub_figure(labels, f, "hazards.fixed-on-spot") + " · " + sub_figure(labels, f, "hazards.closed")},
    {labels("figure.hazards.open"), count(get(f, "hazards.open")),
     sub_figure(labels, f, "hazards.overdue", true) + " · " + sub_figure(labels, f, "hazards.major", true) + " · " +
       sub_figure(labels, f, "inspections.unfollowed-items", true)},
    {labels("figure.tips.received"), count(get(f, "tips.received")),
     sub_figure(labels, f, "tips.founded") + " · " + sub_figure(labels, f, "tips.rewarded")},
    {labels("figure.meetings.held"), count(get(f, "meetings.held")),
     fmt::format("{} <span class=\"{}\">{}</span>", html_escape(labels("heading.meetings-missed")),
                 missed > 0 ? "alert" : "", missed)},
    {labels("section.trainings"), count(trainings), sub_figure(labels, f, "trainings.reached")},
    {labels("figure.findings.errors"), count(get(f, "findings.errors")), sub_figure(labels, f, "findings.warnings"),
     get(f, "findings.errors") > 0},
  };
  std::string out = "<div class=\"tiles\">\n";
  for (const auto& t : list) out += tile_html(t);
  return out + "</div>\n";
}

// ---- tables ----
// A table; `depth`, when given, indents each row's first cell by its depth in the tree.
std::string table_html(const render::Table& table, const std::vector<std::size_t>* depth) {
  const auto cell_class = [&](std::size_t c) {
    return table.columns[c].align == render::Align::right ? std::string(" class=\"num\"") : std::string();
  };
  const auto cell_text = [](const std::string& s) {
    return replace_all(replace_all(html_escape(replace_all(s, "\r\n", "\n")), "\r", "\n"), "\n", "<br>");
  };
  std::string out = "<table>\n<thead><tr>";
  for (std::size_t c = 0; c < table.columns.size(); ++c)
    out += "<th" + cell_class(c) + ">" + cell_text(table.columns[c].title) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    out += "<tr>";
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      std::string cls = cell_class(c);
      if (c == 0 && depth && r < depth->size())
        cls = fmt::format(" class=\"d{}\"", std::min<std::size_t>((*depth)[r], 4));
      const auto& row = table.rows[r];
      out += "<td" + cls + ">" + (c < row.size() ? cell_text(row[c]) : std::string()) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

// The grid nodes, depth first, with their totals and rates. Unless `all`, a village or
// group below the root is a row only when it is an exception (a group only under a listed village);
// `hidden` counts those left out.
void grid_rows(const Node& n, std::size_t level, const std::string& county, render::Table& t,
               std::vector<std::size_t>& depth, bool all, long& hidden) {
  if (!all && level > 0 && (n.level == "village" || n.level == "group") && exception_reasons(n).empty()) {
    ++hidden;
    return;
  }
  const Figures& f = n.total;
  t.rows.push_back({node_name(n, county), count(get(f, "units.active")), count(get(f, "checks.required")),
                    count(get(f, "checks.done")), percent(rate(f, "checks.rate")),
                    percent(rate(f, "units.inspected-rate")), count(get(f, "hazards.open")),
                    count(get(f, "hazards.overdue")), count(get(f, "hazards.major")),
                    percent(rate(f, "hazards.in-time-rate")), count(get(f, "tips.received")),
                    count(get(f, "meetings.held")), count(get(f, "trainings.reached")),
                    count(get(f, "findings.errors"))});
  depth.push_back(level);
  for (const auto& child : n.children) grid_rows(child, level + 1, county, t, depth, all, hidden);
}

std::string grid_table(const Node& root, const std::string& county, const Labels& labels, bool all) {
  render::Table t;
  t.columns.push_back({"grid", labels("heading.grid"), render::Align::left});
  for (const char* id : {"figure.units.active", "figure.checks.required", "figure.checks.done", "rate.checks.rate",
                         "rate.units.inspected-rate", "figure.hazards.open", "figure.hazards.overdue",
                         "figure.hazards.major", "rate.hazards.in-time-rate", "figure.tips.received",
                         "figure.meetings.held", "figure.trainings.reached", "figure.findings.errors"})
    t.columns.push_back({id, labels(id), render::Align::right});
  std::vector<std::size_t> depth;
  long hidden = 0;
  grid_rows(root, 0, county, t, depth, all, hidden);
  std::string out = table_html(t, &depth);
  if (hidden > 0) {
    out += "<p class=\"note\">" + html_escape(say(labels, "attention.exceptions-only", fmt::arg("count", hidden))) +
           "</p>\n";
  }
  return out;
}

std::string section(const std::string& heading, const std::string& content) {
  return "<section>\n<h2>" + html_escape(heading) + "</h2>\n" + content + "</section>\n";
}

std::string figure(const std::string& svg) { return "<figure>\n" + svg + "</figure>\n"; }

std::string no_data(const Labels& labels) { return "<p class=\"note\">" + html_escape(labels("heading.no-data")) + "</p>\n"; }

}  // namespace

std::string html_escape(const std::string& s) {
  std::string valid;
  std::string_view rest = s;
  while (const auto bad = text::find_invalid_utf8(rest)) {
    valid.append(rest.substr(0, *bad));
    valid += "\xEF\xBF\xBD";
    rest.remove_prefix(*bad + 1);
  }
  valid.append(rest);
  std::string out;
  out.reserve(valid.size());
  for (char c : valid) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string html_page(const std::string& title, const std::string& body, const Labels& labels) {
  return fmt::format(
    "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<main>\n{}</main>\n</body>\n</html>\n",
    lang_tag(labels), html_escape(title), css(), body);
}

std::string html_table(const render::Table& table) { return table_html(table, nullptr); }

std::string render_html(const HtmlInput& in, const Labels& labels) {
  if (!in.rollup) throw Error(tr("report: the HTML report has no figures to show"));
  const Rollup& r = *in.rollup;
  const Node& root = r.root;

  std::string body = "<header>\n<h1>" + html_escape(in.title) + "</h1>\n";
  body += fmt::format("<p class=\"period\">{} {} ({} – {}) · {} {}</p>\n</header>\n",
                      html_escape(labels("heading.period")), html_escape(r.period.name), r.period.first.iso(),
                      r.period.last.iso(), html_escape(labels("heading.as-of")), r.as_of.iso());
  if (in.attention) {
    std::string act = "<ul class=\"attention\">\n";
    for (const auto& line : attention_lines(*in.attention, labels)) act += "<li>" + html_escape(line) + "</li>\n";
    act += "</ul>\n";
    if (!in.attention->hazards.empty())
      act += "<h3>" + html_escape(labels("heading.act-on")) + "</h3>\n<div class=\"act\">\n" +
             table_html(action_table(*in.attention, labels, true), nullptr) + "</div>\n";
    body += section(labels("heading.attention"), act);
  }
  body += section(labels("heading.headline"), tiles(root.total, labels));
  body += section(labels("heading.overdue-by-grid"), figure(overdue_chart(root, in.county, labels)));
  body += section(labels("heading.check-cadence"),
                  in.weeks.empty() ? no_data(labels) : figure(cadence_chart(root, in.weeks, in.county, labels)));
  if (!in.recent_weeks.empty())
    body += section(labels("heading.trend-weeks"), figure(trend_chart(in.recent_weeks, labels, true)));
  body += section(labels(in.recent_weeks.empty() ? "heading.trend" : "heading.trend-months"),
                  in.months.empty() ? no_data(labels) : figure(trend_chart(in.months, labels, false)));
  const bool all = in.all || !in.attention;
  body += section(labels(all ? "heading.by-grid" : "heading.exceptions"), grid_table(root, in.county, labels, all));
  if (!in.generated_by.empty()) body += "<footer>" + html_escape(in.generated_by) + "</footer>\n";
  return html_page(in.title, body, labels);
}

}  // namespace firegrid::report
