"""The chronology as plain text (``to_text``, for terminals) and as Markdown (``to_markdown``, for reports).

Plain text: every line fits the width in display columns, and every entry's date, kind, title, caveats and source
numbers are there in chronology order, with the sources listed under their numbers. Markdown: dataset text is
escaped so it can never become markup, sources are ``[^n]`` footnotes, and only http/https/mailto URLs are links.
"""

from __future__ import annotations

import json
import re
import unicodedata
from html import escape as html_escape
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import datasets, texts

import lawtimeline as lt
from lawtimeline.render.html import cited_elsewhere

EXAMPLE = Path(__file__).parent.parent / "examples" / "russia_migrants.yaml"
DATE_W = 22  # the date column of to_text, then one space


@pytest.fixture(scope="module")
def flagship() -> lt.Timeline:
    return lt.load(EXAMPLE)


def columns(s: str) -> int:
    """Display width in a terminal: wide/fullwidth characters take two columns, combining and format ones none."""
    width = 0
    for ch in s:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def squash(s: str) -> str:
    """``s`` without any whitespace (wrapping may move or add line breaks, never change other characters)."""
    return re.sub(r"\s+", "", s)


def numbering(tl: lt.Timeline) -> dict[str, int]:
    """Source numbers: in order of first citation in the chronology, then those cited only by acts, provisions
    and pending changes (as in the HTML page)."""
    out: dict[str, int] = {}
    for e in tl.chronology():
        for s in e.sources:
            out.setdefault(s, len(out) + 1)
    for s in cited_elsewhere(tl):
        out.setdefault(s, len(out) + 1)
    return out


def check_text_lists_everything(tl: lt.Timeline, text: str) -> None:
    """Every entry's kind, title, source numbers and caveats appear in the body column in chronology order, its
    date label in the date column, and every cited source is listed under its number."""
    lines = text.split("\n")
    numbers = numbering(tl)
    body = squash("".join(line[DATE_W + 1:] for line in lines))
    dates = squash("".join(line[:DATE_W + 1] for line in lines))
    pos = dpos = 0
    for e in tl.chronology():
        cites = "".join(f"[{numbers[s]}]" for s in e.sources)
        want = squash(f"{e.kind.replace('_', ' ')}: {e.title} {cites}")
        i = body.find(want, pos)
        assert i >= 0, f"entry {e.subject!r} ({want!r}) is missing or out of order"
        pos = i + len(want)
        for c in e.caveats:
            j = body.find(squash(f"! {c}"), pos)
            assert j >= 0, f"caveat {c!r} of {e.subject!r} is missing"
            pos = j + len(squash(c))
        k = dates.find(squash(e.date.label), dpos)
        assert k >= 0, f"date {e.date.label!r} of {e.subject!r} is missing"
        dpos = k + len(squash(e.date.label))
    if numbers:
        tail = text[text.rindex("\nSources\n-------\n"):]
        for sid, n in numbers.items():
            s = tl.sources[sid]
            assert squash(f"[{n}] {s.title or s.id}") in squash(tail), sid
            if s.url:
                assert squash(s.url) in squash(tail), sid


# -- to_text on the flagship ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 60, 100])
def test_text_fits_the_width(flagship: lt.Timeline, width: int) -> None:
    """No line of to_text(width) is wider than width columns (80 by default)."""
    text = flagship.to_text() if width == 80 else flagship.to_text(width)
    over = [line for line in text.split("\n") if columns(line) > width]
    assert over == []
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_text_lists_every_entry_caveat_and_source(flagship: lt.Timeline) -> None:
    """to_text() names every chronology entry (kind and every word of its title), its date, its caveats and its
    source numbers in order, then lists the sources under those numbers; the same holds at 60 columns."""
    check_text_lists_everything(flagship, flagship.to_text())
    check_text_lists_everything(flagship, flagship.to_text(60))


def test_text_starts_with_the_title(flagship: lt.Timeline) -> None:
    """The first lines are the dataset's title, underlined with '='."""
    lines = flagship.to_text().split("\n")
    i = next(i for i, line in enumerate(lines) if set(line) == {"="})
    assert " ".join(lines[:i]) == flagship.title


def test_text_and_html_number_sources_alike(flagship: lt.Timeline) -> None:
    """The plain text and the HTML page give each source the same number (the HTML footnote numbered n names the
    source the text numbers n, whatever the footnotes' ids look like)."""
    text = flagship.to_text()
    html = flagship.to_html()
    for sid, n in numbering(flagship).items():
        title = flagship.sources[sid].title or sid
        assert squash(f"[{n}] {title}") in squash(text)
        item = re.search(rf'<li id="lt-[0-9a-f]+-[a-z]+-?{n}" value="{n}">(.*?)</li>', html, re.S)
        assert item, f"no source footnote numbered {n}"
        assert html_escape(title) in item.group(1).replace("&#34;", "&quot;").replace("&#39;", "&#x27;"), sid


# -- to_text on any dataset ----------------------------------------------------------------------------------------

#: Text whose display width is its length: no wide (CJK, emoji) or zero-width characters, no control characters.
narrow_texts = texts(max_size=40).filter(
    lambda s: all(unicodedata.east_asian_width(c) not in "WF" and unicodedata.category(c)[0] not in "CM"
                  for c in s.replace("\n", " ").replace("\t", " ")))

long_words = st.text(alphabet="abcdefghij-/.", min_size=50, max_size=200)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets(text=st.one_of(narrow_texts, long_words)), width=st.sampled_from([40, 60, 80, 132]))
def test_text_fits_any_width_and_keeps_every_entry(data: dict[str, Any], width: int) -> None:
    """For any dataset (long unbreakable words, newlines, markup-like text included), every line of
    to_text(width) fits in width columns and every entry, caveat and source is still there."""
    tl = lt.Timeline.from_dict(data)
    text = tl.to_text(width)
    assert all(len(line) <= width for line in text.split("\n")), text
    check_text_lists_everything(tl, text)


def one_act(event_title: str, **top: Any) -> lt.Timeline:
    title = event_title
    return lt.loads(json.dumps({
        "lawtimeline": 1, **top,
        "acts": [{"id": "a", "title": "A", "events": [{"kind": "adopted", "date": "2024-07-31", "title": title}]}],
    }), format="json")


def test_text_fits_the_width_with_wide_characters() -> None:
    """Wide characters (CJK) take two terminal columns each; lines still fit in 80 columns."""
    tl = one_act("中华人民共和国国籍法修正案关于军事登记的规定和罚款的变化以及其他条款的修订内容很长很长很长的标题")
    assert max(columns(line) for line in tl.to_text().split("\n")) <= 80


def test_text_has_no_control_characters() -> None:
    """Terminal escape sequences and other control characters in dataset text are not printed as such."""
    tl = one_act("red \x1b[31mX\x1b[0m, bell\x07, clear\x1b[2J", title="T\x1b]0;owned\x07")
    text = tl.to_text()
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c != "\n"]


# -- to_markdown ---------------------------------------------------------------------------------------------------

SPECIALS = "\\`*_{}[]<>()#+-.!|"
TRICKY_TITLE = r"*bold* _it_ `code` [link](javascript:alert(1)) <b>x</b> # not a heading | a | b \ !img 1. + - {x}"


def unescape(md: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", md)


def bullet_title(line: str) -> str:
    """The title part of a chronology bullet ``- **date** — *kind*: title[^1][^2]``."""
    m = re.fullmatch(r"- \*\*.+?\*\* — \*.+?\*: (.*?)((?<!\\)\[\^\d+\])*", line)
    assert m, line
    return m.group(1)


def assert_escaped(segment: str, original: str) -> None:
    """``segment`` shows ``original`` exactly, with no special character left unescaped."""
    assert unescape(segment) == original
    bare = re.sub(r"\\.", "", segment)
    assert not [c for c in bare if c in SPECIALS], segment


def test_markdown_escapes_dataset_text() -> None:
    """Title, description, entry titles and source titles come out with every Markdown special escaped, so
    emphasis, code, links, HTML, headings and tables in dataset text stay literal."""
    tl = lt.loads(json.dumps({
        "lawtimeline": 1, "title": TRICKY_TITLE, "description": "Desc " + TRICKY_TITLE,
        "sources": [{"id": "s", "title": "Src " + TRICKY_TITLE, "url": "https://example.org/x",
                     "publisher": "Pub *x*"}],
        "acts": [{"id": "a", "title": "A", "events": [
            {"kind": "adopted", "date": "2024-07-31", "title": "Ev " + TRICKY_TITLE, "sources": ["s"]}]}],
    }), format="json")
    lines = tl.to_markdown().split("\n")
    assert lines[0].startswith("# ")
    assert_escaped(lines[0][2:], TRICKY_TITLE)
    assert_escaped(lines[2], "Desc " + TRICKY_TITLE)
    (bullet,) = [line for line in lines if line.startswith("- **")]
    assert_escaped(bullet_title(bullet), "Ev " + TRICKY_TITLE)
    assert bullet.endswith("[^1]")
    (note,) = [line for line in lines if line.startswith("[^1]: ")]
    m = re.fullmatch(r"\[\^1\]: \[(.*)\]\(<https://example\.org/x>\), (.*)", note)
    assert m, note
    assert_escaped(m.group(1), "Src " + TRICKY_TITLE)
    assert_escaped(m.group(2), "Pub *x*")


def test_markdown_footnotes_name_every_source(flagship: lt.Timeline) -> None:
    """Each bullet ends with [^n] for its sources (numbered by first citation), and each number has exactly one
    footnote naming the source, linked when it has a URL."""
    md = flagship.to_markdown()
    lines = md.split("\n")
    numbers = numbering(flagship)
    bullets = [line for line in lines if line.startswith("- **")]
    assert len(bullets) == len(flagship.chronology())
    for line, e in zip(bullets, flagship.chronology(), strict=True):
        refs = re.findall(r"(?<!\\)\[\^(\d+)\]", line)
        assert refs == [str(numbers[s]) for s in e.sources], e.subject
        assert unescape(bullet_title(line)) == e.title
    notes = {int(m.group(1)): m.group(2) for m in (re.match(r"\[\^(\d+)\]: (.*)", line) for line in lines) if m}
    assert sorted(notes) == list(range(1, len(numbers) + 1))
    for sid, n in numbers.items():
        s = flagship.sources[sid]
        assert unescape(s.title or sid) in unescape(notes[n])
        if s.url and s.url.startswith("http"):
            assert f"](<{s.url.replace(' ', '%20')}>)" in notes[n]


def test_markdown_lists_caveats_under_their_entry(flagship: lt.Timeline) -> None:
    """Each caveat is a nested bullet right under its entry."""
    lines = flagship.to_markdown().split("\n")
    bullets = [i for i, line in enumerate(lines) if line.startswith("- **")]
    for i, e in zip(bullets, flagship.chronology(), strict=True):
        nested = []
        for line in lines[i + 1:]:
            if not line.startswith("    - "):
                break
            nested.append(line)
        assert [unescape(n.removeprefix("    - ⚠ ")) for n in nested] == list(e.caveats)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                                 "java\tscript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "vbscript:x"])
def test_markdown_does_not_link_unsafe_urls(url: str) -> None:
    """A javascript:/data:/vbscript: source URL is not a link target; the footnote gives the title only."""
    tl = lt.loads(json.dumps({
        "lawtimeline": 1,
        "sources": [{"id": "s", "title": "Bad", "url": url}, {"id": "t", "title": "Good",
                                                               "url": "mailto:a@example.org"}],
        "acts": [{"id": "a", "title": "A",
                  "events": [{"kind": "adopted", "date": "2024-07-31", "sources": ["s", "t"]}]}],
    }), format="json")
    md = tl.to_markdown()
    assert "[^1]: Bad\n" in md
    targets = re.findall(r"\]\(<?([^)>]*)", md)
    assert targets == ["mailto:a@example.org"]
    assert "script:" not in md.lower().replace("\\", "")


def test_markdown_keeps_entity_references_literal() -> None:
    """An HTML entity reference in dataset text ('&amp;', '&copy;') is shown as written, not decoded."""
    md = one_act("AT&amp;T &copy; 2024").to_markdown()
    (bullet,) = [line for line in md.split("\n") if line.startswith("- **")]
    assert re.search(r"(\\&|&amp;)amp;", bullet) and re.search(r"(\\&|&amp;)copy;", bullet)


def test_markdown_description_cannot_make_headings() -> None:
    """A description with a line of '=' under a line of text does not turn that text into a heading."""
    md = one_act("x", description="Not a heading\n===\nmore").to_markdown()
    assert "\n===" not in md


def test_markdown_keeps_tildes_literal() -> None:
    """'~~x~~' in dataset text is not strikethrough in GitHub-flavoured Markdown."""
    md = one_act("~~not struck~~").to_markdown()
    assert "~~not" not in md


# -- the order of an act's life cycle (DESIGN §12.10) --------------------------------------------------------------


def life_cycle(*events: dict[str, Any], context: tuple[dict[str, Any], ...] = ()) -> lt.Timeline:
    return lt.loads(json.dumps({
        "lawtimeline": 1,
        "acts": [{"id": "a", "title": "Act A", "events": list(events)}],
        "events": list(context),
    }), format="json")


def test_a_life_cycle_event_never_sorts_before_an_earlier_one_of_its_act() -> None:
    """'signed between 3 and 4 June 2024' then 'published June 2024': June's own key (1 June, 30 June) is smaller
    than the signing's (3 June, 4 June), but publication comes after signing in the act's life cycle, so it takes
    the signing's key and sorts after it, in the chronology and in to_text / to_markdown alike."""
    tl = life_cycle({"kind": "signed", "date": "[2024-06-03..2024-06-04]"},
                    {"kind": "published", "date": "2024-06"})
    assert [e.kind for e in tl.chronology()] == ["signed", "published"]
    text = tl.to_text()
    assert text.index("signed: Act A signed") < text.index("published: Act A published")
    md = tl.to_markdown()
    assert md.index("Act A signed") < md.index("Act A published")


def test_the_life_cycle_rule_moves_only_the_later_kind() -> None:
    """Worked by hand: a context event on 2 June (key 2 June) sorts before both; one on 3–4 June ties with the
    signing's key and comes after both life-cycle entries (life-cycle entries before context events); the
    published entry keeps its own date label; an in_force on 1 July keeps its own key (it is already later)."""
    tl = life_cycle(
        {"kind": "in_force", "date": "2024-07-01"},
        {"kind": "published", "date": "2024-06"},
        {"kind": "signed", "date": "[2024-06-03..2024-06-04]"},
        context=({"id": "c1", "kind": "raid", "date": "2024-06-02", "title": "C1"},
                 {"id": "c2", "kind": "raid", "date": "[2024-06-03..2024-06-04]", "title": "C2"}),
    )
    assert [e.subject for e in tl.chronology()] == ["c1", "a/signed", "a/published", "c2", "a/in_force"]
    assert tl.chronology()[2].date.label == "June 2024"


def test_without_the_rule_a_month_sorts_first() -> None:
    """Two different acts are not tied to each other: act B's 'June 2024' publication sorts before act A's
    signing 'between 3 and 4 June 2024' (its own key, 1 June, is earlier)."""
    tl = lt.loads(json.dumps({"lawtimeline": 1, "acts": [
        {"id": "a", "title": "Act A", "events": [{"kind": "signed", "date": "[2024-06-03..2024-06-04]"}]},
        {"id": "b", "title": "Act B", "events": [{"kind": "published", "date": "2024-06"}]},
    ]}), format="json")
    assert [e.subject for e in tl.chronology()] == ["b/published", "a/signed"]


# -- pending changes (issue 13, point 3) ---------------------------------------------------------------------------

#: Worked by hand: the Pending Act (signed 1 September 2024, no date of entry into force) would set the parking fine
#: of the Fines Act (100 GEL from 1 January 2024) to 200 GEL; the draft is its source, cited by nothing else.
PENDING = {
    "lawtimeline": 1, "title": "Fines",
    "sources": [{"id": "s-act", "title": "Fines Act text", "url": "https://example.org/fines"},
                {"id": "s-draft", "title": "Draft of the Pending Act", "url": "https://example.org/draft"}],
    "acts": [{"id": "fines", "title": "Fines Act 2023", "sources": ["s-act"],
              "events": [{"kind": "in_force", "date": "2024-01-01", "sources": ["s-act"]}]},
             {"id": "pending", "title": "Pending Act", "events": [{"kind": "signed", "date": "2024-09-01"}]}],
    "provisions": [{"id": "parking", "act": "fines", "kind": "number", "unit": "GEL", "title": "Fine for parking",
                    "value": 100}],
    "changes": [{"act": "pending", "provision": "parking", "op": "set", "value": 200, "sources": ["s-draft"]}],
}
PENDING_WORDS = "Pending Act would set Fine for parking to 200 GEL"


def test_text_lists_pending_changes_citing_their_sources() -> None:
    """to_text() has a section of pending changes after the chronology; the change cites the draft by the number
    the Sources list gives it."""
    tl = lt.Timeline.from_dict(PENDING)
    text = tl.to_text()
    pending = text[text.index("\nPending (no date of entry into force yet)\n"):text.index("\nSources\n")]
    m = re.search(rf"{PENDING_WORDS} \[(\d+)\]", " ".join(pending.split()))
    assert m, pending
    sources = text[text.index("\nSources\n"):]
    assert f"[{m.group(1)}] Draft of the Pending Act" in sources
    assert all(columns(line) <= 80 for line in text.split("\n"))


def test_markdown_lists_pending_changes_citing_their_sources() -> None:
    """to_markdown() has a 'Pending' section whose bullet cites the draft's footnote."""
    md = lt.Timeline.from_dict(PENDING).to_markdown()
    section = md[md.index("## Pending (no date of entry into force yet)"):]
    m = re.search(rf"^- {re.escape(PENDING_WORDS)}\[\^(\d+)\]$", unescape(section), re.M)
    assert m, section
    assert re.search(rf"^\[\^{m.group(1)}\]: \[Draft of the Pending Act\]", unescape(md), re.M)


def test_flagship_text_shows_its_pending_change(flagship: lt.Timeline) -> None:
    """The flagship's one pending change (the July 2025 registration-fines law, no date of entry into force) is
    in the text and the Markdown, with every source it cites."""
    (c,) = [c for c in flagship.all_changes() if c.effective is None]
    numbers = numbering(flagship)
    text = " ".join(flagship.to_text(100).split())
    cites = "".join(f"[{numbers[s]}]" for s in c.sources)
    assert re.search(rf"would \w+.*{re.escape(cites)}", text[text.index("Pending (no date"):])
    md = flagship.to_markdown()
    assert "".join(f"[^{numbers[s]}]" for s in c.sources) in md[md.index("## Pending"):]


def test_a_lapsed_change_is_not_listed_as_pending() -> None:
    """A change that lapsed (it will never take effect, DESIGN §4a) is not pending: the text has no pending
    section for it."""
    data = json.loads(json.dumps(PENDING))
    data["changes"][0]["lapsed"] = {"reason": "the amending provision was repealed first"}
    text = lt.Timeline.from_dict(data).to_text()
    assert "Pending (no date of entry into force yet)" not in text
    assert PENDING_WORDS not in " ".join(text.split())


def test_history_display_lists_pending_changes_citing_their_sources() -> None:
    """The notebook display of a history (History._repr_html_) lists the provision's pending change in words,
    with its source linked by title; History.pending holds the change itself."""
    tl = lt.Timeline.from_dict(PENDING)
    h = tl.history("parking")
    assert [c.id for c in h.pending] == ["pending/parking/1"]
    html = h._repr_html_()
    assert PENDING_WORDS in html
    assert '<a href="https://example.org/draft">Draft of the Pending Act</a>' in html
    assert "pending/parking/1" not in html and "set parking" not in html


def test_snapshot_display_names_pending_changes_in_words(flagship: lt.Timeline) -> None:
    """The notebook display of a snapshot names a pending change by what it would do, not by ids."""
    tl = lt.Timeline.from_dict(PENDING)
    snap = tl.in_force("2024-10-01")
    assert [c.id for c in snap.pending] == ["pending/parking/1"]
    html = snap._repr_html_()
    assert PENDING_WORDS in html
    assert "pending: set parking" not in html and "pending/parking" not in html
