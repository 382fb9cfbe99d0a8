#!/usr/bin/python3
"""Integration test of whsim's result files as an analyst reads them (h5py, pandas).

    /usr/bin/python3 tests/python/test_results.py WHSIM WORKDIR

Runs whsim a few times into WORKDIR (which it empties first) and checks that result.h5,
summary.json, summary.csv and report.html hold the same numbers, that the stored scenario
reruns to the same fingerprint, and that tools/whsim_results.py and
tools/examples/plot_sweep.py work on real results (docs/analysis.md).

Exit 0: every check passed; 1: a check failed (each failure is printed with what differed);
77: skipped because h5py or pandas cannot be imported (the reason is printed).
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Iterable

try:
    import h5py
    import numpy as np
    import pandas as pd
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"skipped: {e.name or e} is not importable by {sys.executable} "
          "(Debian: apt-get install python3-h5py python3-pandas, or tools/setup.sh --tests)")
    sys.exit(77)

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import whsim_results as wr  # noqa: E402

PLOT_SWEEP = REPO / "tools" / "examples" / "plot_sweep.py"
TICKS_PER_SECOND = 1_000_000
TICKS_PER_HOUR = 3.6e9


class Checks:
    """Counts checks, prints each failure at once, and the totals at the end."""

    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0
        self.section = ""
        self._at_begin = 0

    def end(self) -> None:
        """Prints how many checks the current section made."""
        if self.section:
            print(f"   {self.passed + self.failed - self._at_begin} checks", flush=True)
        self.section = ""

    def begin(self, section: str) -> None:
        self.end()
        self.section = section
        self._at_begin = self.passed + self.failed
        print(f"== {section}", flush=True)

    def check(self, ok: bool, what: str, detail: Callable[[], str] | str = "") -> bool:
        if ok:
            self.passed += 1
            return True
        self.failed += 1
        d = detail() if callable(detail) else detail
        print(f"FAIL [{self.section}] {what}" + (f": {d}" if d else ""), flush=True)
        return False

    def equal(self, got: Any, expected: Any, what: str) -> bool:
        return self.check(same(got, expected), what, lambda: f"got {got!r}, expected {expected!r}")

    def arrays_equal(self, got: Iterable[Any], expected: Iterable[Any], what: str) -> bool:
        """Element by element, exactly (NaN == NaN == None); reports the first difference."""
        g, e = list(got), list(expected)
        if len(g) != len(e):
            return self.check(False, what, f"lengths differ: {len(g)} vs {len(e)}")
        for i, (a, b) in enumerate(zip(g, e)):
            if not same(a, b):
                diffs = sum(1 for x, y in zip(g, e) if not same(x, y))
                return self.check(False, what, f"{diffs} of {len(g)} elements differ; first at [{i}]: {a!r} vs {b!r}")
        return self.check(True, what)


def is_missing(v: Any) -> bool:
    """None (JSON null) or a NaN."""
    return v is None or (isinstance(v, (float, np.floating)) and math.isnan(v))


def same(a: Any, b: Any) -> bool:
    """Exact equality with NaN/None as one 'missing' value; numpy scalars as Python values."""
    if isinstance(a, np.generic):
        a = a.item()
    if isinstance(b, np.generic):
        b = b.item()
    if is_missing(a) or is_missing(b):
        return is_missing(a) and is_missing(b)
    if isinstance(a, (bool, int, float)) and isinstance(b, (bool, int, float)):
        return a == b
    return a == b


def text(v: Any) -> str:
    if isinstance(v, (bytes, np.bytes_)):
        return bytes(v).rstrip(b"\0").decode()
    return str(v)


def h5_strings(obj: Any) -> list[str]:
    data = obj[()] if isinstance(obj, h5py.Dataset) else obj
    return [text(v) for v in np.asarray(data, dtype=object).ravel()]


def run_whsim(whsim: str, args: list[str], cwd: Path, checks: Checks, what: str) -> bool:
    """Runs whsim with `args` in `cwd`; a failure (non-zero exit) is a failed check."""
    t0 = time.monotonic()
    try:
        p = subprocess.run([whsim, *args], cwd=cwd, capture_output=True, text=True)
    except OSError as e:
        return checks.check(False, f"{what}: cannot run {whsim}", str(e))
    print(f"   whsim {' '.join(args)}  ({time.monotonic() - t0:.1f} s, exit {p.returncode})", flush=True)
    return checks.check(p.returncode == 0, f"{what}: whsim {' '.join(args)} exited {p.returncode}",
                        lambda: (p.stderr or p.stdout)[-2000:])


def report_data(html_path: Path) -> dict[str, Any]:
    """The JSON of report.html's <script type="application/json" id="whsim-data"> block."""
    page = html_path.read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/json" id="whsim-data">(.*?)</script>', page, flags=re.S)
    if len(blocks) != 1:
        raise ValueError(f"{html_path}: {len(blocks)} whsim-data blocks (expected 1)")
    return json.loads(blocks[0])


def kpi_rows(run: h5py.Group) -> dict[str, dict[str, Any]]:
    """The kpis compound data set of a run group: name -> {unit, kind, value, count, ...}."""
    data = run["kpis"][()]
    out: dict[str, dict[str, Any]] = {}
    for row in data:
        d = {f: (text(row[f]) if data.dtype[f].kind in "OS" else row[f].item()) for f in data.dtype.names}
        out[d["name"]] = d
    return out


def series_of(run: h5py.Group) -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, str]]:
    """time_s, name -> values and name -> unit of a run's series group."""
    sg = run["series"]
    names = h5_strings(sg.attrs["names"]) if "names" in sg.attrs else [k for k in sg if k != "time_s"]
    values = {n: sg[wr.link_name(n)][()] for n in names}
    units = {n: text(sg[wr.link_name(n)].attrs.get("unit", "")) for n in names}
    return sg["time_s"][()], values, units


# ------------------------------------------------------------------------------------------------


def check_h5_against_summary(c: Checks, folder: Path) -> None:
    """result.h5 (raw h5py) against summary.json and summary.csv of the same run."""
    c.begin(f"{folder.name}: result.h5 vs summary.json / summary.csv")
    summary = json.loads((folder / "summary.json").read_text())
    with h5py.File(folder / "result.h5", "r") as f:
        a = f.attrs
        c.equal(text(a["format"]), "whsim-result", "root attribute format")
        c.equal(int(a["schema_version"]), 1, "root attribute schema_version")
        for key in ("whsim_version", "git_commit", "compiler", "compiler_flags", "scenario_name", "scenario_file",
                    "scenario_hash", "scenario_sha256", "detail", "trace_filter", "provenance_created",
                    "provenance_host"):
            c.check(key in a, f"root attribute {key} present")
        for key in ("git_dirty", "complete", "exit_status", "master_seed", "run_count", "provenance_wall_seconds",
                    "provenance_build_seconds"):
            c.check(key in a, f"root attribute {key} present")
        c.equal(text(a["scenario_name"]), summary["scenario"]["name"], "scenario name")
        c.equal(text(a["scenario_file"]), summary["scenario"]["file"], "scenario file")
        c.equal(text(a["scenario_hash"]), summary["scenario"]["hash"], "scenario hash")
        c.equal(text(a["scenario_sha256"]), summary["scenario"]["sha256"], "scenario sha256")
        scenario = text(f["scenario"][()])
        c.equal(hashlib.sha256(scenario.encode()).hexdigest(), text(a["scenario_sha256"]),
                "sha256 of /scenario == scenario_sha256")
        c.equal(int(a["master_seed"]), summary["master_seed"], "master_seed")
        c.equal(text(a["detail"]), summary["detail"], "detail")
        c.equal(bool(a["complete"]), summary["complete"], "complete")
        c.equal(int(a["exit_status"]), summary["exit_status"], "exit_status")
        c.equal(text(a["whsim_version"]), summary["whsim_version"], "whsim_version")
        c.equal(text(a["git_commit"]), summary["git_commit"], "git_commit")
        c.equal(bool(a["git_dirty"]), summary["git_dirty"], "git_dirty")
        prov = summary["provenance"]
        c.equal(text(a["provenance_created"]), prov["created"], "provenance created")
        c.equal(text(a["provenance_host"]), prov["host"], "provenance host")
        c.equal(float(a["provenance_wall_seconds"]), prov["wall_seconds"], "provenance wall_seconds")
        c.equal(float(a["provenance_build_seconds"]), prov["build_seconds"], "provenance build_seconds")
        params = dict(zip(h5_strings(f["parameters/name"]), h5_strings(f["parameters/value"])))
        c.equal(params, {k: str(v) for k, v in summary["parameters"].items()}, "parameters (--set overrides)")
        run_keys = sorted(f["runs"].keys())
        c.equal(len(run_keys), len(summary["runs"]), "number of runs")
        c.equal(int(a["run_count"]), len(run_keys), "run_count attribute")
        for key, sj in zip(run_keys, summary["runs"]):
            g = f["runs"][key]
            ga = g.attrs
            c.equal(text(ga["fingerprint"]), sj["fingerprint"], f"run {key} fingerprint")
            c.equal(int(ga["events"]), sj["events"], f"run {key} events")
            c.equal(int(ga["seed"]), sj["seed"], f"run {key} seed")
            c.equal(int(ga["replication"]), sj["replication"], f"run {key} replication")
            c.equal(bool(ga["complete"]), sj["complete"], f"run {key} complete")
            c.equal(float(ga["measured_from_s"]), sj["measured_from_s"], f"run {key} measured_from_s")
            c.equal(float(ga["end_s"]), sj["end_s"], f"run {key} end_s")
            model = dict(zip(h5_strings(g["model/name"]), g["model/value"][()].tolist()))
            c.equal(model, sj["model"], f"run {key} model figures")
            kpis = kpi_rows(g)
            c.equal(list(kpis), list(sj["kpis"]), f"run {key} KPI names and order")
            bad: list[str] = []
            n_cmp = 0
            for name, jk in sj["kpis"].items():
                hk = kpis.get(name)
                if hk is None:
                    continue
                for field in ("unit", "kind", "value", "count", "stddev", "min", "max", "p50", "p90", "p95", "p99"):
                    if field not in jk:
                        continue
                    n_cmp += 1
                    if not same(hk[field], jk[field]):
                        bad.append(f"{name}.{field}: h5 {hk[field]!r} json {jk[field]!r}")
            c.check(not bad, f"run {key}: {n_cmp} KPI fields equal in result.h5 and summary.json",
                    lambda: "; ".join(bad[:10]) + (f" (+{len(bad) - 10} more)" if len(bad) > 10 else ""))
            # Tables
            tg = g["tables"]
            names = h5_strings(tg.attrs["names"])
            c.equal(names, list(sj["tables"]), f"run {key} table names")
            for tname, jt in sj["tables"].items():
                if wr.link_name(tname) not in tg:
                    continue
                t = tg[wr.link_name(tname)]
                cols = h5_strings(t.attrs["columns"])
                c.equal(cols, jt["columns"], f"table {tname}: columns")
                c.equal(h5_strings(t.attrs["units"]), jt["units"], f"table {tname}: units")
                c.equal(text(t.attrs["label"]), jt["label"], f"table {tname}: label")
                c.equal(text(t.attrs["description"]), jt["description"], f"table {tname}: description")
                c.equal(h5_strings(t["row_labels"]), [r[0] for r in jt["rows"]], f"table {tname}: row labels")
                for j, col in enumerate(cols):
                    c.arrays_equal(t[wr.link_name(col)][()].tolist(), [r[1 + j] for r in jt["rows"]],
                                   f"table {tname}: column {col}")
        # summary.csv
        with open(folder / "summary.csv", newline="") as fh:
            rows = list(csv.DictReader(fh))
        c.equal(len(rows), len(run_keys), "summary.csv: one row per run")
        for key, row in zip(run_keys, rows):
            g = f["runs"][key]
            c.equal(row.get("fingerprint"), text(g.attrs["fingerprint"]), f"summary.csv run {key} fingerprint")
            c.equal(row.get("seed"), str(int(g.attrs["seed"])), f"summary.csv run {key} seed")
            c.equal(row.get("events"), str(int(g.attrs["events"])), f"summary.csv run {key} events")
            c.equal(row.get("scenario_hash"), text(a["scenario_hash"]), f"summary.csv run {key} scenario_hash")
            bad = []
            n_cmp = 0
            for name, k in kpi_rows(g).items():
                cols = [(f"{name} [{k['unit']}]", "value")]
                if k["kind"] == "tally":
                    cols += [(f"{name}.{p} [{k['unit']}]", p) for p in ("p50", "p95", "p99")]
                for col, field in cols:
                    n_cmp += 1
                    if col not in row:
                        bad.append(f"no column '{col}'")
                        continue
                    v = float(row[col]) if row[col] != "" else float("nan")
                    if not same(v, k[field]):
                        bad.append(f"{col}: csv {row[col]!r} h5 {k[field]!r}")
            c.check(not bad, f"summary.csv run {key}: {n_cmp} KPI cells equal result.h5",
                    lambda: "; ".join(bad[:10]))


def check_h5_structure(c: Checks, folder: Path, detail: str) -> None:
    """Shapes and presence by detail level: series lengths, grids vs floor, records, trace."""
    c.begin(f"{folder.name}: result.h5 structure (detail {detail})")
    with h5py.File(folder / "result.h5", "r") as f:
        c.equal(text(f.attrs["detail"]), detail, "detail attribute")
        g = f["runs/000000"]
        c.check("floor" in g and "cells" in g["floor"], "floor/cells present")
        cells = g["floor/cells"]
        c.equal(cells.dtype, np.dtype("uint8"), "floor/cells dtype uint8")
        c.check(cells.ndim == 2 and cells.size > 0, "floor/cells is a non-empty 2-D array", str(cells.shape))
        c.check(set(np.unique(cells[()]).tolist()) <= set(range(7)), "floor cell values within 0..6")
        c.check("cell_size_m" in cells.attrs and float(cells.attrs["cell_size_m"]) > 0, "floor cell_size_m > 0")
        markers = g["floor/markers"][()]
        c.check(len(markers) > 0 and set(markers.dtype.names) >= {"kind", "label", "x", "y"}, "floor markers")
        standard = detail in ("standard", "full")
        c.equal("series" in g, standard, "series group present")
        c.equal("records" in g, standard, "records group present")
        c.equal("grids" in g, standard, "grids group present")
        c.equal("trace" in g, detail == "full", "trace present")
        if standard:
            t, values, units = series_of(g)
            c.check(len(t) >= 2, "series time_s has samples", str(len(t)))
            c.check(bool(np.all(np.diff(t) > 0)), "series time_s strictly increasing")
            bad = [f"{n}: {len(v)} values" for n, v in values.items() if len(v) != len(t)]
            c.check(not bad, f"{len(values)} series: length == len(time_s) ({len(t)})", "; ".join(bad))
            c.check(all(units[n] for n in values), "every series has a unit attribute")
            kinds = {n: k["kind"] for n, k in kpi_rows(g).items()}
            for n, v in values.items():
                if kinds.get(n) == "count":
                    c.check(bool(np.all(np.diff(v) >= 0)), f"cumulative series {n} never decreases")
            # A count KPI (measured window) is its cumulative series' increase over that window.
            start, end = float(g.attrs["measured_from_s"]), float(g.attrs["end_s"])
            where = {x: i for i, x in enumerate(t.tolist())}
            if c.check(start in where and end in where, "measured_from_s and end_s are sample times",
                       f"{start}, {end}, samples {t[0]}..{t[-1]}"):
                kp = kpi_rows(g)
                compared = [n for n in values if kinds.get(n) == "count"]
                bad = [f"{n}: series {values[n][where[end]] - values[n][where[start]]!r} KPI {kp[n]['value']!r}"
                       for n in compared if values[n][where[end]] - values[n][where[start]] != kp[n]["value"]]
                c.check(not bad and len(compared) > 0,
                        f"{len(compared)} count KPIs == increase of their series over the measured window",
                        "; ".join(bad) or "no count series")
            for name in h5_strings(g["grids"].attrs["names"]):
                grid = g["grids"][wr.link_name(name)]
                c.equal(grid.shape, cells.shape, f"grid {name} shape == floor/cells shape")
            rec = g["records/orders"]
            cols = h5_strings(rec.attrs["columns"])
            for col in ("id", "arrived_s", "opened_s", "first_pick_s", "completed_s", "due_s", "station", "lines",
                        "units"):
                c.check(col in cols, f"records/orders has column {col}", str(cols))
            lengths = {col: len(rec[wr.link_name(col)]) for col in cols}
            c.check(len(set(lengths.values())) == 1, "records/orders columns have one length", str(lengths))
        if detail == "full":
            tr = g["trace"]
            c.check(len(tr) > 0, "trace has records")
            kinds = h5_strings(g["trace_kinds"])
            comps = h5_strings(g["trace_components"])
            d = tr[()]
            c.check(int(d["kind"].max()) < len(kinds), "trace kind ids index trace_kinds")
            c.check(int(d["component"].max()) < len(comps), "trace component ids index trace_components")
            c.check(bool(np.all(np.diff(d["time_ticks"]) >= 0)), "trace times never decrease")


def check_records_vs_kpis(c: Checks, folder: Path) -> None:
    """With no warm-up the KPIs cover the whole run, as the records do: counts must agree."""
    c.begin(f"{folder.name}: order records vs KPIs (warm-up 0)")
    with h5py.File(folder / "result.h5", "r") as f:
        g = f["runs/000000"]
        c.equal(float(g.attrs["measured_from_s"]), 0.0, "measured_from_s is 0 with warmup=0s")
        k = kpi_rows(g)
        rec = g["records/orders"]
        arrived = rec["arrived_s"][()]
        completed = rec["completed_s"][()]
        units = rec["units"][()]
        done = np.isfinite(completed)
        c.equal(len(arrived), int(k["orders.arrived"]["value"]), "order records == KPI orders.arrived")
        c.equal(int(done.sum()), int(k["orders.completed"]["value"]), "completed order records == orders.completed")
        c.equal(int(done.sum()), int(k["orders.pick_cycle_time"]["count"]),
                "completed order records == orders.pick_cycle_time count")
        ct = completed[done] - arrived[done]
        mean = float(ct.mean()) if len(ct) else float("nan")
        c.check(math.isclose(mean, k["orders.pick_cycle_time"]["value"], rel_tol=1e-9),
                "mean(completed_s - arrived_s) == orders.pick_cycle_time",
                f"records {mean!r}, KPI {k['orders.pick_cycle_time']['value']!r}")
        c.check(math.isclose(float(ct.max()), k["orders.pick_cycle_time"]["max"], rel_tol=1e-12),
                "max(completed_s - arrived_s) == orders.pick_cycle_time max",
                f"records {float(ct.max())!r}, KPI {k['orders.pick_cycle_time']['max']!r}")
        # KPI percentiles come from a quantile sketch: within its relative error (0.5 %) of the
        # order statistic of rank floor(q (n - 1)).
        srt = np.sort(ct)
        for p, q in (("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99)):
            exact = float(srt[math.floor(q * (len(srt) - 1))])
            c.check(abs(k["orders.pick_cycle_time"][p] - exact) <= 0.005 * abs(exact) * (1 + 1e-9),
                    f"orders.pick_cycle_time {p} within 0.5 % of the records' order statistic",
                    f"KPI {k['orders.pick_cycle_time'][p]!r}, records {exact!r}")
        c.equal(float(units.sum()), float(k["units.demanded"]["value"]), "sum of order units == units.demanded")
        c.check(bool(np.all(np.isnan(completed) | (completed >= arrived))), "completed_s >= arrived_s")
        # Cumulative count series end at the KPI's value when they start with the run.
        t, values, _ = series_of(g)
        end_s = float(g.attrs["end_s"])
        if c.check(t[-1] == end_s, "last series sample at end_s", f"{t[-1]} vs {end_s}"):
            for name, v in values.items():
                if k.get(name, {}).get("kind") == "count":
                    c.equal(float(v[-1]), float(k[name]["value"]), f"series {name} at end == KPI value")


def check_whole_run_tables(c: Checks, folder: Path) -> None:
    """The hourly and daily tables cover the whole run, as the order records do."""
    c.begin(f"{folder.name}: hourly/daily tables vs order records")
    res = wr.load_result(folder)
    orders = res.records.get("orders")
    if not c.check(orders is not None, "records orders loaded"):
        return
    completed = int(np.isfinite(orders["completed_s"]).sum())
    for tname in ("hourly", "daily"):
        t = res.tables.get(tname)
        if not c.check(t is not None, f"table {tname} present", str(list(res.tables))):
            continue
        if c.check("orders" in t.columns, f"table {tname} has an orders column", str(list(t.columns))):
            c.equal(float(t["orders"].sum()), float(completed), f"sum of {tname} orders == completed order records")


def check_report(c: Checks, folder: Path) -> None:
    """report.html's whsim-data block against result.h5."""
    c.begin(f"{folder.name}: report.html data block vs result.h5")
    try:
        data = report_data(folder / "report.html")
    except (OSError, ValueError) as e:
        c.check(False, "report.html has one parseable whsim-data block", str(e))
        return
    c.check(True, "report.html has one parseable whsim-data block")
    for key in ("meta", "kpis", "series", "throughput"):
        c.check(key in data, f"data block has '{key}'", f"keys: {sorted(data)}")
    with h5py.File(folder / "result.h5", "r") as f:
        g = f["runs/000000"]
        meta = data.get("meta", {})
        c.equal(meta.get("scenario_hash"), text(f.attrs["scenario_hash"]), "meta.scenario_hash")
        c.equal(meta.get("runs"), len(f["runs"]), "meta.runs")
        c.equal(meta.get("detail"), text(f.attrs["detail"]), "meta.detail")
        # KPIs
        kpis = kpi_rows(g)
        rk = data.get("kpis", {})
        c.equal(list(rk), list(kpis), "report KPI names and order == result.h5")
        bad = []
        n_cmp = 0
        for name, jk in rk.items():
            hk = kpis.get(name)
            if hk is None:
                continue
            for field, v in jk.items():
                if field in hk:
                    n_cmp += 1
                    if not same(v, hk[field]):
                        bad.append(f"{name}.{field}: report {v!r} h5 {hk[field]!r}")
        c.check(not bad and n_cmp > 0, f"{n_cmp} KPI fields in the report equal result.h5",
                lambda: "; ".join(bad[:10]) or "nothing compared")
        # Series: exactly the HDF5 arrays.
        t, values, units = series_of(g)
        rs = data.get("series", {})
        c.check(len(rs) > 0, "report embeds series", str(list(rs)))
        for name, s in rs.items():
            if not c.check(name in values, f"report series {name} is in result.h5"):
                continue
            c.equal(s.get("unit"), units[name], f"series {name}: unit")
            c.arrays_equal(s.get("time_s", []), t.tolist(), f"series {name}: time_s")
            c.arrays_equal(s.get("values", []), values[name].tolist(), f"series {name}: values")
        # Throughput: differences of the cumulative series over each bin, per hour.
        tp = data.get("throughput")
        if tp is not None:
            ticks = [round(x * TICKS_PER_SECOND) for x in t.tolist()]
            dt = ticks[1] - ticks[0]
            bin_ticks = round(tp["bin_s"] * TICKS_PER_SECOND)
            c.check(bin_ticks > 0 and bin_ticks % dt == 0, "throughput bin_s is a multiple of the sample interval",
                    f"bin_s {tp['bin_s']}, sample {dt / TICKS_PER_SECOND} s")
            k = max(1, bin_ticks // dt)
            intervals = len(ticks) - 1
            edges = list(range(0, intervals, k)) + [intervals]
            c.arrays_equal(tp.get("time_h", []), [ticks[e] / TICKS_PER_HOUR for e in edges[1:]],
                           "throughput time_h == bin ends of series time_s")
            for key, series in (("units_per_h", "units.picked"), ("orders_per_h", "orders.completed")):
                if not c.check(key in tp and series in values, f"throughput {key} and series {series} present"):
                    continue
                cum = values[series].tolist()
                expected = []
                for a, b in zip(edges[:-1], edges[1:]):
                    dt_h = (ticks[b] - ticks[a]) / TICKS_PER_HOUR
                    expected.append((cum[b] - cum[a]) / dt_h if dt_h > 0 else None)
                c.arrays_equal(tp[key], expected, f"throughput {key} == binned differences of {series} per hour")
                total = sum(v * (ticks[b] - ticks[a]) / TICKS_PER_HOUR for v, a, b in zip(tp[key], edges, edges[1:]))
                c.check(math.isclose(total, cum[-1] - cum[0], rel_tol=1e-9, abs_tol=1e-6),
                        f"throughput {key} integrates to the series' increase", f"{total} vs {cum[-1] - cum[0]}")
        # Cycle-time charts: built from the order records of the orders completed in the measured
        # window (as the KPI), percentiles by linear interpolation between order statistics (the
        # KPI's come from the quantile sketch, so they agree only to its relative error).
        rec = g["records/orders"]
        arrived, completed = rec["arrived_s"][()], rec["completed_s"][()]
        measured_from = float(g.attrs["measured_from_s"])
        done = np.isfinite(arrived) & np.isfinite(completed) & (completed >= measured_from)
        ct = sorted((completed[done] - arrived[done]).tolist())
        hist = data.get("cycle_time_histogram")
        if c.check(hist is not None, "report has cycle_time_histogram data"):
            c.equal(hist.get("n"), len(ct), "histogram n == order records completed in the measured window")
            c.equal(sum(hist.get("counts", [])) + hist.get("overflow", 0), hist.get("n"),
                    "histogram counts + overflow == n")
            for p, q in (("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99)):
                c.equal(hist.get("percentiles_s", {}).get(p), interpolated_percentile(ct, q),
                        f"histogram percentiles_s.{p} == interpolated percentile of the records")
        cdf = data.get("cycle_time_cdf")
        if c.check(cdf is not None, "report has cycle_time_cdf data"):
            c.equal(cdf.get("source"), "records", "cycle_time_cdf source")
            c.equal(cdf.get("n"), len(ct), "cycle_time_cdf n == order records completed in the measured window")
            c.check(set(cdf.get("time_s", [])) <= set(ct), "cycle_time_cdf times are order cycle times")
            c.equal(cdf.get("fraction", [None])[-1], 1.0, "cycle_time_cdf ends at fraction 1")


def interpolated_percentile(sorted_values: list[float], q: float) -> float:
    """The report's percentile: linear interpolation between order statistics (h = (n-1) q)."""
    if not sorted_values:
        return float("nan")
    h = (len(sorted_values) - 1) * q
    lo = math.floor(h)
    if lo + 1 >= len(sorted_values):
        return sorted_values[-1]
    return sorted_values[lo] + (h - lo) * (sorted_values[lo + 1] - sorted_values[lo])


def check_rerun(c: Checks, whsim: str, work: Path) -> None:
    """The stored scenario reruns to the same fingerprint (--from and as a file)."""
    c.begin("stored scenario reruns to the same fingerprint")
    with h5py.File(work / "r1" / "result.h5", "r") as f:
        scenario = text(f["scenario"][()])
        fp = text(f["runs/000000"].attrs["fingerprint"])
        h = text(f.attrs["scenario_hash"])
    (work / "r1-scenario.yaml").write_text(scenario, encoding="utf-8")
    for args, out in ((["--from", "r1"], "r1b"), (["r1-scenario.yaml"], "r1c")):
        if not run_whsim(whsim, ["run", *args, "--out", out, "--quiet"], work, c, f"rerun {' '.join(args)}"):
            continue
        s = json.loads((work / out / "summary.json").read_text())
        c.equal(s["runs"][0]["fingerprint"], fp, f"{' '.join(args)}: fingerprint == r1's")
        c.equal(s["scenario"]["hash"], h, f"{' '.join(args)}: scenario hash == r1's")


def check_helpers(c: Checks, work: Path) -> None:
    """load_result / load_sweep / kpi_table / the module's __main__ on real results."""
    c.begin("whsim_results.load_result")
    r1, r2, r3 = (wr.load_result(work / n) for n in ("r1", "r2", "r3"))
    for name, r, detail in (("r1", r1, "standard"), ("r2", r2, "full"), ("r3", r3, "summary")):
        with h5py.File(work / name / "result.h5", "r") as f:
            g = f["runs/000000"]
            n_kpis = len(g["kpis"])
            tables = h5_strings(g["tables"].attrs["names"])
            cells = g["floor/cells"].shape
            n_series = len(h5_strings(g["series"].attrs["names"])) if "series" in g else 0
            n_times = len(g["series/time_s"]) if "series" in g else 0
            n_trace = len(g["trace"]) if "trace" in g else None
            n_orders = len(g["records/orders/id"]) if "records" in g else 0
        c.equal(r.meta.get("format"), "whsim-result", f"{name}: meta format")
        c.equal(r.detail, detail, f"{name}: detail")
        c.equal(list(r.kpis.columns), wr.KPI_COLUMNS, f"{name}: kpis columns")
        c.equal(len(r.kpis), n_kpis, f"{name}: one kpis row per KPI")
        c.equal(list(r.tables), tables, f"{name}: tables")
        c.check(all(isinstance(t, pd.DataFrame) and len(t) > 0 for t in r.tables.values()), f"{name}: tables filled")
        c.equal(r.layout.cells.shape, cells, f"{name}: layout shape")
        c.check(r.layout.cells.dtype == np.uint8 and len(r.layout.markers) > 0 and r.layout.cell_size_m > 0,
                f"{name}: layout cells, markers, cell size")
        c.check(len(r.scenario) > 0, f"{name}: scenario text")
        c.equal(list(r.series.columns), ["run", "time_s", "name", "value"], f"{name}: series columns")
        c.equal(len(r.series), n_series * n_times, f"{name}: series rows == series x samples")
        if detail == "summary":
            c.check(r.series.empty and r.records == {} and r.grids == {}, f"{name}: no series, records or grids")
        else:
            c.equal(r.series_wide().shape, (n_times, n_series), f"{name}: series_wide shape")
            c.equal(len(r.records.get("orders", [])), n_orders, f"{name}: records orders rows")
            c.check(len(r.grids) > 0 and all(v.shape == cells for v in r.grids.values()),
                    f"{name}: grids shaped like the floor")
        if detail == "full":
            ok = c.check(r.trace is not None and len(r.trace) == n_trace, f"{name}: trace rows", lambda: str(
                None if r.trace is None else len(r.trace)) + f" vs {n_trace}")
            if ok:
                c.check(r.trace["kind"].notna().all() and r.trace["component"].notna().all(),
                        f"{name}: every trace kind and component resolved to a name")
        else:
            c.check(r.trace is None, f"{name}: no trace")
    # One call: the KPI frame has summary.json's KPI names.
    summary = json.loads((work / "r1" / "summary.json").read_text())
    kpis = wr.load_result(work / "r1").kpis
    c.equal(list(kpis["name"]), list(summary["runs"][0]["kpis"]), "one call: load_result(r1).kpis names == summary.json")
    c.equal(r1.kpi("orders.completed"), summary["runs"][0]["kpis"]["orders.completed"]["value"], "Result.kpi()")

    c.begin("whsim_results.load_sweep / kpi_table")
    sweep = wr.load_sweep([work / "r1", work / "r2", work / "r3"])
    c.equal(len(sweep), 3, "load_sweep of three results: three rows")
    for col in ("scenario", "scenario_hash", "seed", "replication", "complete", "fingerprint", "parameters"):
        c.check(col in sweep.columns, f"load_sweep column {col}")
    for i, r in enumerate((r1, r2, r3)):
        c.equal(sweep["fingerprint"].iloc[i], r.runs["fingerprint"].iloc[0], f"load_sweep row {i} fingerprint")
        vals = r.kpis.set_index("name")["value"]
        bad = [n for n, v in vals.items() if not same(sweep[n].iloc[i], v)]
        c.check(not bad, f"load_sweep row {i}: {len(vals)} KPI values equal load_result's", ", ".join(bad[:10]))
    c.equal(sweep.attrs.get("parameter_columns"), ["simulation.horizon", "simulation.warmup"],
            "parameter columns: the --set keys and --horizon")
    c.equal(sweep["simulation.warmup"].tolist(), ["", "10min", ""], "parameter values as text, '' when not set")
    c.equal(sweep["simulation.horizon"].tolist(), ["2h", "30min", ""], "--horizon is a parameter")
    # A folder holding only summary.json is read from it.
    only = work / "summary-only" / "r3"
    only.mkdir(parents=True, exist_ok=True)
    shutil.copy(work / "r3" / "summary.json", only / "summary.json")
    js = wr.load_sweep(work / "summary-only")
    c.equal(len(js), 1, "load_sweep of a summary.json-only folder: one row")
    if len(js) == 1:
        row3 = sweep.iloc[2]
        kp = js.attrs["kpi_columns"]
        bad = [k for k in kp if not same(js[k].iloc[0], row3[k])]
        c.check(not bad and len(kp) > 0, f"summary.json fallback: {len(kp)} KPI values equal result.h5's",
                ", ".join(bad[:10]))
        c.equal(js["fingerprint"].iloc[0], row3["fingerprint"], "summary.json fallback: fingerprint")
    t = wr.kpi_table(sweep, by=["detail"], kpis=["orders.completed"])
    c.equal(len(t), 3, "kpi_table: one row per group x KPI")
    c.check(list(t.columns[:2]) == ["detail", "kpi"] and {"mean", "std", "n", "ci95"} <= set(t.columns),
            "kpi_table columns", str(list(t.columns)))
    t_all = wr.kpi_table(sweep, kpis=["orders.completed"])
    v = sweep["orders.completed"].astype(float)
    expected_ci = wr.t_quantile(2) * v.std() / math.sqrt(3)
    c.check(t_all["n"].iloc[0] == 3 and math.isclose(t_all["mean"].iloc[0], v.mean())
            and math.isclose(t_all["ci95"].iloc[0], expected_ci), "kpi_table mean, n and t half-width",
            t_all.to_string())
    c.check(math.isclose(wr.t_quantile(2), 4.302652729911275, rel_tol=1e-9), "t quantile (2 df)")

    c.begin("whsim_results.py as a command")
    p = subprocess.run([sys.executable, str(REPO / "tools" / "whsim_results.py"), str(work / "r1")],
                       capture_output=True, text=True)
    c.check(p.returncode == 0, "whsim_results.py r1 exits 0", p.stderr[-1000:])
    missing = [n for n in summary["runs"][0]["kpis"] if n not in p.stdout]
    c.check(not missing, "whsim_results.py r1 prints every KPI", ", ".join(missing))


def check_plot_sweep(c: Checks, whsim: str, work: Path) -> None:
    c.begin("tools/examples/plot_sweep.py on a three-run sweep")
    for n in (20, 30, 40):
        run_whsim(whsim, ["run", "--quiet", "--horizon", "1h", "--set", f"robots.count={n}", "--out",
                          f"sweep/robots-{n}"], work, c, f"sweep run robots.count={n}")
    sweep = wr.load_sweep(work / "sweep")
    c.equal(len(sweep), 3, "load_sweep(folder) finds three results")
    c.equal(sorted(sweep.get("robots.count", pd.Series(dtype=str)).tolist()), ["20", "30", "40"],
            "robots.count column holds the --set values as text")
    for args, png in (([], "sweep.png"), (["--y", "orders.pick_cycle_time"], "cycle.png")):
        p = subprocess.run([sys.executable, str(PLOT_SWEEP), str(work / "sweep"), "--x", "robots.count", *args, "-o",
                            str(work / png)], capture_output=True, text=True)
        c.check(p.returncode == 0, f"plot_sweep.py {' '.join(args)} exits 0", (p.stderr or p.stdout)[-2000:])
        out = work / png
        ok = out.is_file() and out.stat().st_size > 1000 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        c.check(ok, f"plot_sweep.py wrote a non-empty PNG {png}",
                f"size {out.stat().st_size if out.exists() else 'missing'}")


def check_whsim_sweep(c: Checks, whsim: str, work: Path) -> None:
    c.begin("a whsim sweep folder: load_result/load_sweep against points.csv and runs.csv; plot_sweep.py")
    ok = run_whsim(whsim, ["sweep", "--quiet", "--vary", "robots.count=[10, 30]", "--vary", "stations.pickers=[1, 2]",
                           "--set", "simulation.horizon=1h", "-n", "2", "--out", "wsweep"], work, c, "whsim sweep")
    if not ok:
        return
    res = wr.load_result(work / "wsweep")
    c.equal(res.experiment.get("kind"), "sweep", "experiment kind")
    c.equal(res.experiment.get("keys"), ["robots.count", "stations.pickers"], "experiment keys")
    c.equal(res.points.values.tolist(), [["10", "1"], ["10", "2"], ["30", "1"], ["30", "2"]], "points")
    runs_csv = pd.read_csv(work / "wsweep" / "runs.csv", dtype=str, keep_default_na=False)
    c.equal(res.runs["run_id"].tolist(), runs_csv["run_id"].tolist(), "run ids in run-id order, as runs.csv")
    c.equal(res.runs["point"].tolist(), [0, 0, 1, 1, 2, 2, 3, 3], "runs' points")
    sweep = wr.load_sweep(work / "wsweep")
    c.equal(sweep["robots.count"].tolist(), runs_csv["robots.count"].tolist(), "load_sweep: swept key per run")
    c.equal(sweep["stations.pickers"].tolist(), runs_csv["stations.pickers"].tolist(), "load_sweep: second key")
    c.check(np.allclose(sweep["orders.completed"].to_numpy(dtype=float),
                        runs_csv["orders.completed [orders]"].to_numpy(dtype=float)), "KPI values match runs.csv")
    points_csv = pd.read_csv(work / "wsweep" / "points.csv")
    for p, g in sweep.groupby(["robots.count", "stations.pickers"], sort=True):
        row = points_csv[(points_csv["robots.count"] == int(p[0])) & (points_csv["stations.pickers"] == int(p[1]))]
        c.check(len(row) == 1 and abs(g["orders.completed"].mean() - float(row["orders.completed mean [orders]"].iloc[0]))
                < 1e-9, f"points.csv mean of point {p}")
    proc = subprocess.run([sys.executable, str(PLOT_SWEEP), str(work / "wsweep"), "--x", "robots.count", "-o",
                           str(work / "wsweep.png")], capture_output=True, text=True)
    c.check(proc.returncode == 0 and (work / "wsweep.png").is_file(), "plot_sweep.py on a sweep folder",
            (proc.stderr or proc.stdout)[-2000:])


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    whsim = str(Path(argv[1]).resolve())
    work = Path(argv[2]).resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    c = Checks()
    c.begin("runs")
    ok1 = run_whsim(whsim, ["run", "--quiet", "--horizon", "2h", "--report", "--out", "r1"], work, c, "r1")
    ok2 = run_whsim(whsim, ["run", "--quiet", "--detail", "full", "--horizon", "30min",
                                 "--set", "simulation.warmup=10min", "--out", "r2"], work, c, "r2")
    ok3 = run_whsim(whsim, ["run", "--quiet", "--detail", "summary", "--out", "r3"], work, c, "r3")
    ok0 = run_whsim(whsim, ["run", "--quiet", "--horizon", "1h", "--set", "simulation.warmup=0s", "--out", "r0"],
                    work, c, "r0")
    # Long enough for the throughput chart to bin 243 one-minute intervals into 5-minute bins,
    # the last one partial.
    ok4 = run_whsim(whsim, ["run", "--quiet", "--horizon", "243min", "--report", "--out", "r4"], work, c, "r4")
    steps: list[tuple[bool, Callable[[], None]]] = [
        (ok1, lambda: check_h5_against_summary(c, work / "r1")),
        (ok2, lambda: check_h5_against_summary(c, work / "r2")),
        (ok3, lambda: check_h5_against_summary(c, work / "r3")),
        (ok1, lambda: check_h5_structure(c, work / "r1", "standard")),
        (ok2, lambda: check_h5_structure(c, work / "r2", "full")),
        (ok3, lambda: check_h5_structure(c, work / "r3", "summary")),
        (ok0, lambda: check_records_vs_kpis(c, work / "r0")),
        (ok1, lambda: check_whole_run_tables(c, work / "r1")),
        (ok1, lambda: check_report(c, work / "r1")),
        (ok4, lambda: check_report(c, work / "r4")),
        (ok1, lambda: check_rerun(c, whsim, work)),
        (ok1 and ok2 and ok3, lambda: check_helpers(c, work)),
        (True, lambda: check_plot_sweep(c, whsim, work)),
        (True, lambda: check_whsim_sweep(c, whsim, work)),
    ]
    for ok, step in steps:
        if not ok:
            continue
        try:
            step()
        except Exception as e:  # a crash in one section is a failure, the others still run
            import traceback
            traceback.print_exc()
            c.check(False, f"unexpected {type(e).__name__}: {e}")
    c.end()
    print(f"{c.passed + c.failed} checks: {c.passed} passed, {c.failed} failed")
    return 0 if c.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
