"""The Dashboard's trend chart: the target's text never covers a bar, a value or a quarter."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("values, target", [
    ([0, 4197, 4165, 4221, 4112, 4126], 129),     # a quarter of nothing and a low target (the huge demo)
    ([120, 130, 90, 140, 135, 128], 125),         # the target among the bars
    ([0, 0, 0, 0, 0, 3], 2),
])
def test_the_targets_text_covers_no_bar_value_nor_quarter(qtbot, values, target):
    from hubdesk.ui.dashboard.chart import BarChartWidget

    chart = BarChartWidget()
    qtbot.addWidget(chart)
    chart.resize(600, 260)
    items = [(f"2026 Q{i % 4 + 1}", float(v)) for i, v in enumerate(values)]
    chart.set_data(items, float(target), lambda v: f"{v:,.0f}", f"target {target}")
    chart.grab()            # paints it
    assert chart.target_text_rect is not None
    assert len(chart.drawn_texts) == 3 * len(values)
    covered = [r for r in chart.drawn_texts if chart.target_text_rect.intersects(r)]
    assert not covered, (chart.target_text_rect, covered)
    assert chart.rect().toRectF().contains(chart.target_text_rect)
