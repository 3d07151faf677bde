"""Turn the benchmark's measurements into JSON, a Markdown table and a chart."""

from __future__ import annotations

from typing import Any

from bench.data_io import markdown_lines as data_io_lines

TARGET_P95_MS = 50.0
TARGET_LIST_VS_RAW = 0.70
TARGET_PAGE_VS_BARE = 0.20
TARGET_SCAN_RATIO = 1.5
TARGET_SCAN_SECONDS = 2.0
TARGET_PAGE_VS_RAW = 0.80  # issue 17: every page at 80% of the raw-SQL ceiling or more
TARGET_SAVE_SQLITE_MS = 300.0  # issue 17: a form save's server time on SQLite
WORKFORCE_CEILING = "ceiling: raw-SQL workforce"


def build(*, machine: dict, date: str, sizes: dict, pages: dict, ceilings: dict,
          statements: dict, scan: dict, clients: int, workers: int, seconds: float,
          rounds: int = 1, sqlite_saves: dict | None = None) -> dict[str, Any]:
    """The results document, with each page's ratios to the two ceilings."""
    bare = ceilings["ceiling: bare Flask"]["rps"]
    raw = ceilings["ceiling: raw-SQL case list"]["rps"]
    raw_workforce = ceilings.get(WORKFORCE_CEILING, {}).get("rps")
    for name, page in pages.items():
        page["statements"] = statements.get(name, {})
        page["vs_bare_flask"] = round(page["rps"] / bare, 3) if bare else None
        page["vs_raw_sql_list"] = round(page["rps"] / raw, 3) if raw else None
        if raw_workforce and name.startswith("workforce"):
            page["vs_raw_sql_workforce"] = round(page["rps"] / raw_workforce, 3)
    return {"machine": machine, "date": date, "sizes": sizes,
            "settings": {"clients": clients, "gunicorn_workers": workers,
                         "seconds_per_page": seconds, "rounds": rounds},
            "pages": pages, "ceilings": ceilings, "reminder_scan": scan,
            "sqlite_saves": sqlite_saves or {},
            "targets": targets(pages, ceilings, scan, sqlite_saves or {})}


def _vs_own_ceiling(name: str, page: dict) -> float:
    """The page against its raw-SQL ceiling: the Workforce pages against theirs, every
    other page against the raw-SQL case list."""
    if name.startswith("workforce") and page.get("vs_raw_sql_workforce") is not None:
        return page["vs_raw_sql_workforce"]
    return page["vs_raw_sql_list"] or 0


def targets(pages: dict, ceilings: dict, scan: dict, sqlite_saves: dict | None = None
            ) -> dict[str, bool]:
    """Which of the benchmark's targets (README, Benchmark) hold in these measurements."""
    list_pages = [p for n, p in pages.items() if n == "case list"]
    return {
        "p95_server_le_50ms": all(p["server_p95_ms"] <= TARGET_P95_MS for p in pages.values()),
        "case_list_ge_70pct_raw_sql": all(
            (p["vs_raw_sql_list"] or 0) >= TARGET_LIST_VS_RAW for p in list_pages),
        "pages_ge_20pct_bare_flask": all(
            (p["vs_bare_flask"] or 0) >= TARGET_PAGE_VS_BARE for p in pages.values()),
        "scan_le_1_5x_raw_sql": scan.get("ratio", 99) <= TARGET_SCAN_RATIO,
        "scan_under_2s": scan.get("scan_seconds", 99) < TARGET_SCAN_SECONDS,
        "statements_constant": all(
            p["statements"].get("small") == p["statements"].get("large")
            for p in pages.values()),
        "pages_ge_80pct_raw_sql": all(_vs_own_ceiling(n, p) >= TARGET_PAGE_VS_RAW
                                      for n, p in pages.items()),
        **({"saves_sqlite_p95_le_300ms": all(
            s["server_p95_ms"] <= TARGET_SAVE_SQLITE_MS and not s["errors"]
            for s in sqlite_saves.values())} if sqlite_saves else {}),
    }


def markdown(results: dict, baseline: dict | None = None) -> str:
    """The README table: one row per page and ceiling (and, with *baseline*, before → after)."""
    m, s = results["machine"], results["sizes"]
    lines = [
        f"Measured {results['date']} on {m['cpus']} CPUs / {m['memory_gib']} GiB "
        f"({m['platform']}, Python {m['python']}); {s['cases']:,} cases{_after_arrival(s)}, "
        f"{s['companies']:,} companies, {s['allotments']:,} allotments; gunicorn "
        f"{results['settings']['gunicorn_workers']} workers, "
        f"{results['settings']['clients']} concurrent clients{_load(m)}.", "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | server p95 ms | CPU ms per request "
        "(app / database / client) | SQL statements (small / 1M) | vs bare Flask | "
        "vs raw-SQL list |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, p in results["pages"].items():
        st = p.get("statements", {})
        lines.append(
            f"| {name} | {p['rps']:.0f} | {p['p50_ms']:.1f} | {p['p95_ms']:.1f} | "
            f"{p['p99_ms']:.1f} | {p['server_p95_ms']:.1f} | {_cpu(p)} | "
            f"{st.get('small', '?')} / {st.get('large', '?')} | {p['vs_bare_flask']:.0%} | "
            f"{p['vs_raw_sql_list']:.0%} |")
    for name, p in results["ceilings"].items():
        lines.append(f"| *{name}* | {p['rps']:.0f} | {p['p50_ms']:.1f} | {p['p95_ms']:.1f} | "
                     f"{p['p99_ms']:.1f} | {p['server_p95_ms']:.1f} | {_cpu(p)} | – | – | – |")
    lines += workforce_lines(results["pages"])
    lines += ["", *scan_lines(s["allotments"], results["reminder_scan"]), "",
              *save_lines(results.get("sqlite_saves") or {}),
              *data_io_lines(results.get("data_io")),
              "Targets: " + ", ".join(f"{k} {'✔' if v else '✘'}"
                                      for k, v in results["targets"].items()), ""]
    if baseline:
        lines += comparison(baseline, results)
    return "\n".join(lines)


def comparison(baseline: dict, results: dict) -> list[str]:
    """Before → after lines against a kept earlier run (bench/results/baseline.json)."""
    lines = [f"Before → after, against the run of {baseline['date']} kept in "
             "`bench/results/baseline.json` (the bare-Flask row shows how busy the machine was "
             "each time):", "",
             "| page | req/s | server p95 ms | vs raw-SQL list |", "|---|---:|---:|---:|"]
    rows = {**results["pages"], **results["ceilings"]}
    before = {**baseline["pages"], **baseline["ceilings"]}
    for name, now in rows.items():
        old = before.get(name)
        if not old:
            continue
        ratio = (f"{old['vs_raw_sql_list']:.0%} → {now['vs_raw_sql_list']:.0%}"
                 if "vs_raw_sql_list" in old and "vs_raw_sql_list" in now else "–")
        lines.append(f"| {name} | {old['rps']:.0f} → {now['rps']:.0f} | "
                     f"{old['server_p95_ms']:.1f} → {now['server_p95_ms']:.1f} | {ratio} |")
    old_scan, scan = baseline.get("reminder_scan", {}), results["reminder_scan"]
    if "scan_seconds" in old_scan and "first_scan_seconds" in scan:
        lines += ["", f"First quota scan over an empty ledger: {old_scan['scan_seconds']:.2f} s "
                  f"→ {scan['first_scan_seconds']:.2f} s (it was the only scan measured then)."]
    return lines + [""]


def save_lines(saves: dict) -> list[str]:
    """The sentence on the case page's saves on SQLite (none measured: no line)."""
    if not saves:
        return []
    parts = [f"{name} p50 {r['server_p50_ms']:.0f} ms, p95 {r['server_p95_ms']:.0f} ms "
             f"({r['requests']} saves, {r['errors']} failed)" for name, r in saves.items()]
    return [f"The case page's saves on SQLite (gunicorn, one user, the demo company; server "
            f"time of the POST and the page it redirects to; target ≤ "
            f"{TARGET_SAVE_SQLITE_MS:.0f} ms): " + "; ".join(parts) + ".", ""]


def _after_arrival(sizes: dict) -> str:
    """" (+ extensions, dependants' cases, recorded statuses)" when the data has them."""
    if "extensions" not in sizes:
        return ""
    return (f" (+ {sizes['extensions']:,} extensions of stay, {sizes['dependants']:,} "
            f"dependants' cases, {sizes['recorded_statuses']:,} recorded statuses)")


def _load(machine: dict) -> str:
    """"; load average …" (1 minute, at the start and the end of the measurements)."""
    load = machine.get("load_average")
    if not load:
        return ""
    return f"; load average {load['start']:.1f} at the start, {load['end']:.1f} at the end"


def workforce_lines(pages: dict) -> list[str]:
    """The Workforce pages against their own raw-SQL ceiling (none measured: no line)."""
    ratios = [f"{name} {page['vs_raw_sql_workforce']:.0%}" for name, page in pages.items()
              if page.get("vs_raw_sql_workforce") is not None]
    if not ratios:
        return []
    return ["", f"Against the raw-SQL Workforce page ({WORKFORCE_CEILING}): "
            + ", ".join(ratios) + "."]


def _cpu(page: dict) -> str:
    used = page.get("cpu_ms_per_request")
    if not used:
        return "–"
    return f"{used['app']:.1f} / {used['database']:.1f} / {used['client']:.1f}"


def scan_lines(allotments: int, scan: dict) -> list[str]:
    """The reminder-scan sentences under the table."""
    nan = float("nan")
    lines = [
        f"Reminder scan over {allotments:,} allotments, the daily scan (yesterday's claims in "
        f"the ledger): {scan.get('scan_seconds', nan):.2f} s for {scan.get('claimed', 0):,} new "
        f"quota reminders; the raw SQL selecting the same due reminders: "
        f"{scan.get('raw_sql_seconds', nan):.2f} s (ratio {scan.get('ratio') or nan:.2f}); "
        f"every kind: {scan.get('full_scan_seconds', nan):.2f} s."]
    if "first_scan_seconds" in scan:
        lines.append(
            f"The first scan over a ledger holding none of them: "
            f"{scan['first_scan_seconds']:.2f} s for {scan['first_claimed']:,} claims; the raw "
            f"SELECT {scan['first_raw_sql_seconds']:.2f} s "
            f"(ratio {scan['first_ratio'] or nan:.2f}), a hand-written INSERT … ON CONFLICT "
            f"of the same rows "
            f"{scan['first_raw_insert_seconds']:.2f} s; every kind: "
            f"{scan['first_full_scan_seconds']:.2f} s for {scan['first_full_scan_claimed']:,}.")
    return lines


def chart(results: dict, path: str) -> None:
    """A PNG bar chart of p50/p95/p99 latency per page (and ceilings)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pages, ceilings = results["pages"], results["ceilings"]
    names = list(pages)
    fig, (latency, throughput) = plt.subplots(1, 2, figsize=(13, 5))
    width = 0.4
    for offset, key, label in ((-width / 2, "server_p50_ms", "p50"),
                               (width / 2, "server_p95_ms", "p95")):
        latency.bar([i + offset for i in range(len(names))], [pages[n][key] for n in names],
                    width, label=label)
    latency.axhline(TARGET_P95_MS, color="red", linestyle="--", linewidth=1,
                    label="p95 target")
    latency.set_xticks(range(len(names)), names, rotation=30, ha="right")
    latency.set_ylabel("server time (ms)")
    latency.set_title("Latency inside the app")
    latency.legend()

    throughput.bar(range(len(names)), [pages[n]["rps"] for n in names], color="tab:green")
    raw = ceilings.get("ceiling: raw-SQL case list", {}).get("rps")
    bare = ceilings.get("ceiling: bare Flask", {}).get("rps")
    if raw:
        throughput.axhline(raw, color="tab:purple", linestyle="--", linewidth=1,
                           label=f"raw-SQL case list ({raw:.0f})")
        throughput.axhline(raw * TARGET_LIST_VS_RAW, color="tab:purple", linestyle=":",
                           linewidth=1, label="70% of it (case list target)")
    if bare:
        throughput.axhline(bare * TARGET_PAGE_VS_BARE, color="red", linestyle=":",
                           linewidth=1, label=f"20% of bare Flask ({bare:.0f} req/s)")
    throughput.set_xticks(range(len(names)), names, rotation=30, ha="right")
    throughput.set_ylabel("requests per second")
    throughput.set_title(f"{results['settings']['clients']} clients, "
                         f"{results['settings']['gunicorn_workers']} workers")
    throughput.legend(fontsize="small")
    fig.suptitle(f"Pages at {results['sizes']['cases']:,} cases")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
