// SVG building blocks of the report (see report_svg.hpp) and the standalone floor picture
// render_layout_svg (see whsim/output/report.hpp).
#include "output/report_svg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "whsim/output/report.hpp"

namespace whsim::output::chart {
namespace {

constexpr int kKinds = 8;  // the seven LayoutCell kinds and "other"
constexpr std::uint8_t kOther = 7;

/// The kinds of a floor in block x block squares (the most common kind of each square, ties to
/// the lower code), with the grid's width and height.
struct KindGrid {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> kinds;
};

std::uint8_t clamp_kind(std::uint8_t k) {
  return k < kOther ? k : kOther;
}

KindGrid downsample(const stats::FloorLayout& layout, int block) {
  KindGrid g;
  g.width = (layout.width + block - 1) / block;
  g.height = (layout.height + block - 1) / block;
  g.kinds.assign(static_cast<std::size_t>(g.width) * static_cast<std::size_t>(g.height), 0);
  const auto w = static_cast<std::size_t>(layout.width);
  for (int by = 0; by < g.height; ++by) {
    for (int bx = 0; bx < g.width; ++bx) {
      std::array<int, kKinds> count{};
      for (int y = by * block; y < std::min(layout.height, (by + 1) * block); ++y) {
        for (int x = bx * block; x < std::min(layout.width, (bx + 1) * block); ++x) {
          ++count[clamp_kind(layout.cells[static_cast<std::size_t>(y) * w + static_cast<std::size_t>(x)])];
        }
      }
      const auto best = std::max_element(count.begin(), count.end()) - count.begin();
      g.kinds[static_cast<std::size_t>(by) * static_cast<std::size_t>(g.width) +
              static_cast<std::size_t>(bx)] = static_cast<std::uint8_t>(best);
    }
  }
  return g;
}

std::uint8_t most_common(const KindGrid& g) {
  std::array<std::size_t, kKinds> count{};
  for (const std::uint8_t k : g.kinds) ++count[k];
  return static_cast<std::uint8_t>(std::max_element(count.begin(), count.end()) - count.begin());
}

/// Runs of equal non-background cells per row, extended downwards while the row below has the
/// same run. Stops early (returns more than max_rects) once the limit is passed.
std::vector<FloorRect> merge_runs(const KindGrid& g, std::uint8_t background, std::size_t max_rects) {
  std::vector<FloorRect> rects;
  const auto w = static_cast<std::size_t>(g.width);
  std::vector<int> open(w, -1);  // rect ending in the previous row whose run starts at x
  std::vector<int> next(w, -1);
  for (int y = 0; y < g.height; ++y) {
    std::fill(next.begin(), next.end(), -1);
    const std::size_t row = static_cast<std::size_t>(y) * w;
    std::size_t x = 0;
    while (x < w) {
      const std::uint8_t k = g.kinds[row + x];
      std::size_t x1 = x;
      while (x1 < w && g.kinds[row + x1] == k) ++x1;
      if (k != background) {
        const int prev = open[x];
        const int run = static_cast<int>(x1 - x);
        if (prev >= 0 && rects[static_cast<std::size_t>(prev)].w == run &&
            rects[static_cast<std::size_t>(prev)].kind == k) {
          ++rects[static_cast<std::size_t>(prev)].h;
          next[x] = prev;
        } else {
          rects.push_back(FloorRect{static_cast<int>(x), y, run, 1, k});
          next[x] = static_cast<int>(rects.size() - 1);
          if (rects.size() > max_rects) return rects;
        }
      }
      x = x1;
    }
    open.swap(next);
  }
  return rects;
}

constexpr std::array<const char*, 9> kHeatStops = {"ffffcc", "ffeda0", "fed976", "feb24c", "fd8d3c",
                                                   "fc4e2a", "e31a1c", "bd0026", "800026"};

int hex_channel(const char* hex, int channel) {
  const std::string part(hex + static_cast<std::ptrdiff_t>(2 * channel), 2);
  return static_cast<int>(std::strtol(part.c_str(), nullptr, 16));
}

/// The round length (1, 2 or 5 times a power of ten) nearest `target`, and the next lower one.
double round_length_near(double target) {
  if (!(target > 0)) return 0.0;
  const double mag = std::pow(10.0, std::floor(std::log10(target)));
  double best = mag;
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    if (std::fabs(m * mag - target) < std::fabs(best - target)) best = m * mag;
  }
  return best;
}

double round_length_below(double length) {
  const double mag = std::pow(10.0, std::floor(std::log10(length) - 1e-12));
  const double m = length / mag;
  return (m > 5.0 + 1e-9 ? 5.0 : m > 2.0 + 1e-9 ? 2.0 : m > 1.0 + 1e-9 ? 1.0 : 0.5) * mag;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '/':
        // "://" in data (a URL in a scenario comment) must not make the report look networked.
        out += (!out.empty() && out.back() == ':') || out.ends_with(":&#47;") ? "&#47;" : "/";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string num(double v) {
  if (!std::isfinite(v)) return "0";
  double r = std::round(v * 10.0) / 10.0;
  if (r == 0.0) r = 0.0;  // no "-0"
  if (r == std::round(r)) return fmt::format("{:.0f}", r);
  return fmt::format("{:.1f}", r);
}

std::string pretty(double v) {
  if (!std::isfinite(v)) return "\xe2\x80\x93";  // en dash
  const double a = std::fabs(v);
  if (a >= 1000.0 || (v == std::round(v) && a < 1e15)) {
    const double r = std::round(v);
    if (std::fabs(r) >= 1e15) return fmt::format("{:.4g}", v);
    std::string digits = fmt::format("{:.0f}", std::fabs(r));
    if (digits.size() > 4) {
      std::string grouped;
      for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += "\xe2\x80\xaf";  // narrow no-break space
        grouped += digits[i];
      }
      digits = grouped;
    }
    return (r < 0 ? "-" : "") + digits;
  }
  return fmt::format("{:.4g}", v);
}

std::string pretty_duration(double seconds) {
  if (!std::isfinite(seconds)) return "\xe2\x80\x93";
  if (seconds < 60.0) return fmt::format("{:.3g} s", seconds);
  const auto total = static_cast<std::int64_t>(std::llround(seconds));
  const std::int64_t d = total / 86400;
  const std::int64_t h = total % 86400 / 3600;
  const std::int64_t m = total % 3600 / 60;
  const std::int64_t s = total % 60;
  if (d > 0) return h > 0 ? fmt::format("{} d {} h", d, h) : fmt::format("{} d", d);
  if (h > 0) return m > 0 ? fmt::format("{} h {} min", h, m) : fmt::format("{} h", h);
  return s > 0 ? fmt::format("{} min {} s", m, s) : fmt::format("{} min", m);
}

Ticks nice_ticks(Range r, int target) {
  Ticks t;
  const double span = r.hi - r.lo;
  if (!(span > 0) || !std::isfinite(span)) {
    t.values.push_back(r.lo);
    return t;
  }
  const double raw = span / std::max(1, target);
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double m = norm <= 1.0 ? 1.0 : norm <= 2.0 ? 2.0 : norm <= 2.5 ? 2.5 : norm <= 5.0 ? 5.0 : 10.0;
  t.step = m * mag;
  const double first = std::ceil(r.lo / t.step - 1e-9);
  for (int i = 0;; ++i) {
    double v = (first + i) * t.step;
    if (v > r.hi + t.step * 1e-9) break;
    if (std::fabs(v) < t.step * 1e-9) v = 0.0;
    t.values.push_back(v);
  }
  return t;
}

Range nice_range(Range r, int target) {
  if (!(r.lo <= r.hi) || !std::isfinite(r.lo) || !std::isfinite(r.hi)) return Range{0.0, 1.0};
  if (r.hi == r.lo) {
    const double pad = r.lo == 0.0 ? 1.0 : std::fabs(r.lo) * 0.1;
    return nice_range(Range{r.lo == 0.0 ? 0.0 : r.lo - pad, r.hi + pad}, target);
  }
  const double step = nice_ticks(r, target).step;
  return Range{std::floor(r.lo / step + 1e-9) * step, std::ceil(r.hi / step - 1e-9) * step};
}

Range finite_range(std::span<const double> values) {
  Range r{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
  for (const double v : values) {
    if (!std::isfinite(v)) continue;
    r.lo = std::min(r.lo, v);
    r.hi = std::max(r.hi, v);
  }
  return r;
}

std::string tick_label(double v, double step, TickStyle style) {
  double scale = 1.0;
  std::string suffix;
  if (style == TickStyle::kPercent) {
    scale = 100.0;
    suffix = "%";
  } else if (step >= 1e5 && std::fabs(v) >= 1e6) {
    scale = 1e-6;
    suffix = "M";
  } else if (step >= 100.0 && std::fabs(v) >= 1e4) {
    scale = 1e-3;
    suffix = "k";
  }
  const double s = step * scale;
  int decimals = 0;
  while (decimals < 6 &&
         std::fabs(s * std::pow(10.0, decimals) - std::round(s * std::pow(10.0, decimals))) > 1e-6) {
    ++decimals;
  }
  double x = v * scale;
  if (std::fabs(x) < s * 1e-9) x = 0.0;
  return fmt::format("{:.{}f}{}", x, decimals, suffix);
}

double Panel::sx(double v) const {
  const double span = xr.hi - xr.lo;
  return x + (span > 0 ? (v - xr.lo) / span : 0.5) * w;
}

double Panel::sy(double v) const {
  const double span = yr.hi - yr.lo;
  return y + h - (span > 0 ? (v - yr.lo) / span : 0.5) * h;
}

Panel make_panel(double x, double y, double w, double h, Range xr, Range yr) {
  Panel p;
  p.x = x;
  p.y = y;
  p.w = w;
  p.h = h;
  if (!(xr.hi > xr.lo) || !std::isfinite(xr.lo) || !std::isfinite(xr.hi)) {
    xr = Range{std::isfinite(xr.lo) ? xr.lo : 0.0, (std::isfinite(xr.lo) ? xr.lo : 0.0) + 1.0};
  }
  p.xr = xr;
  p.xt = nice_ticks(xr, std::max(2, static_cast<int>(w / 80.0)));
  const int y_target = std::max(2, std::min(6, static_cast<int>(h / 36.0)));
  p.yr = nice_range(yr, y_target);
  p.yt = nice_ticks(p.yr, y_target);
  return p;
}

std::string draw_axes(const Panel& p, std::string_view x_title, std::string_view y_title, bool x_labels) {
  std::string o = "<g class=\"axes\" font-size=\"11\" fill=\"#555\">";
  for (const double v : p.yt.values) {
    const std::string y = num(p.sy(v));
    o += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#e3e3e3"/>)", num(p.x), y,
                     num(p.x + p.w), y);
    o += fmt::format(R"(<text x="{}" y="{}" dy="0.32em" text-anchor="end">{}</text>)", num(p.x - 7), y,
                     escape(tick_label(v, p.yt.step, p.y_style)));
  }
  for (const double v : p.xt.values) {
    const std::string x = num(p.sx(v));
    o += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#f0f0f0"/>)", x, num(p.y), x,
                     num(p.y + p.h));
    o += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>)", x, num(p.y + p.h), x,
                     num(p.y + p.h + 4));
    if (x_labels) {
      o += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{}</text>)", x, num(p.y + p.h + 16),
                       escape(tick_label(v, p.xt.step, p.x_style)));
    }
  }
  o += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>)", num(p.x), num(p.y + p.h),
                   num(p.x + p.w), num(p.y + p.h));
  o += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#999"/>)", num(p.x), num(p.y), num(p.x),
                   num(p.y + p.h));
  if (x_labels && !x_title.empty()) {
    o += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="#333">{}</text>)",
                     num(p.x + p.w / 2), num(p.y + p.h + 34), escape(x_title));
  }
  if (!y_title.empty()) {
    const double cx = p.x - 52;
    const double cy = p.y + p.h / 2;
    o += fmt::format(
        R"~(<text x="{}" y="{}" transform="rotate(-90 {} {})" text-anchor="middle" font-size="12" fill="#333">{}</text>)~",
        num(cx), num(cy), num(cx), num(cy), escape(y_title));
  }
  return o + "</g>";
}

namespace {

/// The line's points as SVG coordinates, split where y is not finite.
std::vector<std::vector<std::pair<double, double>>> segments(const Panel& p, const Line& l,
                                                             const std::vector<double>& ys) {
  std::vector<std::vector<std::pair<double, double>>> out(1);
  double prev_x = l.step_from;
  for (std::size_t i = 0; i < l.x.size() && i < ys.size(); ++i) {
    if (!std::isfinite(ys[i]) || !std::isfinite(l.x[i])) {
      if (!out.back().empty()) out.emplace_back();
      prev_x = l.x[i];
      continue;
    }
    if (l.step) out.back().emplace_back(p.sx(prev_x), p.sy(ys[i]));
    out.back().emplace_back(p.sx(l.x[i]), p.sy(ys[i]));
    prev_x = l.x[i];
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

std::string points(const std::vector<std::pair<double, double>>& pts) {
  std::string o;
  o.reserve(pts.size() * 12);
  for (const auto& [x, y] : pts) {
    if (!o.empty()) o += ' ';
    o += num(x);
    o += ',';
    o += num(y);
  }
  return o;
}

}  // namespace

std::string draw_lines(const Panel& p, std::span<const Line> lines) {
  std::string o;
  for (const Line& l : lines) {
    if (l.lo.empty() || l.hi.empty()) continue;
    const auto lo = segments(p, l, l.lo);
    const auto hi = segments(p, l, l.hi);
    for (std::size_t s = 0; s < lo.size() && s < hi.size(); ++s) {
      std::vector<std::pair<double, double>> poly = lo[s];
      poly.insert(poly.end(), hi[s].rbegin(), hi[s].rend());
      o += fmt::format(R"(<polygon points="{}" fill="{}" fill-opacity="0.2" stroke="none"/>)", points(poly),
                       l.colour);
    }
  }
  for (const Line& l : lines) {
    for (const auto& seg : segments(p, l, l.y)) {
      o += fmt::format(
          R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="1.6" stroke-linejoin="round"{}/>)",
          points(seg), l.colour, l.dashed ? R"( stroke-dasharray="5 3")" : "");
    }
  }
  return o;
}

double text_width(std::string_view text, double font_size) {
  return static_cast<double>(utf8_length(text)) * font_size * 0.56;
}

std::string draw_legend(std::span<const LegendItem> items, double x, double y, double width, double& height) {
  std::string o = R"(<g class="legend" font-size="12" fill="#333">)";
  constexpr double kRow = 18.0;
  double cx = x;
  double cy = y;
  for (const LegendItem& it : items) {
    const double w = 26.0 + text_width(it.label, 12.0) + 18.0;
    if (cx > x && cx + w > x + width) {
      cx = x;
      cy += kRow;
    }
    if (it.box) {
      o += fmt::format(R"(<rect x="{}" y="{}" width="12" height="12" fill="{}"/>)", num(cx + 3), num(cy - 6),
                       it.colour);
    } else if (it.band) {
      o += fmt::format(R"(<rect x="{}" y="{}" width="18" height="10" fill="{}" fill-opacity="0.2"/>)",
                       num(cx), num(cy - 5), it.colour);
    } else {
      o += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"{}/>)", num(cx),
                       num(cy), num(cx + 18), num(cy), it.colour,
                       it.dashed ? R"( stroke-dasharray="4 2")" : "");
    }
    o += fmt::format(R"(<text x="{}" y="{}" dy="0.32em">{}</text>)", num(cx + 24), num(cy), escape(it.label));
    cx += w;
  }
  height += items.empty() ? 0.0 : cy - y + kRow;
  return o + "</g>";
}

std::string chart_svg(std::string_view id, std::string_view title, double width, double height,
                      std::string_view body) {
  const std::string eid = escape(id);
  return fmt::format(
      R"(<svg class="chart" id="chart-{0}" data-chart="{0}" viewBox="0 0 {1} {2}" width="{1}" height="{2}" role="img" aria-labelledby="chart-{0}-title">)"
      R"(<title id="chart-{0}-title">{3}</title>)"
      R"(<text x="4" y="18" font-size="15" font-weight="600" fill="#222">{3}</text>{4}</svg>)",
      eid, num(width), num(height), escape(title), body);
}

std::string palette(std::size_t i) {
  static constexpr std::array<const char*, 10> kColours = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2",
                                                           "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                                                           "#9c755f", "#bab0ac"};
  return kColours[i % kColours.size()];
}

std::string heat_colour(double t) {
  if (!std::isfinite(t)) t = 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double pos = t * static_cast<double>(kHeatStops.size() - 1);
  const auto i = std::min(static_cast<std::size_t>(pos), kHeatStops.size() - 2);
  const double f = pos - static_cast<double>(i);
  std::string out = "#";
  for (int c = 0; c < 3; ++c) {
    const double a = hex_channel(kHeatStops[i], c);
    const double b = hex_channel(kHeatStops[i + 1], c);
    out += fmt::format("{:02x}", static_cast<int>(std::lround(a + (b - a) * f)));
  }
  return out;
}

std::string cell_colour(std::uint8_t kind, bool muted) {
  static constexpr std::array<const char*, kKinds> kVivid = {"#3d3d3d", "#f4f2ec", "#c8b48b", "#d64541",
                                                             "#f4b183", "#4caf50", "#4e79a7", "#ff00ff"};
  static constexpr std::array<const char*, kKinds> kMuted = {"#7d7d7d", "#fbfbfb", "#dddddd", "#a9a9a9",
                                                             "#ece6de", "#cfe3cf", "#cfdbe8", "#eeeeee"};
  return muted ? kMuted[clamp_kind(kind)] : kVivid[clamp_kind(kind)];
}

std::string_view cell_name(std::uint8_t kind) {
  static constexpr std::array<std::string_view, kKinds> kNames = {"wall",   "aisle",   "storage", "station",
                                                                  "buffer", "charger", "dock",    "other"};
  return kNames[clamp_kind(kind)];
}

FloorRects merge_floor(const stats::FloorLayout& layout, std::size_t max_rects) {
  FloorRects out;
  out.present.assign(kKinds, false);
  const auto cells = static_cast<std::size_t>(std::max(0, layout.width)) *
                     static_cast<std::size_t>(std::max(0, layout.height));
  if (cells == 0 || layout.cells.size() != cells) return out;
  for (int block = 1;; block *= 2) {
    const KindGrid g = downsample(layout, block);
    out.block = block;
    out.background = most_common(g);
    out.rects = merge_runs(g, out.background, max_rects);
    if (out.rects.size() <= max_rects || block >= std::max(layout.width, layout.height)) {
      std::fill(out.present.begin(), out.present.end(), false);
      for (const std::uint8_t k : g.kinds) out.present[k] = true;
      break;
    }
  }
  for (FloorRect& r : out.rects) {
    r.x *= out.block;
    r.y *= out.block;
    r.w = std::min(r.w * out.block, layout.width - r.x);
    r.h = std::min(r.h * out.block, layout.height - r.y);
  }
  return out;
}

std::string floor_group(double ox, double oy, double s, int square) {
  return fmt::format(R"~(<g transform="translate({} {}) scale({})"{}>)~", num(ox), num(oy),
                     fmt::format("{:.6g}", s), s * square >= 1.5 ? R"( shape-rendering="crispEdges")" : "");
}

std::string draw_floor(const FloorRects& floor, int width, int height, double ox, double oy, double s,
                       bool muted) {
  std::string o = floor_group(ox, oy, s, floor.block);
  o += fmt::format(R"(<rect x="0" y="0" width="{}" height="{}" fill="{}"/>)", width, height,
                   cell_colour(floor.background, muted));
  for (std::uint8_t k = 0; k < kKinds; ++k) {
    std::string group;
    for (const FloorRect& r : floor.rects) {
      if (r.kind != k) continue;
      group += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}"/>)", r.x, r.y, r.w, r.h);
    }
    if (!group.empty()) o += fmt::format(R"(<g fill="{}">{}</g>)", cell_colour(k, muted), group);
  }
  return o + "</g>";
}

std::string draw_marker_labels(const stats::FloorLayout& layout, double ox, double oy, double s,
                               std::string_view kinds) {
  const double font = std::clamp(s * 1.3, 8.0, 12.0);
  std::string o =
      fmt::format(R"(<g class="markers" font-size="{}" font-weight="600" text-anchor="middle">)", num(font));
  for (const auto& m : layout.markers) {
    if (!kinds.empty() && kinds.find(m.kind) == std::string_view::npos) continue;
    const double cx = ox + (m.x + 0.5) * s;
    const double cy = oy + (m.y + 0.5) * s;
    const char* colour = m.kind == "station" ? "#7a1010" : m.kind == "charger" ? "#1b5e20" : "#1f3b63";
    if (s >= 3.0) {
      o += fmt::format(
          R"(<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="{}" stroke-width="1"/>)",
          num(ox + m.x * s), num(oy + m.y * s), num(s), num(s), colour);
    }
    o += fmt::format(
        R"(<text x="{}" y="{}" dy="0.35em" fill="{}" stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">{}</text>)",
        num(cx), num(cy), colour, escape(m.label));
  }
  return o + "</g>";
}

std::string draw_scale_bar(double cell_size_m, double s, int cells_wide, double x, double y,
                           double max_length) {
  if (!(cell_size_m > 0) || !(s > 0) || cells_wide <= 0) return "";
  double metres = round_length_near(cells_wide * cell_size_m / 5.0);
  while (metres / cell_size_m * s > max_length && metres > 1e-6) metres = round_length_below(metres);
  const double len = metres / cell_size_m * s;
  const double half = len / 2;
  std::string o = R"(<g class="scale-bar" font-size="11" fill="#333">)";
  o += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="6" fill="#333"/>)", num(x), num(y), num(half));
  o +=
      fmt::format(R"(<rect x="{}" y="{}" width="{}" height="6" fill="#fff" stroke="#333" stroke-width="1"/>)",
                  num(x + half), num(y), num(len - half));
  o += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">0</text>)", num(x), num(y + 18));
  o += fmt::format(R"(<text x="{}" y="{}" text-anchor="middle">{} m</text>)", num(x + len), num(y + 18),
                   fmt::format("{:g}", metres));
  return o + "</g>";
}

std::string cell_size_text(double cell_size_m) {
  if (cell_size_m == std::round(cell_size_m)) return fmt::format("{:.1f} m", cell_size_m);
  return fmt::format("{:g} m", cell_size_m);
}

}  // namespace whsim::output::chart

namespace whsim::output {
namespace {

constexpr double kCanvasWidth = 960.0;
constexpr double kFloorMaxWidth = 920.0;
constexpr double kFloorMaxHeight = 680.0;
constexpr std::size_t kMaxLayoutRects = 200'000;
constexpr std::size_t kMaxLabelledMarkers = 60;  // per kind; more would be an unreadable smear

/// Legend of the kinds drawn, as square swatches in one or more rows.
std::string kind_legend(const chart::FloorRects& floor, double x, double y, double width, double& height) {
  std::string o = R"(<g class="legend" font-size="12" fill="#333">)";
  double cx = x;
  double cy = y;
  for (std::size_t i = 0; i < floor.present.size(); ++i) {
    if (!floor.present[i]) continue;
    const auto k = static_cast<std::uint8_t>(i);
    const std::string_view name = chart::cell_name(k);
    const double w = 22.0 + chart::text_width(name, 12.0) + 16.0;
    if (cx > x && cx + w > x + width) {
      cx = x;
      cy += 20.0;
    }
    o += fmt::format(
        R"(<rect x="{}" y="{}" width="14" height="14" fill="{}" stroke="#666" stroke-width="0.5"/>)",
        chart::num(cx), chart::num(cy - 7), chart::cell_colour(k, false));
    o += fmt::format(R"(<text x="{}" y="{}" dy="0.32em">{}</text>)", chart::num(cx + 20), chart::num(cy),
                     name);
    cx += w;
  }
  height += cy - y + 20.0;
  return o + "</g>";
}

/// Marker kinds with at most kMaxLabelledMarkers markers (stations are always labelled).
std::string labelled_kinds(const stats::FloorLayout& layout, std::string& note) {
  std::string kinds = "station";
  for (const char* kind : {"charger", "dock"}) {
    const auto n = static_cast<std::size_t>(std::count_if(layout.markers.begin(), layout.markers.end(),
                                                          [&](const auto& m) { return m.kind == kind; }));
    if (n <= kMaxLabelledMarkers) {
      kinds += std::string(",") + kind;
    } else {
      note += fmt::format(" {} {}s are not labelled.", n, kind);
    }
  }
  return kinds;
}

}  // namespace

std::string render_layout_svg(const stats::FloorLayout& layout, std::string_view title) {
  const int w = std::max(0, layout.width);
  const int h = std::max(0, layout.height);
  const double s = (w > 0 && h > 0) ? std::min(kFloorMaxWidth / w, kFloorMaxHeight / h) : 1.0;
  const double floor_top = 64.0;
  const double floor_h = h * s;
  std::string body;
  body += fmt::format(R"(<text x="20" y="28" font-size="18" font-weight="600" fill="#222">{}</text>)",
                      chart::escape(title));
  body += fmt::format(
      R"(<text x="20" y="48" font-size="12" fill="#555">{} x {} cells, cell {} ({} m x {} m)</text>)", w, h,
      chart::cell_size_text(layout.cell_size_m), fmt::format("{:g}", w * layout.cell_size_m),
      fmt::format("{:g}", h * layout.cell_size_m));
  const chart::FloorRects floor = chart::merge_floor(layout, kMaxLayoutRects);
  std::string note;
  if (floor.rects.empty() && layout.empty()) {
    note = "The layout is empty.";
  } else {
    body += chart::draw_floor(floor, w, h, 20.0, floor_top, s, false);
    body += fmt::format(R"(<rect x="20" y="{}" width="{}" height="{}" fill="none" stroke="#333"/>)",
                        chart::num(floor_top), chart::num(w * s), chart::num(floor_h));
    const std::string kinds = labelled_kinds(layout, note);
    body += chart::draw_marker_labels(layout, 20.0, floor_top, s, kinds);
  }
  if (floor.block > 1) {
    note = fmt::format("Downsampled: each square is {0} x {0} cells drawn with its most common kind.",
                       floor.block) +
           note;
  }
  double y = floor_top + floor_h + 22.0;
  double legend_h = 0.0;
  body += kind_legend(floor, 20.0, y, kCanvasWidth - 320.0, legend_h);
  body += chart::draw_scale_bar(layout.cell_size_m, s, w, kCanvasWidth - 280.0, y - 6.0, 240.0);
  y += std::max(legend_h, 26.0) + 4.0;
  if (!note.empty()) {
    body += fmt::format(R"(<text x="20" y="{}" font-size="12" fill="#555">{}</text>)", chart::num(y + 4),
                        chart::escape(note));
    y += 20.0;
  }
  const double height = y + 8.0;
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {1}" width="{0}" height="{1}" )"
      R"(font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif">)"
      "\n<title>{2}</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n{3}\n</svg>\n",
      chart::num(kCanvasWidth), chart::num(height), chart::escape(title), body);
}

}  // namespace whsim::output
