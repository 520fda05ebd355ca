"""Throughput benchmarks: the Baladiya pages against a bare Pyramid floor.

Run with ``python -m bench`` (or ``make bench``); see ``docs/benchmarks.md``. Nothing in
this package runs as part of the test suite, and no result here ever fails a build.
"""
