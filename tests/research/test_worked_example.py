"""The worked example in docs/examples/ runs end to end on the seed letters and answers its three questions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "research_questions.py"


@pytest.mark.slow
def test_worked_example_answers_its_three_questions():
    out = subprocess.run([sys.executable, str(EXAMPLE)], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    text = out.stdout
    q1, rest = text.split("2. Armed groups linked to al-Qaida")
    q2, q3 = rest.split("3. Missions ended, suspended or withdrawn")
    # 1: the letters give ~450 (2014), ~375 (2016), ~290 (2017) and at most 250 (2018) Dutch military in MINUSMA
    for line in ("2014: 450 (Approximately)", "2016: 375 (Approximately)", "2017: 290 (Approximately)",
                 "2018: 250 (AtMost)"):
        assert line in q1, line
    # 2: AQIM, Ansar Dine and al-Mourabitoun merged into JNIM, itself tied to al-Qaida
    for group in ("al-Qaeda in the Islamic Maghreb", "Ansar Dine", "al-Mourabitoun"):
        assert group in q2, group
    # 3: Takuba's operations in Mali ended in June 2022; the last French troops of Barkhane left mid-August 2022
    assert "Termination" in q3 and "Takuba" in q3 and "2022-08-15 Withdrawal" in q3
