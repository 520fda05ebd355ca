"""The printed summary of a benchmark run (the JSON file holds everything else)."""

from __future__ import annotations

from typing import Any

LABELS = {
    "floor": "(a) bare Pyramid /",
    "dashboard": "(b) dashboard /c/{commune}/",
    "api": "(c) API GET notices",
    "dashboard_uncached": "    (b) page not kept",
    "api_uncached": "    (c) page not kept",
    "inbox_uncached": "(d) inbox, 25 complaints",
    "complaint_uncached": "(e) a complaint's page",
    "dashboard_cold": "    (b) nothing kept",
    "api_cold": "    (c) nothing kept",
}


def _database_title(name: str, versions: dict[str, str]) -> str:
    if name == "sqlite":
        return f"SQLite {versions.get('sqlite', '?')}"
    title = f"PostgreSQL {versions.get('postgresql', '?')}"
    return f"{title} + PostGIS {versions['postgis']}" if "postgis" in versions else title


def _throughput(name: str, result: dict[str, Any]) -> list[str]:
    lines = [
        f"{_database_title(name, result['versions'])}",
        f"  {'page':<30} {'req/s':>8} {'p99 ms':>8} {'p50 ms':>8} {'CPU ms/req':>11} {'ratio':>14}",
    ]
    for page, label in LABELS.items():
        median = result["median"][page]
        ratio = ""
        if page != "floor":
            target = result["targets"].get(page)
            judged = f" (>= {target:.2f})" if target is not None else ""
            ratio = f"{result['ratios'][page]:.2f}{judged}"
        lines.append(
            f"  {label:<30} {median['requests_per_s']:>8.0f} {median['p99_ms']:>8.1f}"
            f" {median['p50_ms']:>8.1f} {median['server_cpu_ms_per_request']:>11.2f}"
            f" {ratio:>15}"
        )
    failed = sum(m["failed"] for runs in result["runs"].values() for m in runs)
    if failed:
        lines.append(f"  WARNING: {failed} failed or non-2xx responses during the runs")
    lines.extend(f"  WARNING: {w}" for w in result.get("warnings", []))
    return lines


def _sql(result: dict[str, Any]) -> list[str]:
    lines = [
        "  SQL per request with nothing kept (statements / transactions / connection"
        " check-outs), 5 -> 50 notices; served from the cache a page issues none:"
    ]
    for page, counts in result["sql"].items():
        small, large = counts["5"], counts["50"]
        verdict = (
            "grows with the rows (N+1)" if large["statements"] > small["statements"] else "constant"
        )
        lines.append(
            f"    {page:<10} {small['statements']} -> {large['statements']} statements"
            f" ({verdict}); {large['transactions']} transaction,"
            f" {large['connection_checkouts']} check-out,"
            f" {len(large['compiled'])} compiled (not from SQLAlchemy's cache)"
        )
        lines.extend(f"      {query}" for query in large["queries"])
        for query, times in large["repeated"].items():
            lines.append(f"      repeated {times}x: {query}")
    return lines


def _profile(found: dict[str, Any]) -> list[str]:
    lines = ["  In-process profile, one thread (ms per request):"]
    for page, data in found.items():
        sql = data.get("sql_ms_per_request")
        sql_text = f", SQL statements {sql:.2f}" if sql is not None else ""
        lines.append(
            f"    {page:<10} wall {data['wall_ms_per_request']:.2f}, "
            f"CPU {data['cpu_ms_per_request']:.2f}{sql_text}"
        )
        if page == "floor":
            continue
        shares = ", ".join(
            f"{name} {share:.0%}" for name, share in list(data["share_by_library"].items())[:7]
        )
        lines.append(f"      profiled self time by library: {shares}")
    return lines


def render(results: dict[str, Any]) -> str:
    machine = results["machine"]
    settings = results["settings"]
    lines = [
        f"Machine: {machine['cpu_count']} CPUs, {machine['cpu_model']}; "
        f"Python {machine['python']}; {machine['os']}",
        f"Load: {settings['load_generator']}; {settings['seconds']:g} s per measurement after "
        f"{settings['warmup']:g} s warm-up, {settings['runs']} interleaved runs, medians shown; "
        f"servers: waitress, 4 threads each",
        "",
    ]
    for name, result in results["databases"].items():
        lines.extend(_throughput(name, result))
        lines.extend(_sql(result))
        if result.get("profile"):
            lines.extend(_profile(result["profile"]))
        lines.append("")
    for name, reason in results.get("skipped", {}).items():
        lines.append(f"{name}: skipped ({reason})")
    target = results["target"]
    lines.append("Targets: each ratio shown with (>= x) on PostgreSQL: " + target["verdict"])
    return "\n".join(lines)
