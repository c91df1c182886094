"""Fixtures of the end-to-end journey (defined in ``e2e_journey.py``)."""

from e2e_journey import journey, server  # noqa: F401  (pytest fixtures)
