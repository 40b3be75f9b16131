"""The SVG plots: well-formed, escaped, and an undefined figure is said, not drawn as 0."""

from __future__ import annotations

import xml.dom.minidom

from xborder.governance.charts import forest


def test_a_forest_plot_is_well_formed_escaped_and_says_undefined() -> None:
    svg = forest(
        "c<1>",
        "FNMR <by> script",
        [
            ("Latn", {"value": 0.1, "ci_low": 0.05, "ci_high": 0.2}),
            ("Thai", None),
            ("A&B", {"value": 0.0, "ci_low": 0.0, "ci_high": 0.0}),
        ],
    )
    doc = xml.dom.minidom.parseString(svg)  # noqa: S318 - our own output, not untrusted input
    assert doc.documentElement.getAttribute("role") == "img"
    assert "<by>" not in svg and "A&amp;B" in svg
    assert "undefined (no cases in this group)" in svg
    assert len(doc.getElementsByTagName("circle")) == 2  # no dot for the undefined group
    desc = doc.getElementsByTagName("desc")[0].firstChild.data  # type: ignore[union-attr]
    assert "Latn: 0.100 (95% interval 0.050 to 0.200)" in desc and "Thai: undefined" in desc
