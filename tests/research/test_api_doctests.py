"""The examples in the notebook API's docstrings run as tests."""

from __future__ import annotations

import doctest

import sahelkg.api


def test_api_docstring_examples_run():
    result = doctest.testmod(sahelkg.api, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 4 and result.failed == 0
