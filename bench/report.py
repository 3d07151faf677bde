"""Turn the benchmark's measurements into JSON, a Markdown table and a chart."""

from __future__ import annotations

from typing import Any

TARGET_P95_MS = 50.0
TARGET_LIST_VS_RAW = 0.70
TARGET_PAGE_VS_BARE = 0.20
TARGET_SCAN_RATIO = 1.5
TARGET_SCAN_SECONDS = 2.0


def build(*, machine: dict, date: str, sizes: dict, pages: dict, ceilings: dict,
          statements: dict, scan: dict, clients: int, workers: int, seconds: float
          ) -> dict[str, Any]:
    """The results document, with each page's ratios to the two ceilings."""
    bare = ceilings["ceiling: bare Flask"]["rps"]
    raw = ceilings["ceiling: raw-SQL case list"]["rps"]
    for name, page in pages.items():
        page["statements"] = statements.get(name, {})
        page["vs_bare_flask"] = round(page["rps"] / bare, 3) if bare else None
        page["vs_raw_sql_list"] = round(page["rps"] / raw, 3) if raw else None
    return {"machine": machine, "date": date, "sizes": sizes,
            "settings": {"clients": clients, "gunicorn_workers": workers,
                         "seconds_per_page": seconds},
            "pages": pages, "ceilings": ceilings, "reminder_scan": scan,
            "targets": targets(pages, ceilings, scan)}


def targets(pages: dict, ceilings: dict, scan: dict) -> dict[str, bool]:
    """Which of issue 7's targets hold in these measurements."""
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
    }


def markdown(results: dict) -> str:
    """The README table: one row per page and ceiling."""
    m, s = results["machine"], results["sizes"]
    lines = [
        f"Measured {results['date']} on {m['cpus']} CPUs / {m['memory_gib']} GiB "
        f"({m['platform']}, Python {m['python']}); {s['cases']:,} cases, "
        f"{s['companies']:,} companies, {s['allotments']:,} allotments; gunicorn "
        f"{results['settings']['gunicorn_workers']} workers, "
        f"{results['settings']['clients']} concurrent clients.", "",
        "| page | req/s | p50 ms | p95 ms | p99 ms | server p95 ms | SQL statements "
        "(small / 1M) | vs bare Flask | vs raw-SQL list |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, p in results["pages"].items():
        st = p.get("statements", {})
        lines.append(
            f"| {name} | {p['rps']:.0f} | {p['p50_ms']:.1f} | {p['p95_ms']:.1f} | "
            f"{p['p99_ms']:.1f} | {p['server_p95_ms']:.1f} | {st.get('small', '?')} / "
            f"{st.get('large', '?')} | {p['vs_bare_flask']:.0%} | {p['vs_raw_sql_list']:.0%} |")
    for name, p in results["ceilings"].items():
        lines.append(f"| *{name}* | {p['rps']:.0f} | {p['p50_ms']:.1f} | {p['p95_ms']:.1f} | "
                     f"{p['p99_ms']:.1f} | {p['server_p95_ms']:.1f} | – | – | – |")
    scan = results["reminder_scan"]
    lines += ["", f"Reminder scan over {s['allotments']:,} allotments: "
              f"{scan.get('scan_seconds', float('nan')):.2f} s; the raw SQL selecting the same "
              f"due reminders: {scan.get('raw_sql_seconds', float('nan')):.2f} s "
              f"(ratio {scan.get('ratio', float('nan')):.2f}).", "",
              "Targets: " + ", ".join(f"{k} {'✔' if v else '✘'}"
                                      for k, v in results["targets"].items()), ""]
    return "\n".join(lines)


def chart(results: dict, path: str) -> None:
    """A PNG bar chart of p50/p95/p99 latency per page (and ceilings)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = {**results["pages"], **results["ceilings"]}
    names = list(rows)
    fig, ax = plt.subplots(figsize=(11, 5))
    width = 0.27
    for offset, key, label in ((-width, "p50_ms", "p50"), (0, "p95_ms", "p95"),
                               (width, "p99_ms", "p99")):
        ax.bar([i + offset for i in range(len(names))], [rows[n][key] for n in names],
               width, label=label)
    ax.axhline(TARGET_P95_MS, color="red", linestyle="--", linewidth=1, label="p95 target")
    ax.set_xticks(range(len(names)), names, rotation=25, ha="right")
    ax.set_ylabel("latency (ms, client-observed)")
    ax.set_title(f"Latency by page at {results['sizes']['cases']:,} cases")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
