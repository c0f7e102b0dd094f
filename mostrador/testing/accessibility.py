"""An accessibility check in the browser tests: axe-core run inside a Playwright page.

axe-core comes from the npm registry, pinned by ``package-lock.json`` (``make npm-deps`` or
``npm ci``). Without it the test skips loudly, as the browser tests do without Chromium.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 levels A and AA, and axe's best practices (landmarks, one main heading...), which the
# project holds itself to as well.
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")
IMPACTS = ("serious", "critical")
# The pages' Content-Security-Policy refuses inline scripts without the page's nonce, so axe is
# loaded as a same-origin script from this path, which the test's browser answers itself.
AXE_PATH = "/__axe-core__/axe.min.js"
RUN_AXE = """async ({tags, exclude}) => {
    const context = exclude.length ? {include: [document], exclude: exclude.map(s => [s])}
                                   : document;
    const results = await axe.run(context, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return results.violations;
}"""


def require_axe() -> Path:
    """The path of axe-core's script, or skip the test loudly when it is not installed."""
    if not AXE.exists():
        pytest.skip(
            f"ACCESSIBILITY TEST SKIPPED: axe-core not found at {AXE} "
            "(make npm-deps, or npm ci --no-audit --no-fund)"
        )
    return AXE


def _inject_axe(page: Any) -> None:
    if page.evaluate("typeof window.axe !== 'undefined'"):
        return
    origin = page.evaluate("location.origin")
    url = f"{origin}{AXE_PATH}"
    script = require_axe()

    def answer(route: Any) -> None:
        route.fulfill(path=str(script), content_type="text/javascript")

    page.route(url, answer)
    try:
        page.add_script_tag(url=url)
    finally:
        page.unroute(url, answer)


def axe_violations(
    page: Any, *, impacts: Iterable[str] = IMPACTS, exclude: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA and best-practice violations of the page as it now stands, at
    ``impacts``; ``exclude`` lists CSS selectors of parts of the page to leave out."""
    _inject_axe(page)
    violations: list[dict[str, Any]] = page.evaluate(
        RUN_AXE, {"tags": list(TAGS), "exclude": list(exclude)}
    )
    wanted = set(impacts)
    return [violation for violation in violations if violation.get("impact") in wanted]


def format_violations(violations: Sequence[dict[str, Any]], *, nodes: int = 3) -> str:
    """The violations written for a person reading a failed assertion: rule, impact, help, and
    the first ``nodes`` elements (selector, HTML and what axe says to fix)."""
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']} "
            f"[{len(violation['nodes'])} element(s)] {violation.get('helpUrl', '')}"
        )
        for node in violation["nodes"][:nodes]:
            target = " ".join(str(part) for part in node.get("target", []))
            lines.append(f"    at {target}: {node.get('html', '')[:200]}")
            summary = node.get("failureSummary", "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)
