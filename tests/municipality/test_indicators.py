"""Each rule of the indicator contract: no answer, zero bases, one answer, several."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from municipality.indicators import Rule, Tally, combine


@pytest.mark.parametrize("rule", list(Rule))
def test_nobody_answered_gives_no_figure(rule):
    assert combine(rule, []) is None
    assert combine(rule, [(None, D(10)), (None, None)]) is None


@pytest.mark.parametrize(
    ("rule", "expected"),
    [(Rule.SUM, D(40)), (Rule.SHARE, D(40)), (Rule.MEAN, D(40)), (Rule.LATEST, D(40))],
)
def test_one_answer_is_the_figure(rule, expected):
    assert combine(rule, [(D(40), D(7))]) == expected
    assert combine(rule, [(D(40), D(7))], over_time=True) == expected


def test_sum_adds_the_answers_and_skips_the_missing():
    assert combine(Rule.SUM, [(D(3), None), (None, None), (D("4.5"), None)]) == D("7.5")


def test_share_weighs_each_answer_by_its_base():
    # 90 % of 900 complaints and 10 % of 100: 820 of 1000 in all.
    assert combine(Rule.SHARE, [(D(90), D(900)), (D(10), D(100))]) == D(82)


def test_share_with_a_zero_base_ignores_that_answer():
    assert combine(Rule.SHARE, [(D(50), D(0)), (D(20), D(10))]) == D(20)


def test_share_whose_bases_are_all_zero_or_unknown_counts_answers_alike():
    assert combine(Rule.SHARE, [(D(50), D(0)), (D(20), D(0))]) == D(35)
    assert combine(Rule.SHARE, [(D(50), None), (D(20), None)]) == D(35)


def test_mean_counts_each_answer_the_same():
    assert combine(Rule.MEAN, [(D(2), D(1000)), (D(4), D(1)), (None, None)]) == D(3)


def test_latest_takes_the_last_month_and_adds_up_across_communes():
    answers = [(D(12), None), (D(15), None), (None, None)]
    assert combine(Rule.LATEST, answers, over_time=True) == D(15)
    assert combine(Rule.LATEST, answers) == D(27)


def test_a_tally_counts_answers_one_at_a_time():
    tally = Tally(Rule.SHARE)
    assert tally.result is None
    tally.add(D(100), D(3))
    tally.add(D(0), D(1))
    assert tally.result == D(75)
    assert tally.answers == 2
