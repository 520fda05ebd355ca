"""What every page driven in the browser must satisfy: WCAG 2.2 AA, nothing fetched from
another host, and a small weight, with a full-page screenshot kept for review.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

from playwright.sync_api import Browser, Page, Request

ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
LOCAL_HOST = "127.0.0.1"
MAX_PAGE_BYTES = 200 * 1024
# A page with a map also carries the map library.
MAX_MAP_PAGE_BYTES = 400 * 1024
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

_requests: WeakKeyDictionary[Page, list[str]] = WeakKeyDictionary()

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
  }));
}"""

# A resource read from the cache transferred nothing; count it at its size anyway, so the
# budget holds for a first visit.
PAGE_WEIGHT = """() => [
  ...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource'),
].map(e => ({url: e.name, bytes: e.transferSize || e.encodedBodySize}))"""


@functools.cache
def axe_source() -> str:
    return AXE_SOURCE.read_text(encoding="utf-8")


def watch_requests(page: Page) -> None:
    """Remember every URL the page asks for, from now on."""
    seen: list[str] = []
    _requests[page] = seen

    def record(request: Request) -> None:
        seen.append(request.url)

    page.on("request", record)


def foreign_requests(page: Page) -> list[str]:
    """Requests that went to another machine (``data:`` URLs go nowhere)."""
    return [
        url
        for url in _requests.get(page, [])
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != LOCAL_HOST
    ]


@contextmanager
def watched_page(
    browser: Browser, base_url: str, viewport: dict[str, int], locale: str, **options: Any
) -> Iterator[Page]:
    """A fresh page (own cookies), axe allowed past the CSP; fails if a request left the machine.

    ``options`` go to the browser context (a position and the permission to read it, or
    ``java_script_enabled=False``).
    """
    context = browser.new_context(
        viewport=viewport, bypass_csp=True, base_url=base_url, locale=locale, **options
    )
    opened = context.new_page()
    watch_requests(opened)
    yield opened
    foreign = foreign_requests(opened)
    context.close()
    assert not foreign, f"requests left the machine: {foreign}"


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {target}" for target in v["targets"])
    return "\n".join(lines)


def check_accessibility(page: Page, name: str, *, max_bytes: int = MAX_PAGE_BYTES) -> None:
    """Screenshot the page as ``name``, then fail on any WCAG 2.2 AA violation axe finds,
    any request to another host, or a page heavier than ``max_bytes``."""
    screenshot(page, name)
    page.add_script_tag(content=axe_source())
    violations = page.evaluate(RUN_AXE, list(WCAG_TAGS))
    assert not violations, f"{name} ({page.url}):\n{_describe(violations)}"
    foreign = foreign_requests(page)
    assert not foreign, f"{name}: requests left the machine: {foreign}"
    weights = page.evaluate(PAGE_WEIGHT)
    total = sum(w["bytes"] for w in weights)
    assert total < max_bytes, f"{name} weighs {total} bytes: {weights}"
