"""``lawtimeline import uk|akn|lawsafrica|openfisca``: the written dataset validates and round-trips, progress and
what was left out go to stderr with file and line, and no corpus file makes a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import lawtimeline as lt
from lawtimeline.cli import cli
from lawtimeline.interop import akn, lawsafrica, legislation_gov_uk

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not beside the clone")

CASES = [
    ("uk", legislation_gov_uk, [CORPUS / "uk-effects" / "changes-affecting-ukpga-2002-38-feed.xml"]),
    ("akn", akn, [CORPUS / "de-ldml" / "vereinsg-1964-s593-zielgesetz.xml",
                  CORPUS / "de-ldml" / "vereinsg-aend-2017-s419-aenderungsgesetz.xml"]),
    ("akn", akn, [CORPUS / "ke-akn2" / "Act_Kenya_1997-08-22_3_2003-12-19.xml",
                  CORPUS / "ke-akn2" / "Act_Kenya_2003-12-10-short.xml"]),
    ("akn", akn, [CORPUS / "ke-akn2" / "Act_Kenya_2003-12-10-short.xml"]),
    ("akn", akn, [CORPUS / "de-ldml" / "vereinsg-aend-2017-s419-aenderungsgesetz.xml"]),
    ("akn", akn, [CORPUS / "de-ldml" / "vereinsg-1964-s593-zielgesetz.xml"]),
    ("akn", akn, [CORPUS / "ke-akn2" / "Act_Kenya_1997-08-22_3_2003-12-19.xml"]),
    ("lawsafrica", lawsafrica, [CORPUS / "za-lawsafrica" / "za-wc013-works-asat-2020-03-10.json"]),
]


def test_import_help_lists_the_formats() -> None:
    result = CliRunner().invoke(cli, ["import", "--help"])
    assert result.exit_code == 0
    for name in ("uk", "akn", "lawsafrica", "openfisca"):
        assert f"  {name} " in result.output


@pytest.mark.parametrize(("fmt", "module", "paths"), CASES, ids=[f"{c[0]}-{c[2][0].stem}" for c in CASES])
def test_import_writes_a_dataset_that_validates_and_round_trips(fmt: str, module: object, paths: list[Path],
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    result = CliRunner().invoke(cli, ["import", fmt, *map(str, paths), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "Traceback" not in result.stderr
    assert f"reading {paths[0]} (1)" in result.stderr  # progress on stderr
    direct = module.load(*paths)  # type: ignore[attr-defined]
    assert lt.load(out) == direct
    for w in direct._import_warnings:  # every left-out element is printed, with its file and line
        assert str(w) in result.stderr
    assert CliRunner().invoke(cli, ["validate", str(out)]).exit_code == 0


def test_import_of_a_file_that_is_not_xml_is_a_clean_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<akomaNtoso>\n<act>\n</akomaNtoso>\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", "akn", str(bad), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 1
    assert f"{bad}:3" in result.stderr and "not well-formed XML" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "x.yaml").exists()


def test_imported_uk_feed_renders(tmp_path: Path) -> None:
    """`lawtimeline import uk … -o uk.yaml && lawtimeline render uk.yaml -o uk.html` (outputs in a temp dir)."""
    feed = CORPUS / "uk-effects" / "changes-affecting-ukpga-2002-38-feed.xml"
    out, page = tmp_path / "uk.yaml", tmp_path / "uk.html"
    assert CliRunner().invoke(cli, ["import", "uk", str(feed), "-o", str(out)]).exit_code == 0
    result = CliRunner().invoke(cli, ["render", str(out), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "Marriage Act 1949" in html and "Adoption and Children Act 2002" in html
