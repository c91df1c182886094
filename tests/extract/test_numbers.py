"""Dutch numbers: digits with thousands dots and decimal commas, number words, scale words."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from sahelkg.extract.numbers import anchored_finditer, parse_number, word_number


@pytest.mark.parametrize(
    "text, value",
    [
        ("6.600", "6600"),
        ("13.289", "13289"),
        ("1.500.000", "1500000"),
        ("531", "531"),
        ("3,8 miljoen", "3800000"),
        ("1,2 mld", "1200000000"),
        ("1,2 mld.", "1200000000"),
        ("3 mln", "3000000"),
        ("3 mln.", "3000000"),
        ("2 mrd", "2000000000"),
        ("45 miljoen", "45000000"),
        ("5 miljard", "5000000000"),
        ("350.000", "350000"),
        ("0,5", "0.5"),
        ("1,25", "1.25"),
        ("2.5 miljoen", "2500000"),
        ("vier", "4"),
        ("twaalf", "12"),
        ("negentien", "19"),
        ("veertien", "14"),
        ("zeventien", "17"),
        ("achttien", "18"),
        ("twintig", "20"),
        ("eenentwintig", "21"),
        ("tweeëntwintig", "22"),
        ("vierendertig", "34"),
        ("honderd", "100"),
        ("tweehonderdvijftig", "250"),
        ("drieduizend", "3000"),
        ("twee miljoen", "2000000"),
        ("anderhalf miljoen", "1500000"),
        ("een", "1"),
        ("één", "1"),
        ("een honderdtal", "100"),
        ("honderdtal", "100"),
        ("een tiental", "10"),
        ("  12  ", "12"),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize(
    "text",
    ["enkele", "tientallen", "honderden", "diverse", "veel", "", "mln", "2.5", "Mali", "achten", "29 521", "12a", "één of twee"],
)
def test_parse_number_refuses(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("word, value", [("negen", 9), ("zeven", 7), ("elf", 11), ("dertig", 30), ("honderdtwintig", 120)])
def test_word_number(word, value):
    assert word_number(word) == value


@pytest.mark.parametrize("word", ["en", "achten", "vieren", "drieën", "tienen", "geen", "zestigers"])
def test_word_number_refuses(word):
    assert word_number(word) is None


def test_integral_values_have_no_exponent_or_fraction():
    assert str(parse_number("3,8 miljoen")) == "3800000"
    assert str(parse_number("1,25")) == "1.25"


def test_anchored_finditer_matches_plain_finditer():
    rx = re.compile(r"(?<!\w)(?:ongeveer |circa )?\d+(?: personen)?")
    anchors = re.compile(r"\d+")
    text = "Er zijn ongeveer 40 personen en circa 7 en 12 personen, nr12 niet."
    assert [m.group() for m in anchored_finditer(rx, anchors, text)] == [m.group() for m in rx.finditer(text)]
