#!/usr/bin/python3
"""Plot KPIs of a parameter sweep against the swept parameter, with 95% confidence intervals.

A sweep is any set of whsim result folders, e.g.

    for n in 20 30 40 50; do
      for seed in 1 2 3; do
        whsim run --quiet --set robots.count=$n --seed $seed --out results/sweep/robots-$n-s$seed
      done
    done
    /usr/bin/python3 tools/examples/plot_sweep.py results/sweep --x robots.count -o sweep.png

Every result below FOLDER is read with whsim_results.load_sweep (one row per run); runs with
the same value of --x are replications of one point: the plot shows their mean with a 95%
t confidence interval (no bar for a point with a single run) and each run as a faint dot.

--y names what to plot (one panel each; default: throughput and mean pick cycle time):
  NAME          the KPI's value (a tally's mean, a count over the measured period, ...)
  NAME.p95      a tally's statistic (p50, p90, p95, p99, stddev, min, max)
  NAME/h        a count KPI per hour of measured time (value / (end_s - measured_from_s))

Writes a PNG (matplotlib's Agg backend; no display needed) and prints the plotted numbers.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import whsim_results as wr  # noqa: E402

DEFAULT_Y = ["units.picked/h", "orders.pick_cycle_time"]
TALLY_STATS = ("p50", "p90", "p95", "p99", "stddev", "min", "max")


def split_y(y: str) -> tuple[str, str | None, bool]:
    """(KPI name, tally statistic or None, per hour?) of a --y argument."""
    if y.endswith("/h"):
        return y[:-2], None, True
    base, _, stat = y.rpartition(".")
    if base and stat in TALLY_STATS:
        return base, stat, False
    return y, None, False


def add_y_columns(df: pd.DataFrame, ys: Sequence[str]) -> dict[str, str]:
    """Adds a column per --y (per-hour rates computed here) and returns y → unit."""
    units: dict[str, str] = {}
    known = df.attrs.get("units", {})
    for y in ys:
        name, stat, per_hour = split_y(y)
        column = name if stat is None else f"{name}.{stat}"
        if column not in df.columns:
            raise SystemExit(f"plot_sweep: no KPI '{column}' in these results "
                             f"(KPIs: {', '.join(df.attrs.get('kpi_columns', []))})")
        if per_hour:
            hours = (df["end_s"].astype(float) - df["measured_from_s"].astype(float)) / 3600.0
            df[y] = df[column].astype(float) / hours.where(hours > 0)
            units[y] = f"{known.get(column, '')}/h"
        else:
            units[y] = known.get(column, "")
    df.attrs.setdefault("units", {}).update(units)
    return units


def x_values(series: pd.Series) -> tuple[pd.Series, bool]:
    """The --x column as numbers when every value is one (else text) and whether it is numeric."""
    numeric = pd.to_numeric(series, errors="coerce")
    if numeric.notna().all():
        return numeric, True
    return series.astype(str), False


def plot(df: pd.DataFrame, x: str, ys: Sequence[str], units: dict[str, str], out: Path, title: str | None) -> pd.DataFrame:
    """Draws one panel per y and saves the figure; returns the plotted kpi_table."""
    xs, numeric = x_values(df[x])
    df = df.assign(_x=xs)
    table = wr.kpi_table(df, by=["_x"], kpis=list(ys)).rename(columns={"_x": x})
    fig, axes = plt.subplots(len(ys), 1, figsize=(7, 3.2 * len(ys) + 0.6), sharex=True, squeeze=False)
    categories = sorted(df["_x"].unique()) if not numeric else None
    pos = (lambda v: v) if numeric else (lambda v: categories.index(v))
    for ax, y in zip(axes[:, 0], ys):
        t = table[table["kpi"] == y]
        runs = df[["_x", y]].dropna()
        ax.scatter([pos(v) for v in runs["_x"]], runs[y], s=12, color="0.6", alpha=0.6, label="runs", zorder=2)
        err = t["ci95"].fillna(0.0).to_numpy()
        ax.errorbar([pos(v) for v in t[x]], t["mean"], yerr=err, fmt="o-", color="C0", capsize=4,
                    label="mean ± 95% CI", zorder=3)
        unit = units.get(y, "")
        ax.set_ylabel(f"{y} [{unit}]" if unit else y)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="best", fontsize=8)
    last = axes[-1, 0]
    last.set_xlabel(x)
    if not numeric:
        last.set_xticks(range(len(categories)))
        last.set_xticklabels(categories)
    n_runs = len(df)
    fig.suptitle(title or f"{', '.join(ys)} vs {x} ({n_runs} runs)", fontsize=11)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return table


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+", metavar="FOLDER",
                    help="a folder holding result folders (searched recursively), or result folders")
    ap.add_argument("--x", required=True, help="the swept --set key (a column of load_sweep), e.g. robots.count")
    ap.add_argument("--y", action="append", default=None,
                    help="a KPI to plot: NAME, NAME.p95 or NAME/h (repeatable; default: "
                         + " and ".join(DEFAULT_Y) + ")")
    ap.add_argument("-o", "--output", default="sweep.png", type=Path, help="the PNG to write (default sweep.png)")
    ap.add_argument("--title", default=None, help="figure title")
    args = ap.parse_args(argv)

    ys = args.y or DEFAULT_Y
    stats = sorted({s for s in (split_y(y)[1] for y in ys) if s})
    sources = args.folders[0] if len(args.folders) == 1 else args.folders
    try:
        df = wr.load_sweep(sources, stats=stats)
    except (OSError, ValueError) as e:
        print(f"plot_sweep: {e}", file=sys.stderr)
        return 1
    if df.empty:
        print(f"plot_sweep: no results found in {', '.join(args.folders)}", file=sys.stderr)
        return 1
    if args.x not in df.columns:
        print(f"plot_sweep: --x {args.x} is not a column; parameters found: "
              f"{', '.join(df.attrs.get('parameter_columns', [])) or 'none'}", file=sys.stderr)
        return 1
    units = add_y_columns(df, ys)
    table = plot(df, args.x, ys, units, args.output, args.title)
    with pd.option_context("display.width", 160, "display.max_columns", None):
        print(table.to_string(index=False, float_format=lambda v: f"{v:.4g}" if math.isfinite(v) else "-"))
    print(f"wrote {args.output} ({len(df)} runs, {df[args.x].nunique()} values of {args.x})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
