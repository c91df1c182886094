"""How big a query's structure may be before the store's parser sees it.

pyoxigraph parses and plans a query recursively; a query nested ten thousand levels deep, or a
chain of ten thousand UNIONs, ``+`` terms, path steps or OPTIONALs, overflows the worker's stack and
the process dies with SIGSEGV (measured with pyoxigraph 0.5: 3,000 of any of these parse, 10,000
kill the worker; 1,000 nested groups parse). No real query comes near, so such a query is refused
with a 400 before it reaches the store.

The counts run on the query's skeleton (:func:`sahelkg.server.guard.skeleton`: strings, IRIs and
comments blanked), so text inside literals never counts. ``VALUES`` data is flat and not counted,
except for its brackets.
"""

from __future__ import annotations

import re

from sahelkg.server import guard

MAX_NESTING = 128  # groups, parentheses and brackets, one inside the other
MAX_OPERATORS = 2000  # joins, unions, optionals, path steps, operators in expressions
MAX_PATH_STEPS = 64  # "/", "|" and "^" of property paths (and divisions): time grows fast with them

_OPERATORS = re.compile(
    r"(?<![\d])\.(?![\d])|;|,|/|\||\^|&&|\|\||!=?|<=|>=|(?<![<!>])=|\+|\*|(?<![\w?$])-(?![\w])"
    r"|\b(?:UNION|OPTIONAL|MINUS|FILTER|BIND|GRAPH|SERVICE|EXISTS|VALUES|IN)\b", re.I)


_PATH = re.compile(r"/|\||(?<!\^)\^(?!\^)")


def nesting_depth(skeleton: str) -> int:
    depth = best = 0
    for ch in skeleton:
        if ch in "{([":
            depth += 1
            best = max(best, depth)
        elif ch in "})]":
            depth = max(0, depth - 1)
    return best


def operator_count(skeleton: str) -> int:
    return sum(1 for _ in _OPERATORS.finditer(skeleton))


def too_complex(query: str) -> str | None:
    """Why ``query`` is too deeply nested or too long a chain for the store's parser, or None."""
    sk = guard.skeleton(query)
    depth = nesting_depth(sk)
    if depth > MAX_NESTING:
        return f"the query nests {depth} levels deep; at most {MAX_NESTING} are accepted"
    steps = len(_PATH.findall(sk))
    if steps > MAX_PATH_STEPS:
        return (f"the query has {steps} property path steps and alternatives ('/', '|', '^'); at most "
                f"{MAX_PATH_STEPS} are accepted (a sequence of 200 steps takes seconds, 340 more than 10 s)")
    ops = operator_count(sk)
    if ops > MAX_OPERATORS:
        return (f"the query has {ops} joins, unions, path steps and operators; at most {MAX_OPERATORS} are "
                "accepted (split it, or move long lists of values into a VALUES block)")
    return None
