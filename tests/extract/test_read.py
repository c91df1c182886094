"""Reading letters: encodings, kinds (text, Markdown, HTML, PDF), bad input and warnings."""

from __future__ import annotations

import hashlib
import io

import pytest

from sahelkg.errors import LetterError
from sahelkg.extract import read as read_mod
from sahelkg.extract.read import read_bytes, read_letter, text_fingerprint
from sahelkg.resources import seed_letters

BODY = (
    "Den Haag, 11 april 2013\n\n"
    "Graag bied ik u hierbij de reactie aan op het verzoek van de vaste commissie. "
    "België levert 25 personen aan de missie; Nederland draagt € 3 miljoen bij aan de training "
    "van Malinese troepen. De opbouw van de missie is inmiddels in volle gang.\n"
)


def test_seeds_read_cleanly():
    kinds = {}
    for p in seed_letters():
        letter = read_letter(p)
        assert letter.name == p.stem and letter.path == str(p)
        assert letter.encoding == "utf-8" and letter.warnings == ()
        assert letter.text == p.read_text(encoding="utf-8")
        assert letter.sha256 == text_fingerprint(letter.text)
        kinds[p.stem[:3]] = letter.media_type
    # seed 003 is Markdown stored as .txt; the others are PDF extractions
    assert kinds == {"000": "text/plain", "001": "text/plain", "002": "text/plain", "003": "text/markdown", "004": "text/plain"}


def test_name_override(tmp_path):
    f = tmp_path / "brief.txt"
    f.write_text(BODY, encoding="utf-8")
    assert read_letter(f, name="nr-207").name == "nr-207"


def test_missing_file_names_the_file(tmp_path):
    with pytest.raises(LetterError) as e:
        read_letter(tmp_path / "nope.txt")
    assert "nope.txt" in str(e.value) and "no such file" in str(e.value)


def test_directory_is_refused(tmp_path):
    with pytest.raises(LetterError, match="not a regular file"):
        read_letter(tmp_path)


@pytest.mark.parametrize("data, message", [(b"", "empty file"), (b"  \n\t\r\n ", "only whitespace")])
def test_empty_files(tmp_path, data, message):
    f = tmp_path / "leeg.txt"
    f.write_bytes(data)
    with pytest.raises(LetterError) as e:
        read_letter(f)
    assert message in str(e.value) and "leeg.txt" in str(e.value)


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",  # a .docx is a zip
        bytes(range(256)) * 4,
        b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15" * 20,
    ],
)
def test_binary_is_refused(tmp_path, data):
    f = tmp_path / "brief.txt"
    f.write_bytes(data)
    with pytest.raises(LetterError) as e:
        read_letter(f)
    assert "binary" in str(e.value) and "brief.txt" in str(e.value)


def test_cp1252_is_detected(tmp_path):
    text = "Den Haag, 11 april 2013\n\nBelgië en Italië leveren “trainers”; Nederland betaalt € 3 miljoen – zo’n bijdrage.\n" * 3
    f = tmp_path / "oud.txt"
    f.write_bytes(text.encode("cp1252"))
    letter = read_letter(f)
    assert letter.encoding == "cp1252"
    assert letter.text == text
    assert not any("replacement" in w for w in letter.warnings)


def test_latin1_is_decoded(tmp_path):
    text = "Den Haag, 11 april 2013\n\nDe Malinese regering en de geïntegreerde missie in België en Curaçao.\n" * 3
    f = tmp_path / "latin.txt"
    f.write_bytes(text.encode("latin-1"))
    letter = read_letter(f)
    assert letter.text == text
    assert letter.encoding in ("cp1252", "latin-1", "iso-8859-15")


def test_utf8_bom_is_dropped(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + BODY.encode("utf-8"))
    letter = read_letter(f)
    assert letter.encoding == "utf-8-sig" and letter.text == BODY


def test_utf16_with_bom(tmp_path):
    f = tmp_path / "utf16.txt"
    f.write_bytes(BODY.encode("utf-16"))
    letter = read_letter(f)
    assert letter.encoding == "utf-16" and letter.text == BODY


def test_broken_utf8_bom_file_warns_about_replacements(tmp_path):
    f = tmp_path / "kapot.txt"
    f.write_bytes(b"\xef\xbb\xbf" + BODY.encode("utf-8") + b"\xff\xfe\xfd tekst\n")
    letter = read_letter(f)
    assert "\ufffd" in letter.text
    assert any("replacement" in w for w in letter.warnings)


def test_short_and_undated_letters_warn():
    letter = read_bytes(b"Nederland steunt MINUSMA.\n", "kort", ".txt")
    assert any("suspiciously short" in w for w in letter.warnings)
    assert any("undated" in w for w in letter.warnings)
    assert read_bytes(BODY.encode(), "ok", ".txt").warnings == ()


def test_large_files_warn_and_huge_files_are_refused(tmp_path, monkeypatch):
    f = tmp_path / "groot.txt"
    f.write_text(BODY * 40, encoding="utf-8")
    monkeypatch.setattr(read_mod, "WARN_BYTES", 1000)
    letter = read_letter(f)
    assert any("large file" in w for w in letter.warnings)
    monkeypatch.setattr(read_mod, "HARD_LIMIT_BYTES", 2000)
    with pytest.raises(LetterError, match="above the .* limit"):
        read_letter(f)


@pytest.mark.parametrize(
    "text, suffix, media_type",
    [
        ("# Kop\n\nTekst met **vet** en <sup>1</sup>.\n", ".txt", "text/markdown"),
        ("**29 521**\n\n**Nederlandse deelname aan vredesmissies**\n\n**AZ**\n", ".txt", "text/markdown"),
        ("Gewone tekst zonder opmaak.\nNog een regel.\n", ".txt", "text/plain"),
        ("Gewone tekst zonder opmaak.\n", ".md", "text/markdown"),
        ("Een zin met 3 * 4 = 12 en een # teken.\n", ".txt", "text/plain"),
    ],
)
def test_media_type(text, suffix, media_type):
    assert read_bytes(text.encode(), "x", suffix).media_type == media_type


HTML = """<!DOCTYPE html>
<html lang="nl"><head><title>Kamerstuk 29521-207</title>
<script>var tracking = "NIET IN DE TEKST";</script><style>body {color: red}</style></head>
<body>
<header><nav><a href="/">Home</a> <a href="/zoeken">Zoeken in NAVIGATIE</a></nav></header>
<div id="broodtekst">
  <h1>Brief van de minister van Buitenlandse Zaken</h1>
  <p>Den Haag, 11 april 2013</p>
  <p>Graag bied ik u hierbij de reactie aan.<sup>1</sup> In totaal nemen
  531 personen deel aan de missie.</p>
  <ul><li>Frankrijk 220 personen</li><li>Spanje 51 personen</li></ul>
  <table><tr><td>Polen</td><td>20</td></tr></table>
</div>
<footer>Colofon FOOTERTEKST</footer>
</body></html>
"""


def test_html_page(tmp_path):
    f = tmp_path / "kst-29521-207.html"
    f.write_text(HTML, encoding="utf-8")
    letter = read_letter(f)
    assert letter.media_type == "text/html"
    assert "NIET IN DE TEKST" not in letter.text and "NAVIGATIE" not in letter.text and "FOOTERTEKST" not in letter.text
    assert "color: red" not in letter.text
    paragraphs = letter.text.strip().split("\n\n")
    assert paragraphs[:3] == ["Brief van de minister van Buitenlandse Zaken", "Den Haag, 11 april 2013",
                              "Graag bied ik u hierbij de reactie aan.<sup>1</sup> In totaal nemen\n531 personen deel aan de missie."]
    assert "Frankrijk 220 personen" in paragraphs and "Spanje 51 personen" in paragraphs
    assert "Polen 20" in letter.text
    assert letter.warnings == ()


def test_html_detected_by_content_in_a_txt(tmp_path):
    letter = read_bytes(HTML.encode("utf-8"), "x", ".txt")
    assert letter.media_type == "text/html" and "531 personen" in letter.text


def _pdf(lines: list[str]) -> bytes:
    """A real one-page PDF (matplotlib's PDF backend, TrueType text so it can be extracted)."""
    import matplotlib

    matplotlib.use("pdf")
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"pdf.fonttype": 42}):
        fig = plt.figure(figsize=(8.27, 11.69))
        for i, line in enumerate(lines):
            fig.text(0.1, 0.9 - i * 0.03, line)
        buf = io.BytesIO()
        fig.savefig(buf, format="pdf")
        plt.close(fig)
    return buf.getvalue()


PDF_LINES = ["Den Haag, 11 april 2013", "Nederland levert ongeveer 450 militairen aan MINUSMA.",
             "De bijdrage van Duitsland bedraagt ongeveer 1000 militairen in 2018."]


def test_pdf_text_is_extracted(tmp_path):
    f = tmp_path / "brief.pdf"
    f.write_bytes(_pdf(PDF_LINES))
    letter = read_letter(f)
    assert letter.media_type == "application/pdf" and letter.encoding == "pdf"
    for line in PDF_LINES:
        assert line in letter.text
    assert not any("undated" in w for w in letter.warnings)


def test_pdf_detected_by_content_whatever_the_suffix(tmp_path):
    letter = read_bytes(_pdf(PDF_LINES), "x", ".txt")
    assert letter.media_type == "application/pdf"


def test_truncated_pdf(tmp_path):
    data = _pdf(PDF_LINES)
    f = tmp_path / "half.pdf"
    f.write_bytes(data[: len(data) // 2])
    with pytest.raises(LetterError) as e:
        read_letter(f)
    assert "truncated PDF" in str(e.value) and "half.pdf" in str(e.value)


def test_corrupt_pdf_with_eof_marker(tmp_path):
    f = tmp_path / "kapot.pdf"
    f.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
    with pytest.raises(LetterError) as e:
        read_letter(f)
    assert "kapot.pdf" in str(e.value)


def test_pdf_without_text_layer(tmp_path):
    f = tmp_path / "scan.pdf"
    f.write_bytes(_pdf([]))
    with pytest.raises(LetterError, match="no text layer"):
        read_letter(f)


def test_pdf_suffix_but_not_a_pdf(tmp_path):
    f = tmp_path / "nep.pdf"
    f.write_text(BODY, encoding="utf-8")
    with pytest.raises(LetterError, match="not a PDF"):
        read_letter(f)


def test_mostly_utf8_with_a_broken_byte_stays_utf8(tmp_path):
    good = ("Den Haag, 11 april 2013\n\nBelgië, Italië en Roemenië leveren “trainers” aan de geïntegreerde missie.\n" * 3).encode()
    f = tmp_path / "half-kapot.txt"
    f.write_bytes(good + b"Een kapot byte: \xe9 hier.\n")
    letter = read_letter(f)
    assert letter.encoding == "utf-8"
    assert "België" in letter.text and "\ufffd" in letter.text
    assert any("invalid UTF-8" in w and "replacement" in w for w in letter.warnings)


@pytest.mark.parametrize("stem, name", [
    ("000_825a412ac6e2827a", "000_825a412ac6e2827a"),
    ("Kamerbrief EUTM Mali", "Kamerbrief-EUTM-Mali"),
    ("brief-é#1", "brief-e-1"),
    ("<script>", "script"),
    ("###", "letter"),
])
def test_letter_names_are_safe_iri_segments(tmp_path, stem, name):
    path = tmp_path / f"{stem}.txt"
    path.write_text("Den Haag, 1 mei 2020\n\nNederland levert 5 militairen aan MINUSMA.\n", encoding="utf-8")
    assert read_letter(path).name == name


def test_the_same_letter_resaved_has_the_same_fingerprint(tmp_path):
    text = "Den Haag, 1 mei 2020\r\n\r\nDe Minister van Defensie,   \r\nK.H. Ollongren\r\n"
    (tmp_path / "a.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "b.txt").write_bytes(text.replace("\r\n", "\n").replace("   \n", "\n").encode("utf-8"))
    (tmp_path / "c.txt").write_bytes(text.replace("Ollongren", "Bijleveld").encode("utf-8"))
    a, b, c = (read_letter(tmp_path / f"{n}.txt") for n in "abc")
    assert a.sha256 == b.sha256 != c.sha256
    assert a.text != b.text  # the text itself is kept exactly as stored: offsets refer to it


def test_control_count_is_the_characters_below_32_but_whitespace():
    """The one-scan count of control characters equals counting them one by one."""
    text = "".join(map(chr, range(0, 40))) * 3 + "tekst\u0085\u00a0é"
    plain = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
    assert len(read_mod._CONTROL.findall(text)) == plain == 27 * 3


@pytest.mark.parametrize(
    "text",
    ["**a** en **b** en **c**", "# Kop\n\n**vet**", "zie <SUP>1</SUP>", "[link](https://x.nl) **b**",
     "[^1]: noot\n# Kop", "gewone tekst # geen kop", "[a](b) ** c", ""],
)
def test_markdown_signals_need_their_literal(text):
    """Each signal holds its literal, so testing the literal first changes no answer."""
    for need, rx in zip(read_mod._MD_NEEDS, read_mod._MD_SIGNALS):
        if rx.search(text):
            assert need in text
    found = [bool(rx.search(text)) for rx in read_mod._MD_SIGNALS]
    plain = sum(found) >= 2 or found[1] or len(read_mod._MD_SIGNALS[0].findall(text)) >= 3
    assert read_mod._looks_markdown(text) == plain
