"""Theme prevalence with uncertainty, and plots that compose."""

import math

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from scrlearn.trends import plot_prevalence, plot_theme_trend, prevalence, wilson_interval  # noqa: E402


@pytest.fixture
def frame():
    return pd.DataFrame({
        "year": [2010, 2010, 2010, 2011, 2011, None],
        "period": ["2010-H1", "2010-H2", "2010-H2", "2011-H1", "2011-H1", None],
        "area": ["A", "A", "B", "B", "B", "A"],
        "domestic_abuse": [1, 0, 1, 1, 1, 1],
        "substance_misuse": [0, 0, 0, 1, 0, 0],
    })


def test_wilson_interval_bounds():
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and 0.25 < high < 0.35
    assert all(math.isnan(x) for x in wilson_interval(0, 0))


def test_prevalence_by_year_with_change(frame):
    table = prevalence(frame, by="year", themes=["domestic_abuse", "substance_misuse"])
    row = table[(table["group"] == 2011) & (table["theme"] == "domestic_abuse")].iloc[0]
    assert (row["count"], row["n"], row["share"]) == (2, 2, 1.0)
    assert row["previous_share"] == pytest.approx(2 / 3) and row["change"] == pytest.approx(1 / 3)
    assert table["n"].sum() == 5 * 2  # the undated document is left out


def test_prevalence_by_area_has_no_change(frame):
    table = prevalence(frame, by="area", themes=["domestic_abuse"])
    assert list(table["group"]) == ["A", "B"] and table["change"].isna().all()


def test_plots_return_axes(frame):
    import matplotlib.pyplot as plt

    table = prevalence(frame, by="year", themes=["domestic_abuse", "substance_misuse"])
    fig, (a, b) = plt.subplots(1, 2)
    assert plot_theme_trend(table, "domestic_abuse", ax=a) is a
    assert plot_prevalence(table, 2011, ax=b, previous=2010) is b
    assert len(a.lines) == 1 and len(b.patches) == 4
    plt.close(fig)


def test_trends_command(cli, sample_db, tmp_path):
    result = cli("trends", "--by", "period", "--theme", "voice_of_child", "--format", "jsonl",
                 "--plot", tmp_path / "t.png", "--db", sample_db)
    rows = result.jsonl()
    assert result.code == 0 and len(rows) >= 32 and all(r["theme"] == "voice_of_child" for r in rows)
    assert sum(r["n"] for r in rows) == 146  # every document with a month
    assert (tmp_path / "t.png").exists()
