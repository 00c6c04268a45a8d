"""Run axe-core in a Playwright page and fail with a readable list of WCAG violations.

from .axe import assert_no_axe_violations
page.goto(live_server.url + "/")
assert_no_axe_violations(page)
"""

from __future__ import annotations

from pathlib import Path

AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.2 AA, which includes the A and AA success criteria of 2.0 and 2.1.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _inject_axe(page) -> None:
    if page.evaluate("typeof window.axe !== 'undefined'"):
        return
    if not AXE_SOURCE.exists():
        raise AssertionError(f"{AXE_SOURCE} is missing: run `npm install` first")
    # Evaluated through the DevTools protocol rather than added as a <script>, so the page's
    # Content-Security-Policy stays switched on while it is tested.
    page.evaluate(AXE_SOURCE.read_text(encoding="utf-8") + "\n;undefined")


def axe_violations(page, *, tags: list[str] | None = None) -> list[dict]:
    """axe-core's violations for the page as it is now."""
    _inject_axe(page)
    results = page.evaluate(
        "tags => window.axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        tags or WCAG_TAGS,
    )
    return results["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' > '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n       ")
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def assert_no_axe_violations(page, *, tags: list[str] | None = None) -> None:
    """Fail the test if axe-core finds any WCAG 2.2 AA violation on the page."""
    violations = axe_violations(page, tags=tags)
    assert not violations, (
        f"{len(violations)} accessibility violation(s) on {page.url}:\n"
        + format_violations(violations)
    )
