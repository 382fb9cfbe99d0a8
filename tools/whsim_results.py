#!/usr/bin/python3
"""Load whsim results into pandas and numpy.

A result folder written by ``whsim run`` holds ``result.h5`` (everything, layout in
docs/output-format.md), ``summary.json``, ``summary.csv`` and optionally ``report.html``.
This module reads them for analysis (docs/analysis.md):

>>> import whsim_results as wr
>>> r = wr.load_result("results/runs/quickstart-1a2b3c4d-s1")
>>> r.kpis.set_index("name")["value"]["orders.pick_cycle_time"]      # doctest: +SKIP
>>> sweep = wr.load_sweep("results/sweep")                             # one row per run
>>> wr.kpi_table(sweep, by=["robots.count"])                           # mean, std, n, 95% CI

Everything is read eagerly and the HDF5 file is closed before ``load_result`` returns. Parts
that a result's detail level does not hold (series, records and grids at detail "summary",
the trace below detail "full") come back empty (or None for the trace), never as an error.

Needs numpy, pandas and h5py (Debian: python3-numpy python3-pandas python3-h5py); scipy is
used for t quantiles when present. Importing this module has no side effects.
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence, Union

import numpy as np
import pandas as pd

__all__ = [
    "Layout",
    "Result",
    "load_result",
    "load_sweep",
    "find_results",
    "kpi_table",
    "t_quantile",
    "link_name",
    "SCHEMA_VERSION",
]

#: The result.h5 schema version this module reads (root attribute ``schema_version``).
SCHEMA_VERSION = 1

#: Meaning of the values in ``floor/cells`` (and :attr:`Layout.cells`).
CELL_KINDS = {0: "wall", 1: "aisle", 2: "storage", 3: "station", 4: "buffer", 5: "charger", 6: "dock"}

#: Columns of :attr:`Result.kpis`, in order.
KPI_COLUMNS = ["run", "replication", "seed", "name", "unit", "kind", "value", "count", "stddev",
               "min", "max", "p50", "p90", "p95", "p99"]
_KPI_NUMBERS = ["value", "count", "stddev", "min", "max", "p50", "p90", "p95", "p99"]

#: Columns of the :func:`load_sweep` frame that describe a run rather than hold a KPI.
SWEEP_META_COLUMNS = ["path", "scenario", "scenario_hash", "parameters", "detail", "master_seed",
                      "seed", "replication", "complete", "exit_status", "fingerprint", "events",
                      "measured_from_s", "end_s", "provenance_wall_seconds", "provenance_host"]

PathLike = Union[str, "os.PathLike[str]"]


# ------------------------------------------------------------------------------------------------
# Small helpers


def link_name(name: str) -> str:
    """The HDF5 link name whsim gives a data set named after user data (a series, a table or a
    column): '%' and '/' escaped as %25 and %2F, "" as %00 and "." as %2E."""
    if name == "":
        return "%00"
    if name == ".":
        return "%2E"
    return name.replace("%", "%25").replace("/", "%2F")


def _unlink_name(link: str) -> str:
    """The inverse of :func:`link_name`."""
    if link == "%00":
        return ""
    if link == "%2E":
        return "."
    return link.replace("%2F", "/").replace("%25", "%")


def _text(value: Any) -> Any:
    """Decodes HDF5 strings (bytes, numpy bytes, arrays of them) to str; other values unchanged
    except numpy scalars, which become Python numbers."""
    if isinstance(value, (bytes, np.bytes_)):
        return bytes(value).rstrip(b"\0").decode("utf-8", errors="replace")
    if isinstance(value, np.ndarray):
        if value.dtype.kind in ("S", "O", "U"):
            return [_text(v) for v in value.tolist()]
        if value.ndim == 0:
            return value.item()
        return value
    if isinstance(value, np.generic):
        return value.item()
    return value


def _strings(obj: Any) -> list[str]:
    """A 1-D string data set or attribute as a list of str (empty when absent)."""
    if obj is None:
        return []
    is_dataset = hasattr(obj, "dtype") and hasattr(obj, "shape") and not isinstance(obj, (np.ndarray, np.generic))
    data = obj[()] if is_dataset else obj
    if isinstance(data, (str, bytes, np.bytes_)):
        return [_text(data)]
    return [_text(v) for v in np.asarray(data, dtype=object).ravel().tolist()]


def _attr_strings(node: Any, key: str) -> list[str]:
    """Attribute `key` of an HDF5 object as a list of str ([] when missing)."""
    if key not in node.attrs:
        return []
    return _strings(node.attrs[key])


def _attr(node: Any, key: str, default: Any = None) -> Any:
    """Attribute `key` of an HDF5 object, decoded (`default` when missing)."""
    if key not in node.attrs:
        return default
    return _text(node.attrs[key])


def _ordered_children(group: Any, names_attr: str = "names", skip: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(name, link) for the children of `group`: in the order of its "names" attribute when it
    has one (names mapped to link names), else in the file's order with link names unescaped."""
    names = _attr_strings(group, names_attr)
    if names:
        return [(n, link_name(n)) for n in names if link_name(n) in group]
    return [(_unlink_name(k), k) for k in group.keys() if k not in skip]


def _run_number(key: str) -> int:
    """The run index of a group under /runs ("000003" → 3)."""
    try:
        return int(key)
    except ValueError:
        return -1


# ------------------------------------------------------------------------------------------------
# The Result


@dataclass
class Layout:
    """The floor of a run: cell kinds, labelled markers and the cell size.

    ``cells`` is a uint8 array [height, width] (row 0 first as stored; values in
    :data:`CELL_KINDS`), ``markers`` a DataFrame with columns kind, label, x, y (cell
    coordinates), ``cell_size_m`` the edge of one cell in metres (NaN when unknown)."""

    cells: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.uint8))
    markers: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["kind", "label", "x", "y"]))
    cell_size_m: float = float("nan")

    @property
    def shape(self) -> tuple[int, ...]:
        """(height, width) of the floor."""
        return tuple(self.cells.shape)


@dataclass
class Result:
    """One result (one result.h5 or, as a fallback, one summary.json) in memory.

    Attributes:
        path: the file read (result.h5 or summary.json).
        source: "result.h5" or "summary.json" (then only meta, scenario, parameters, runs,
            model, kpis and tables are filled; the rest is empty).
        meta: the root attributes of result.h5 (strings decoded, numbers as Python numbers):
            format, schema_version, whsim_version, git_commit, git_dirty, compiler,
            compiler_flags, scenario_name, scenario_file, scenario_hash, scenario_sha256,
            master_seed, detail, trace_filter, complete, exit_status, run_count,
            provenance_created, provenance_host, provenance_wall_seconds,
            provenance_build_seconds.
        scenario: the fully resolved scenario YAML ("" from summary.json, which lacks it).
        parameters: the --set overrides {key: value as text}, in command-line order.
        runs: one row per run: run, replication, seed, fingerprint, events, measured_from_s,
            end_s, complete, provenance_wall_seconds.
        model: one row per run x model figure: run, name, value (robots, pods, skus, ...).
        kpis: one row per run x KPI, columns :data:`KPI_COLUMNS`. Tally statistics that do
            not apply to a KPI's kind are NaN.
        series: long format, one row per run x sample x series: run, time_s, name, value
            (empty at detail "summary"). :meth:`series_wide` pivots one run to a frame indexed
            by time_s with one column per series; :attr:`series_units` maps name to unit.
        tables: name -> DataFrame indexed by the table's row label (index name = the table's
            label), one float column per table column, plus an int "run" column first when the
            result holds several runs. Descriptions and units: :attr:`table_info`.
        records: name -> DataFrame, one float column per record column (NaN = not reached),
            plus "run" first when several runs (empty dict at detail "summary").
        grids: name -> 2-D float array [height, width] of run 0 (empty at detail "summary");
            :meth:`grid` gives another run's.
        layout: the floor of run 0 (:class:`Layout`).
        trace: detail "full" only, else None: run, time_ticks (int64 µs), time_s,
            component, kind (names, categorical), component_id, kind_id, entity, payload.
        experiment: replications and sweeps: the /experiment attributes (kind, analysis,
            warmup_method, warmup_s, confidence_level, ...) and "keys" (the swept keys).
        points: sweeps: one row per point (index "point"), one text column per swept key;
            ``runs["point"]`` says which point each run belongs to (docs/experiments.md).
    """

    path: Path
    source: str = "result.h5"
    meta: dict[str, Any] = field(default_factory=dict)
    scenario: str = ""
    parameters: dict[str, str] = field(default_factory=dict)
    runs: pd.DataFrame = field(default_factory=pd.DataFrame)
    model: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["run", "name", "value"]))
    kpis: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=KPI_COLUMNS))
    series: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["run", "time_s", "name", "value"]))
    series_units: dict[str, str] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    table_info: dict[str, dict[str, Any]] = field(default_factory=dict)
    records: dict[str, pd.DataFrame] = field(default_factory=dict)
    record_units: dict[str, dict[str, str]] = field(default_factory=dict)
    grids: dict[str, np.ndarray] = field(default_factory=dict)
    grid_info: dict[str, dict[str, str]] = field(default_factory=dict)
    layout: Layout = field(default_factory=Layout)
    trace: pd.DataFrame | None = None
    experiment: dict[str, Any] = field(default_factory=dict)
    points: pd.DataFrame = field(default_factory=pd.DataFrame)
    _all_grids: dict[int, dict[str, np.ndarray]] = field(default_factory=dict, repr=False)
    _all_layouts: dict[int, Layout] = field(default_factory=dict, repr=False)

    @property
    def detail(self) -> str:
        """The detail level: "summary", "standard" or "full"."""
        return str(self.meta.get("detail", ""))

    @property
    def run_count(self) -> int:
        """How many runs the result holds."""
        return len(self.runs)

    def kpi(self, name: str, run: int = 0, stat: str = "value") -> float:
        """One KPI statistic of one run (NaN when the KPI is missing)."""
        k = self.kpis[(self.kpis["name"] == name) & (self.kpis["run"] == run)]
        return float(k[stat].iloc[0]) if len(k) else float("nan")

    def series_wide(self, run: int = 0) -> pd.DataFrame:
        """The series of one run as a frame indexed by time_s with one column per series
        (in the file's order)."""
        s = self.series[self.series["run"] == run]
        if s.empty:
            return pd.DataFrame(index=pd.Index([], name="time_s", dtype=float))
        order = list(dict.fromkeys(s["name"]))
        wide = s.pivot(index="time_s", columns="name", values="value")
        wide.columns.name = None
        return wide[order]

    def grid(self, name: str, run: int = 0) -> np.ndarray | None:
        """Grid `name` of run `run` (None when the result has none)."""
        return self._all_grids.get(run, {}).get(name)

    def floor(self, run: int = 0) -> Layout:
        """The floor layout of run `run`."""
        return self._all_layouts.get(run, Layout())


# ------------------------------------------------------------------------------------------------
# Reading result.h5


def _result_file(path: PathLike) -> Path:
    """result.h5 of a result folder or the file itself; summary.json when a folder has no
    result.h5 but a summary.json."""
    p = Path(path)
    if p.is_dir():
        if (p / "result.h5").is_file():
            return p / "result.h5"
        if (p / "summary.json").is_file():
            return p / "summary.json"
        raise FileNotFoundError(f"{p}: neither result.h5 nor summary.json in this folder")
    if not p.exists():
        raise FileNotFoundError(f"{p}: no such file or folder")
    return p


def _read_kpis(g: Any, run: int, replication: int, seed: int) -> pd.DataFrame:
    if "kpis" not in g:
        return pd.DataFrame(columns=KPI_COLUMNS)
    data = g["kpis"][()]
    frame: dict[str, Any] = {"run": np.full(len(data), run, dtype=np.int64),
                             "replication": np.full(len(data), replication, dtype=np.int64),
                             "seed": np.full(len(data), seed, dtype=np.uint64)}
    names = data.dtype.names or ()
    for col in ("name", "unit", "kind"):
        frame[col] = [_text(v) for v in data[col]] if col in names else [""] * len(data)
    for col in _KPI_NUMBERS:
        if col in names:
            frame[col] = data[col]
        else:
            frame[col] = np.full(len(data), np.nan)
    df = pd.DataFrame(frame, columns=KPI_COLUMNS)
    if "definition" in names:
        df.attrs["definitions"] = {_text(n): _text(d) for n, d in zip(data["name"], data["definition"])}
    return df


def _read_table_group(tg: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One tables/<name> group as a DataFrame indexed by row label and its description."""
    columns = _attr_strings(tg, "columns")
    units = _attr_strings(tg, "units")
    label = _attr(tg, "label", "") or "row"
    labels = _strings(tg["row_labels"]) if "row_labels" in tg else []
    data = {c: np.asarray(tg[link_name(c)][()], dtype=float) for c in columns if link_name(c) in tg}
    df = pd.DataFrame(data, index=pd.Index(labels, name=label), columns=[c for c in columns if c in data])
    info = {"description": _attr(tg, "description", ""), "label": label, "columns": columns,
            "units": dict(zip(columns, units))}
    return df, info


def _read_layout(g: Any) -> Layout:
    if "floor" not in g:
        return Layout()
    fl = g["floor"]
    cells = np.asarray(fl["cells"][()], dtype=np.uint8) if "cells" in fl else np.zeros((0, 0), dtype=np.uint8)
    size = float(_attr(fl["cells"], "cell_size_m", float("nan"))) if "cells" in fl else float("nan")
    markers = pd.DataFrame(columns=["kind", "label", "x", "y"])
    if "markers" in fl:
        m = fl["markers"][()]
        if len(m):
            markers = pd.DataFrame({"kind": [_text(v) for v in m["kind"]], "label": [_text(v) for v in m["label"]],
                                    "x": m["x"].astype(np.int64), "y": m["y"].astype(np.int64)})
    return Layout(cells=cells, markers=markers, cell_size_m=size)


def _read_trace(g: Any, run: int) -> pd.DataFrame | None:
    if "trace" not in g:
        return None
    t = g["trace"][()]
    components = _strings(g["trace_components"]) if "trace_components" in g else []
    kinds = _strings(g["trace_kinds"]) if "trace_kinds" in g else []

    def names(ids: np.ndarray, table: list[str]) -> pd.Categorical:
        """Names for ids (an id outside the table gives NaN)."""
        ids = ids.astype(np.int64)
        if len(set(table)) == len(table):
            codes = np.where((ids >= 0) & (ids < len(table)), ids, -1)
            return pd.Categorical.from_codes(codes, categories=table)
        return pd.Categorical([table[i] if 0 <= i < len(table) else None for i in ids])

    ticks = t["time_ticks"].astype(np.int64)
    return pd.DataFrame({
        "run": np.full(len(t), run, dtype=np.int64),
        "time_ticks": ticks,
        "time_s": ticks / 1e6,
        "component": names(t["component"], components),
        "kind": names(t["kind"], kinds),
        "component_id": t["component"].astype(np.int64),
        "kind_id": t["kind"].astype(np.int64),
        "entity": t["entity"].astype(np.uint64),
        "payload": t["payload"].astype(np.uint64),
    })


def _load_h5(path: Path) -> Result:
    import h5py  # imported here so that summary.json-only use works without h5py

    res = Result(path=path, source="result.h5")
    with h5py.File(path, "r") as f:
        res.meta = {k: _text(v) for k, v in f.attrs.items()}
        if "scenario" in f:
            res.scenario = _text(f["scenario"][()])
        if "parameters" in f and "name" in f["parameters"] and "value" in f["parameters"]:
            res.parameters = dict(zip(_strings(f["parameters/name"]), _strings(f["parameters/value"])))
        run_rows: list[dict[str, Any]] = []
        model_rows: list[dict[str, Any]] = []
        kpi_frames: list[pd.DataFrame] = []
        series_frames: list[pd.DataFrame] = []
        tables: dict[str, list[pd.DataFrame]] = {}
        records: dict[str, list[pd.DataFrame]] = {}
        traces: list[pd.DataFrame] = []
        runs = f["runs"] if "runs" in f else {}
        keys = sorted(runs.keys(), key=_run_number) if runs else []
        for key in keys:
            g = runs[key]
            run = _run_number(key)
            replication = int(_attr(g, "replication", run))
            seed = int(_attr(g, "seed", 0))
            run_rows.append({
                "run": run, "replication": replication, "seed": seed,
                "fingerprint": _attr(g, "fingerprint", ""), "events": int(_attr(g, "events", 0)),
                "measured_from_s": float(_attr(g, "measured_from_s", float("nan"))),
                "end_s": float(_attr(g, "end_s", float("nan"))),
                "complete": bool(_attr(g, "complete", 1)),
                "provenance_wall_seconds": float(_attr(g, "provenance_wall_seconds", float("nan"))),
                "run_id": _attr(g, "run_id", ""), "point": int(_attr(g, "point", 0)),
            })
            if "model" in g and "name" in g["model"]:
                for n, v in zip(_strings(g["model/name"]), g["model/value"][()].tolist()):
                    model_rows.append({"run": run, "name": n, "value": int(v)})
            kpi_frames.append(_read_kpis(g, run, replication, seed))
            if "series" in g and "time_s" in g["series"]:
                sg = g["series"]
                times = np.asarray(sg["time_s"][()], dtype=float)
                for name, link in _ordered_children(sg, skip=("time_s",)):
                    values = np.asarray(sg[link][()], dtype=float)
                    res.series_units.setdefault(name, _attr(sg[link], "unit", ""))
                    n = min(len(times), len(values))
                    series_frames.append(pd.DataFrame({"run": np.full(n, run, dtype=np.int64), "time_s": times[:n],
                                                       "name": name, "value": values[:n]}))
            if "tables" in g:
                for name, link in _ordered_children(g["tables"]):
                    df, info = _read_table_group(g["tables"][link])
                    df.insert(0, "run", run)
                    tables.setdefault(name, []).append(df)
                    res.table_info.setdefault(name, info)
            if "records" in g:
                for name, link in _ordered_children(g["records"]):
                    rg = g["records"][link]
                    columns = _attr_strings(rg, "columns") or [_unlink_name(k) for k in rg.keys()]
                    data = {c: np.asarray(rg[link_name(c)][()], dtype=float) for c in columns if link_name(c) in rg}
                    df = pd.DataFrame(data)
                    df.insert(0, "run", run)
                    records.setdefault(name, []).append(df)
                    res.record_units.setdefault(name, dict(zip(columns, _attr_strings(rg, "units"))))
            if "grids" in g:
                grids: dict[str, np.ndarray] = {}
                for name, link in _ordered_children(g["grids"]):
                    grids[name] = np.asarray(g["grids"][link][()], dtype=float)
                    res.grid_info.setdefault(name, {"unit": _attr(g["grids"][link], "unit", ""),
                                                    "description": _attr(g["grids"][link], "description", "")})
                res._all_grids[run] = grids
            res._all_layouts[run] = _read_layout(g)
            tr = _read_trace(g, run)
            if tr is not None:
                traces.append(tr)
        if "experiment" in f:
            eg = f["experiment"]
            res.experiment = {k: _text(v) for k, v in eg.attrs.items()}
            exp_keys = _strings(eg["keys"]) if "keys" in eg else []
            values = _strings(eg["values"]) if "values" in eg else []
            res.experiment["keys"] = exp_keys
            rows = [values[i * len(exp_keys):(i + 1) * len(exp_keys)] for i in range(len(values) // max(len(exp_keys), 1))]
            res.points = pd.DataFrame(rows, columns=exp_keys) if exp_keys else pd.DataFrame()
            res.points.index.name = "point"

    several = len(keys) > 1
    res.runs = pd.DataFrame(run_rows, columns=["run", "replication", "seed", "fingerprint", "events",
                                               "measured_from_s", "end_s", "complete", "provenance_wall_seconds",
                                               "run_id", "point"])
    res.model = pd.DataFrame(model_rows, columns=["run", "name", "value"])
    if kpi_frames:
        res.kpis = pd.concat(kpi_frames, ignore_index=True)
        res.kpis.attrs["definitions"] = {k: v for fr in kpi_frames for k, v in fr.attrs.get("definitions", {}).items()}
    if series_frames:
        res.series = pd.concat(series_frames, ignore_index=True)
    for name, frames in tables.items():
        df = pd.concat(frames)
        res.tables[name] = df if several else df.drop(columns="run")
    for name, frames in records.items():
        df = pd.concat(frames, ignore_index=True)
        res.records[name] = df if several else df.drop(columns="run")
    if keys:
        first = _run_number(keys[0])
        res.grids = dict(res._all_grids.get(first, {}))
        res.layout = res._all_layouts.get(first, Layout())
    if traces:
        res.trace = pd.concat(traces, ignore_index=True) if len(traces) > 1 else traces[0]
    return res


# ------------------------------------------------------------------------------------------------
# Reading summary.json (fallback)


def _num(v: Any) -> float:
    """A JSON number (null → NaN)."""
    return float("nan") if v is None else float(v)


def _load_summary_json(path: Path) -> Result:
    with open(path, encoding="utf-8") as fh:
        s = json.load(fh)
    res = Result(path=path, source="summary.json")
    sc = s.get("scenario", {}) or {}
    prov = s.get("provenance", {}) or {}
    res.meta = {
        "format": s.get("format", ""), "whsim_version": s.get("whsim_version", ""),
        "git_commit": s.get("git_commit", ""), "git_dirty": int(bool(s.get("git_dirty", False))),
        "scenario_name": sc.get("name", ""), "scenario_file": sc.get("file", ""),
        "scenario_hash": sc.get("hash", ""), "scenario_sha256": sc.get("sha256", ""),
        "master_seed": s.get("master_seed", 0), "detail": s.get("detail", ""),
        "complete": int(bool(s.get("complete", True))), "exit_status": s.get("exit_status", 0),
        "run_count": len(s.get("runs", [])),
        "provenance_created": prov.get("created", ""), "provenance_host": prov.get("host", ""),
        "provenance_wall_seconds": _num(prov.get("wall_seconds")),
        "provenance_build_seconds": _num(prov.get("build_seconds")),
    }
    params = s.get("parameters", {}) or {}
    if isinstance(params, list):  # tolerate [[key, value], ...] or [{"name", "value"}]
        params = {(p[0] if isinstance(p, list) else p["name"]): (p[1] if isinstance(p, list) else p["value"])
                  for p in params}
    res.parameters = {str(k): str(v) for k, v in params.items()}
    runs = s.get("runs", []) or []
    several = len(runs) > 1
    run_rows, model_rows, kpi_rows = [], [], []
    tables: dict[str, list[pd.DataFrame]] = {}
    for i, r in enumerate(runs):
        run_rows.append({"run": i, "replication": int(r.get("replication", i)), "seed": int(r.get("seed", 0)),
                         "fingerprint": r.get("fingerprint", ""), "events": int(r.get("events", 0)),
                         "measured_from_s": _num(r.get("measured_from_s")), "end_s": _num(r.get("end_s")),
                         "complete": bool(r.get("complete", True)), "provenance_wall_seconds": float("nan")})
        for n, v in (r.get("model", {}) or {}).items():
            model_rows.append({"run": i, "name": n, "value": v})
        for n, k in (r.get("kpis", {}) or {}).items():
            row = {"run": i, "replication": run_rows[-1]["replication"], "seed": run_rows[-1]["seed"], "name": n,
                   "unit": k.get("unit", ""), "kind": k.get("kind", "")}
            for col in _KPI_NUMBERS:
                row[col] = _num(k.get(col))
            kpi_rows.append(row)
        for n, t in (r.get("tables", {}) or {}).items():
            cols = list(t.get("columns", []))
            rows = t.get("rows", [])
            label = t.get("label", "") or "row"
            df = pd.DataFrame([[_num(v) for v in row[1:]] for row in rows], columns=cols,
                              index=pd.Index([row[0] for row in rows], name=label))
            df.insert(0, "run", i)
            tables.setdefault(n, []).append(df)
            res.table_info.setdefault(n, {"description": t.get("description", ""), "label": label, "columns": cols,
                                          "units": dict(zip(cols, t.get("units", [])))})
    res.runs = pd.DataFrame(run_rows, columns=["run", "replication", "seed", "fingerprint", "events",
                                               "measured_from_s", "end_s", "complete", "provenance_wall_seconds"])
    res.model = pd.DataFrame(model_rows, columns=["run", "name", "value"])
    res.kpis = pd.DataFrame(kpi_rows, columns=KPI_COLUMNS)
    for n, frames in tables.items():
        df = pd.concat(frames)
        res.tables[n] = df if several else df.drop(columns="run")
    return res


def load_result(path: PathLike) -> Result:
    """Reads a result: a result folder, its result.h5, or (fallback, fewer parts) a
    summary.json or a folder that only holds one.

    Raises FileNotFoundError when there is nothing to read, and ValueError when result.h5 is not
    a whsim result of a schema version this module knows."""
    p = _result_file(path)
    if p.suffix == ".json":
        return _load_summary_json(p)
    res = _load_h5(p)
    if res.meta.get("format") != "whsim-result":
        raise ValueError(f"{p}: not a whsim result (format attribute {res.meta.get('format')!r})")
    version = res.meta.get("schema_version")
    if version != SCHEMA_VERSION:
        raise ValueError(f"{p}: schema_version {version}; this reader knows {SCHEMA_VERSION}")
    return res


# ------------------------------------------------------------------------------------------------
# Sweeps


def find_results(folder: PathLike) -> list[Path]:
    """Every result below `folder`, sorted: each result.h5, and each summary.json in a folder
    without a result.h5."""
    root = Path(folder)
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if "result.h5" in filenames:
            found.append(Path(dirpath) / "result.h5")
        elif "summary.json" in filenames:
            found.append(Path(dirpath) / "summary.json")
    return sorted(found)


def load_sweep(paths_or_folder: PathLike | Iterable[PathLike], stats: Sequence[str] = ()) -> pd.DataFrame:
    """One row per run of many results.

    `paths_or_folder` is a folder (every result.h5 below it is read; a folder holding only a
    summary.json is read from that) or a list of result folders / files.

    Columns: :data:`SWEEP_META_COLUMNS` (path, scenario, scenario_hash, parameters as
    "key=value;..." text, detail, master_seed, seed, replication, complete, exit_status,
    fingerprint, events, measured_from_s, end_s, provenance_wall_seconds, provenance_host), then
    one column per --set key (values as text, "" when a result did not set it), then one column
    per KPI holding its value, named by the KPI. `stats` adds columns "<kpi>.<stat>" for the
    tally statistics asked for (e.g. ``stats=["p95"]`` gives "orders.pick_cycle_time.p95").

    ``df.attrs`` holds "parameter_columns", "kpi_columns" and "units" (column → unit).
    """
    if isinstance(paths_or_folder, (str, os.PathLike)):
        p = Path(paths_or_folder)
        files = find_results(p) if p.is_dir() and not (p / "result.h5").is_file() and not (
            p / "summary.json").is_file() else [_result_file(p)]
    else:
        files = [_result_file(x) for x in paths_or_folder]
    rows: list[dict[str, Any]] = []
    param_keys: list[str] = []
    kpi_keys: list[str] = []
    units: dict[str, str] = {}
    for file in files:
        res = load_result(file)
        for k in res.parameters:
            if k not in param_keys:
                param_keys.append(k)
        ptext = ";".join(f"{k}={v}" for k, v in res.parameters.items())
        for _, run in res.runs.iterrows():
            row: dict[str, Any] = {
                "path": str(file.parent), "scenario": res.meta.get("scenario_name", ""),
                "scenario_hash": res.meta.get("scenario_hash", ""), "parameters": ptext,
                "detail": res.meta.get("detail", ""), "master_seed": res.meta.get("master_seed"),
                "seed": run["seed"], "replication": run["replication"], "complete": bool(run["complete"]),
                "exit_status": res.meta.get("exit_status"), "fingerprint": run["fingerprint"],
                "events": run["events"], "measured_from_s": run["measured_from_s"], "end_s": run["end_s"],
                "provenance_wall_seconds": run["provenance_wall_seconds"]
                if not math.isnan(run["provenance_wall_seconds"]) else res.meta.get("provenance_wall_seconds"),
                "provenance_host": res.meta.get("provenance_host", ""),
            }
            row.update({f"param:{k}": v for k, v in res.parameters.items()})
            if len(res.points.columns) and "point" in run and int(run["point"]) < len(res.points):
                # A whsim sweep's result: the run's point gives the swept keys' values.
                for k, v in res.points.iloc[int(run["point"])].items():
                    if k not in param_keys:
                        param_keys.append(k)
                    row[f"param:{k}"] = v
            k = res.kpis[res.kpis["run"] == run["run"]]
            for name, unit, kind, *vals in k[["name", "unit", "kind", "value", *stats]].itertuples(index=False):
                if name not in kpi_keys:
                    kpi_keys.append(name)
                units[name] = unit
                row[f"kpi:{name}"] = vals[0]
                for stat, v in zip(stats, vals[1:]):
                    if kind == "tally":
                        col = f"{name}.{stat}"
                        if col not in kpi_keys:
                            kpi_keys.append(col)
                        units[col] = unit
                        row[f"kpi:{col}"] = v
            rows.append(row)
    df = pd.DataFrame(rows)
    columns: dict[str, str] = {c: c for c in SWEEP_META_COLUMNS}
    for k in param_keys:
        # A --set key that is also a meta or KPI column name keeps a "param:" prefix.
        columns[f"param:{k}"] = k if k not in SWEEP_META_COLUMNS and k not in kpi_keys else f"param:{k}"
    for k in kpi_keys:
        columns[f"kpi:{k}"] = k
    for c in columns:
        if c not in df.columns:
            df[c] = "" if c.startswith("param:") else np.nan
    df = df[list(columns)].rename(columns=columns)
    for k in param_keys:
        df[columns[f"param:{k}"]] = df[columns[f"param:{k}"]].fillna("").astype(str)
    for k in kpi_keys:
        df[k] = df[k].astype(float)
    df.attrs["parameter_columns"] = [columns[f"param:{k}"] for k in param_keys]
    df.attrs["kpi_columns"] = kpi_keys
    df.attrs["units"] = units
    return df


# ------------------------------------------------------------------------------------------------
# Confidence intervals

# Two-sided 95% quantiles of Student's t (0.975) for 1..30 degrees of freedom, and some above.
_T975 = {1: 12.706204736, 2: 4.302652730, 3: 3.182446305, 4: 2.776445105, 5: 2.570581836, 6: 2.446911851,
         7: 2.364624252, 8: 2.306004135, 9: 2.262157163, 10: 2.228138852, 11: 2.200985160, 12: 2.178812830,
         13: 2.160368656, 14: 2.144786688, 15: 2.131449546, 16: 2.119905299, 17: 2.109815578, 18: 2.100922040,
         19: 2.093024054, 20: 2.085963447, 21: 2.079613845, 22: 2.073873068, 23: 2.068657610, 24: 2.063898562,
         25: 2.059538553, 26: 2.055529439, 27: 2.051830516, 28: 2.048407142, 29: 2.045229642, 30: 2.042272456,
         40: 2.021075390, 60: 2.000297822, 120: 1.979930405}


def t_quantile(df: float, p: float = 0.975) -> float:
    """The p-quantile of Student's t with `df` degrees of freedom (scipy when available; without
    it only p = 0.975 is supported, from a table with a Cornish-Fisher expansion above 30)."""
    if not df or df < 1 or math.isnan(df):
        return float("nan")
    try:
        from scipy import stats as _st  # type: ignore[import-not-found]
        return float(_st.t.ppf(p, df))
    except ImportError:
        pass
    if abs(p - 0.975) > 1e-12:
        raise ValueError("without scipy, t_quantile supports p = 0.975 only")
    d = int(df)
    if d in _T975:
        return _T975[d]
    # Cornish-Fisher expansion of t around the normal quantile (error < 1e-6 for df > 30).
    z = 1.959963984540054
    g1 = (z ** 3 + z) / 4
    g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96
    g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384
    return z + g1 / df + g2 / df ** 2 + g3 / df ** 3


def kpi_table(df: pd.DataFrame, by: Sequence[str] | str | None = None, kpis: Sequence[str] | None = None,
              confidence: float = 0.95) -> pd.DataFrame:
    """Mean, standard deviation, n and t confidence half-width per group and KPI.

    `df` is either a :func:`load_sweep` frame (one row per run, one column per KPI) or a long
    KPI frame such as :attr:`Result.kpis` (columns name, value, ...). `by` lists the columns to
    group by (none: all rows form one group). `kpis` picks the KPIs (default: every KPI column,
    from ``df.attrs["kpi_columns"]`` or the numeric columns that are not run metadata).

    Returns one row per group x KPI: the `by` columns, kpi, unit (when known), mean, std
    (sample, ddof 1), n (finite values), ci95 (the half-width t_{n-1} * std / sqrt(n); NaN for
    n < 2), lo and hi (mean -/+ ci95). NaN values (a statistic not reached in a run) are left
    out of n.
    """
    by = [by] if isinstance(by, str) else list(by or [])
    p = 0.5 + confidence / 2
    if "name" in df.columns and "value" in df.columns:
        long = df[by + ["name", "value"]].rename(columns={"name": "kpi"})
        units = dict(zip(df["name"], df["unit"])) if "unit" in df.columns else {}
        if kpis is not None:
            long = long[long["kpi"].isin(list(kpis))]
        order = list(dict.fromkeys(long["kpi"]))
    else:
        if kpis is None:
            kpis = df.attrs.get("kpi_columns") or [
                c for c in df.columns if c not in by and c not in SWEEP_META_COLUMNS
                and c not in df.attrs.get("parameter_columns", []) and pd.api.types.is_numeric_dtype(df[c])]
        kpis = list(kpis)
        units = dict(df.attrs.get("units", {}))
        long = df[by + kpis].melt(id_vars=by, value_vars=kpis, var_name="kpi", value_name="value")
        order = kpis
    long = long.assign(value=pd.to_numeric(long["value"], errors="coerce"))
    long = long[np.isfinite(long["value"].astype(float)) | long["value"].isna()]
    grouped = long.groupby(by + ["kpi"], sort=False, dropna=False)["value"]
    out = grouped.agg(mean="mean", std="std", n="count").reset_index()
    out["n"] = out["n"].astype(int)
    tq = out["n"].map(lambda n: t_quantile(n - 1, p) if n >= 2 else float("nan"))
    out["ci95" if abs(confidence - 0.95) < 1e-12 else f"ci{round(confidence * 100)}"] = (
        tq * out["std"] / np.sqrt(out["n"].where(out["n"] > 0)))
    ci = out.columns[-1]
    out["lo"] = out["mean"] - out[ci]
    out["hi"] = out["mean"] + out[ci]
    if units:
        out.insert(len(by) + 1, "unit", out["kpi"].map(lambda k: units.get(k, "")))
    out["_order"] = out["kpi"].map({k: i for i, k in enumerate(order)})
    sort_by = by + ["_order"]
    out = out.sort_values(sort_by, kind="stable").drop(columns="_order").reset_index(drop=True)
    return out


# ------------------------------------------------------------------------------------------------
# Command line


def _format_table(res: Result) -> str:
    """The KPI table of a result as text: one row per KPI (the mean with n and 95% CI over runs
    when there are several)."""
    k = res.kpis
    if k.empty:
        return "(no KPIs)"
    pd_opts = ("display.max_rows", None, "display.max_columns", None, "display.width", 200)
    with pd.option_context(*pd_opts):
        if res.run_count <= 1:
            t = k[["name", "unit", "kind", "value", "count", "p50", "p95", "p99"]].copy()
            return t.to_string(index=False, float_format=lambda v: f"{v:.6g}", na_rep="-")
        t = kpi_table(k)
        return t[["kpi", "unit", "mean", "std", "n", "ci95"]].to_string(index=False, float_format=lambda v: f"{v:.6g}",
                                                                        na_rep="-")


def main(argv: Sequence[str] | None = None) -> int:
    """`whsim_results.py RESULT...`: prints each result's header and KPI table."""
    import argparse

    ap = argparse.ArgumentParser(description="Print the KPI table of whsim results (result folders, result.h5 "
                                             "or summary.json).")
    ap.add_argument("results", nargs="+", help="result folder or file")
    args = ap.parse_args(argv)
    status = 0
    for i, path in enumerate(args.results):
        try:
            res = load_result(path)
        except (OSError, ValueError) as e:
            print(f"error: {e}", file=sys.stderr)
            status = 1
            continue
        if i:
            print()
        m = res.meta
        params = ", ".join(f"{k}={v}" for k, v in res.parameters.items()) or "none"
        print(f"{res.path}: scenario {m.get('scenario_name', '?')} ({m.get('scenario_hash', '?')}), "
              f"seed {m.get('master_seed', '?')}, {res.run_count} run(s), detail {m.get('detail', '?')}, "
              f"overrides: {params}")
        print(_format_table(res))
    return status


if __name__ == "__main__":
    sys.exit(main())
