"""Safe XML (``lawtimeline.interop._xml``): no entity, DTD or network access is ever resolved; bombs and huge files
are refused with a located message."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from lawtimeline import DatasetError
from lawtimeline.interop import _xml

SECRET = "TOPSECRET-lawtimeline-4711"


def _xxe(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    doc = tmp_path / "xxe.xml"
    doc.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE root [ <!ENTITY xxe SYSTEM "{secret.as_uri()}"> ]>\n'
        "<root>\n  <a>before &xxe; after</a>\n</root>\n", encoding="utf-8")
    return doc


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    doc = _xml.parse(_xxe(tmp_path))
    from lxml import etree

    text = etree.tostring(doc.root, encoding="unicode")
    assert SECRET not in text
    assert "&xxe;" not in text  # the reference itself is removed, not left as text
    assert doc.root.find("a").text == "before  after"
    # two warnings: the ignored declaration (line 1) and the reference left out (line 4, where it stands)
    assert [(w.line, w.severity) for w in doc.warnings] == [(1, "warning"), (4, "warning")]
    assert "xxe" in doc.warnings[1].message


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    ents = "".join(f'<!ENTITY lol{i + 1} "{f"&lol{i};" * 10}">' for i in range(1, 10))
    doc = tmp_path / "lol.xml"
    doc.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol1 "lol">{ents}]>\n<lolz>&lol10;</lolz>\n',
                   encoding="utf-8")
    start = time.perf_counter()
    try:
        parsed = _xml.parse(doc)
    except DatasetError as e:
        assert e.problems[0].file == str(doc)
    else:  # not refused: then nothing was expanded
        from lxml import etree

        assert len(etree.tostring(parsed.root)) < 1000
    assert time.perf_counter() - start < 1.0


def test_file_over_the_size_cap_is_refused_before_parsing(tmp_path: Path) -> None:
    doc = tmp_path / "big.xml"
    doc.write_text("<root>" + "x" * 5000 + "</root>", encoding="utf-8")
    with pytest.raises(DatasetError) as e:
        _xml.parse(doc, max_bytes=1000)
    assert "5,013 bytes" in str(e.value) and "larger than 1,000 bytes are refused" in str(e.value)


def test_malformed_xml_is_located(tmp_path: Path) -> None:
    doc = tmp_path / "bad.xml"
    doc.write_text("<root>\n  <a>\n</root>\n", encoding="utf-8")
    with pytest.raises(DatasetError) as e:
        _xml.parse(doc)
    p = e.value.problems[0]
    assert (p.file, p.line) == (str(doc), 3)
    assert "not well-formed XML" in p.message


def test_network_dtd_is_not_fetched(tmp_path: Path) -> None:
    """An external DTD on the network is neither loaded nor a reason to fail (no_network, load_dtd off)."""
    doc = tmp_path / "dtd.xml"
    doc.write_text('<?xml version="1.0"?>\n<!DOCTYPE root SYSTEM "http://example.invalid/x.dtd">\n<root>ok</root>\n',
                   encoding="utf-8")
    assert _xml.parse(doc).root.text == "ok"
