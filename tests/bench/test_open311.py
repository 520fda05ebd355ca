"""The Open311 benchmark judges a filing against the write floor (decision 0003)."""

from __future__ import annotations

from bench import open311

SETTINGS = {"tool": "wrk 4.1.0"}


def _measured(floor: float, write_floor: float, filing: float) -> dict:
    rates = {"floor": floor, "write_floor": write_floor, "open311": filing}
    median = {
        page: {
            "requests_per_s": rate,
            "p99_ms": 10.0,
            "p50_ms": 5.0,
            "server_cpu_ms_per_request": 1.0,
            "failed": 0,
        }
        for page, rate in rates.items()
    }
    return {"median": median, **open311.judge(rates), "rows_written": {}}


def _report(**databases: dict) -> str:
    return open311.render({"settings": SETTINGS, "databases": databases, "skipped": {}})


def test_a_filing_at_a_quarter_of_the_write_floor_meets_the_target():
    judged = open311.judge({"floor": 2000.0, "write_floor": 400.0, "open311": 100.0})
    assert judged == {
        "of_write_floor": 0.25,
        "of_floor": 0.05,
        "write_floor_of_floor": 0.2,
        "target_met": True,
    }
    report = _report(postgresql=_measured(2000.0, 400.0, 100.0))
    assert "filing / write floor 0.250 (target 0.25: met)" in report
    assert "of the bare floor: the filing 0.050, the write floor 0.200" in report


def test_below_a_quarter_of_the_write_floor_the_target_is_not_met():
    report = _report(postgresql=_measured(2260.0, 346.0, 85.0))
    assert "filing / write floor 0.246 (target 0.25: NOT met)" in report
