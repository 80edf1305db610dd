"""Page-manifest details that the built-site tests cannot pin down."""

from kehoach.pages import _period_sort_key


def test_figure_periods_sort_by_their_last_month_month_then_quarter_then_year():
    # Ties (June, the second quarter, …) once fell to set order, so the columns moved between builds.
    periods = ["2019", "II/2019", "6/2019", "12/2018", "IV/2018", "I/2019", "5/2019", "2018"]
    assert sorted(periods, key=_period_sort_key) == ["12/2018", "IV/2018", "2018", "I/2019", "5/2019", "6/2019", "II/2019", "2019"]
