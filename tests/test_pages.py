"""Page-manifest details that the built-site tests cannot pin down."""

from kehoach.pages import _period_sort_key


def test_figure_periods_sort_by_their_last_month_month_then_quarter_then_year():
    # Ties (June, the second quarter, …) once fell to set order, so the columns moved between builds.
    periods = ["2019", "II/2019", "6/2019", "12/2018", "IV/2018", "I/2019", "5/2019", "2018"]
    assert sorted(periods, key=_period_sort_key) == ["12/2018", "IV/2018", "2018", "I/2019", "5/2019", "6/2019", "II/2019", "2019"]


def test_adjacent_cells_get_a_line_break_so_search_does_not_join_their_words():
    from kehoach.pages import separate_adjacent_cells

    html = "<table><tr><th>Viết tắt</th><td>VPTU</td></tr><tr><th>Trực thuộc</th><td>x</td></tr></table><dl><dt>a</dt><dd>b</dd></dl>"
    assert separate_adjacent_cells(html) == (
        "<table><tr><th>Viết tắt</th>\n<td>VPTU</td>\n</tr>\n<tr><th>Trực thuộc</th>\n<td>x</td>\n</tr>\n</table><dl><dt>a</dt>\n<dd>b</dd>\n</dl>"
    )
    assert separate_adjacent_cells("<td><table><tr><td>x</td></tr></table></td></td><") .count("\n") == 4
