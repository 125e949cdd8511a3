"""planner.errors: the one-line form of an issue, and the order issues are printed in."""

from __future__ import annotations

from planner.errors import Issue, PlanSetInvalid, errors_of, sorted_issues, warnings_of

RATE = Issue("customers/x.yaml", 12, 5, "stock[0].retention", "rate_range",
             {"got": "1.5"}, ("保有率", "Retention"))


def test_format_is_file_line_col_field_label_message_fix():
    assert RATE.format("zh") == ("customers/x.yaml:12:5: stock[0].retention (保有率): "
                                 "比率必须在 0 到 1 之间 (写的是 1.5) — 写成小数如 0.6, 或百分数如 "
                                 "60%")
    assert RATE.format("en") == ("customers/x.yaml:12:5: stock[0].retention (Retention): "
                                 "a rate must be between 0 and 1 (got 1.5) — write a fraction "
                                 "such as 0.6, or a percentage such as 60%")


def test_an_issue_about_a_whole_file_has_no_field():
    issue = Issue("market.yaml", 1, 1, "", "empty_file")
    assert issue.format() == "market.yaml:1:1: -: 文件是空的 — 填写内容, 或删除这个文件"
    assert issue.label_text() == ""


def _issue(file: str, line: int, severity: str = "error", col: int = 1) -> Issue:
    return Issue(file, line, col, "", "empty_file", severity=severity)  # type: ignore[arg-type]


def test_errors_first_then_warnings_each_by_file_line_and_column():
    issues = [_issue("market.yaml", 3, "warning"), _issue("market.yaml", 9),
              _issue("customers/b.yaml", 2, "warning"), _issue("customers/b.yaml", 10),
              _issue("customers/b.yaml", 2), _issue("customers/a.yaml", 7),
              _issue("customers/b.yaml", 2, col=9)]
    order = [(i.severity, i.file, i.line, i.col) for i in sorted_issues(issues)]
    assert order == [
        ("error", "customers/a.yaml", 7, 1),
        ("error", "customers/b.yaml", 2, 1),
        ("error", "customers/b.yaml", 2, 9),
        ("error", "customers/b.yaml", 10, 1),
        ("error", "market.yaml", 9, 1),
        ("warning", "customers/b.yaml", 2, 1),
        ("warning", "market.yaml", 3, 1),
    ]


def test_line_numbers_sort_as_numbers():
    assert [i.line for i in sorted_issues([_issue("a", 10), _issue("a", 9)])] == [9, 10]


def test_the_same_issue_twice_is_printed_once():
    assert sorted_issues([RATE, RATE]) == [RATE]


def test_errors_and_warnings_apart():
    e, w = _issue("a", 1), _issue("a", 2, "warning")
    assert (errors_of([e, w]), warnings_of([e, w])) == ([e], [w])
    assert str(PlanSetInvalid([e, w])) == "1 error(s)"
