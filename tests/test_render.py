"""The HTML timeline (``to_html``, ``_repr_html_``, ``lawtimeline render``), checked without a browser.

The output is parsed with :mod:`html.parser` into a small element tree, so every check is about what a browser
would build from the bytes: which elements and attributes exist, what their text is. The browser's own view (the
script running, zoom, the state-on-date control) is tested under ``tests/browser/``.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import datasets

import lawtimeline as lt
from lawtimeline.cli import cli
from lawtimeline.render.html import cited_elsewhere

EXAMPLE = Path(__file__).parent.parent / "examples" / "russia_migrants.yaml"

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                  "wbr"})


# -- a small element tree ------------------------------------------------------------------------------------------


class Node:
    """One element: its tag, attributes (in order), children (nodes and text) and parent."""

    def __init__(self, tag: str, attrs: list[tuple[str, str | None]], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def get(self, name: str, default: str | None = None) -> str | None:
        return next((v for k, v in self.attrs if k == name), default)

    @property
    def classes(self) -> list[str]:
        return (self.get("class") or "").split()

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def own_text(self) -> str:
        """The text of this element without that of its ``<title>`` children (SVG tooltips)."""
        return "".join(c if isinstance(c, str) else ("" if c.tag == "title" else c.own_text) for c in self.children)

    def iter(self) -> Iterator[Node]:
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag) and (cls is None or cls in n.classes)
                and all(n.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag} class={cls!r} {attrs}> under <{self.tag}>"
        return found[0]

    def element_children(self, tag: str | None = None) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node) and (tag is None or c.tag == tag)]


class _TreeBuilder(HTMLParser):
    """Builds a :class:`Node` tree and insists that every element is closed, in order (no implied end tags)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.stack = [self.root]
        self.decl: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.decl.append(decl)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [k for k, _ in attrs]
        assert len(names) == len(set(names)), f"duplicate attribute in <{tag} {attrs}>"
        node = Node(tag, attrs, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, attrs, self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    b = _TreeBuilder()
    b.feed(html)
    b.close()
    assert b.stack == [b.root], f"unclosed elements: {[n.tag for n in b.stack[1:]]}"
    return b.root


def root_of(doc: Node) -> Node:
    """The timeline's own root element (``div.lt-root``)."""
    return doc.find("div", "lt-root")


def picture_of(doc: Node) -> Node:
    """The static picture's SVG, parsed: the one ``<img class="lt-picture">``, a base64 SVG data URI."""
    (img,) = doc.find_all("img", "lt-picture")
    src = img.get("src") or ""
    prefix = "data:image/svg+xml;base64,"
    assert src.startswith(prefix), src[:40]
    return parse(base64.b64decode(src[len(prefix):]).decode("utf-8"))


def title_of(li: Node) -> str:
    """A chronology item's title: its ``<bdi>`` when the title needs isolating (right-to-left text), else the
    item's own text (between the date and kind and the citations)."""
    bdi = li.element_children("bdi")
    if bdi:
        return bdi[0].text
    return "".join(c for c in li.children if isinstance(c, str)).strip()


def page_data(doc: Node) -> dict[str, Any]:
    """The page's embedded JSON (the state-on-date data and the drawing's scene)."""
    (script,) = [s for s in doc.find_all("script") if s.get("type") == "application/json"]
    data: dict[str, Any] = json.loads(script.text)
    return data


def inline(html: str, tag: str) -> list[tuple[str, str]]:
    """``(attributes, text)`` of every ``<tag>`` element, with the text exactly as in the bytes."""
    return re.findall(rf"<{tag}([^>]*)>(.*?)</{tag}>", html, flags=re.DOTALL)


def sha256_b64(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@pytest.fixture(scope="module")
def flagship() -> lt.Timeline:
    return lt.load(EXAMPLE)


@pytest.fixture(scope="module")
def page(flagship: lt.Timeline) -> str:
    return flagship.to_html()


@pytest.fixture(scope="module")
def doc(page: str) -> Node:
    return parse(page)


# -- a dataset written to break out of every context ---------------------------------------------------------------

PAYLOADS = (
    "<script>alert('s')</script>",
    "<img src=x onerror=alert(1)>",
    "\"'><b>bold</b><",
    "{{ 7*7 }}",
    "{% raw %}",
    "</script><script>alert(2)</script>",
    "<!-- comment -->",
    "]]></style><svg onload=alert(3)>",
)


def hostile(where: str) -> str:
    """A distinctive text for the field ``where`` that carries every payload."""
    return f"[{where}] " + " ".join(PAYLOADS)


HOSTILE_FIELDS = ("dataset title", "dataset description", "act title", "act short title", "act tag",
                  "event title", "provision title", "provision tag", "text value", "set item",
                  "number unit", "context title", "source title", "source publisher", "source note",
                  "unlinked url")


def hostile_dataset() -> dict[str, Any]:
    h = hostile
    return {
        "lawtimeline": 1,
        "title": h("dataset title"),
        "description": h("dataset description"),
        "sources": [
            {"id": "s-evil", "title": h("source title"), "publisher": h("source publisher"),
             "url": "https://example.org/?q=\"><script>alert(4)</script>", "note": h("source note")},
            {"id": "s-js", "title": "A javascript: source", "url": "javascript:alert(5)"},
            {"id": "s-js-case", "title": "A JaVaScRiPt: source", "url": "JaVaScRiPt:alert(6)"},
            {"id": "s-js-space", "title": "A spaced javascript: source", "url": " javascript:alert(7)"},
            {"id": "s-js-tab", "title": "A tabbed javascript: source", "url": "java\tscript:alert(8)"},
            {"id": "s-data", "title": "A data: source", "url": "data:text/html,<script>alert(9)</script>"},
            {"id": "s-vbs", "title": "A vbscript: source", "url": "vbscript:msgbox(10)"},
            {"id": "s-unlinked", "title": "An unlinkable source", "url": "javascript:" + h("unlinked url")},
            {"id": "s-http", "title": "A plain http source", "url": "http://example.org/plain"},
            {"id": "s-https", "title": "A secure source", "url": "https://example.org/secure?a=1&b=2"},
            {"id": "s-mail", "title": "A mail source", "url": "mailto:editor@example.org"},
        ],
        "acts": [{
            "id": "act-1", "title": h("act title"), "short_title": h("act short title"), "tags": [h("act tag")],
            "sources": ["s-evil"],
            "events": [
                {"kind": "adopted", "date": "2024-07-31~", "by": h("event by"), "title": h("event title"),
                 "sources": ["s-evil", "s-js", "s-js-case", "s-js-space"]},
                {"kind": "signed", "date": "2024-08-08", "sources": ["s-js-tab", "s-data", "s-vbs", "s-unlinked"]},
                {"kind": "in_force", "date": "2024-09-01", "sources": ["s-http", "s-https", "s-mail"]},
            ],
        }],
        "provisions": [
            {"id": "p-text", "title": h("provision title"), "path": h("provision path"), "act": "act-1",
             "kind": "text", "tags": [h("provision tag")], "value": h("text value")},
            {"id": "p-set", "title": "Grounds", "act": "act-1", "kind": "set", "value": [h("set item")]},
            {"id": "p-num", "title": "Fine", "act": "act-1", "kind": "number", "unit": h("number unit"),
             "value": 500},
        ],
        "changes": [
            {"act": "act-1", "provision": "p-num", "op": "set", "value": 700, "effective": "2025-01-01",
             "note": h("change note"), "sources": ["s-evil"]},
        ],
        "events": [
            {"id": "ctx-1", "kind": "statement", "date": "2024-10-01", "title": h("context title"),
             "related": ["p-text"], "sources": ["s-evil"]},
        ],
    }


@pytest.fixture(scope="module")
def evil() -> lt.Timeline:
    return lt.loads(json.dumps(hostile_dataset()), format="json")


@pytest.fixture(scope="module")
def evil_page(evil: lt.Timeline) -> str:
    return evil.to_html()


def all_strings(doc: Node) -> list[str]:
    """Every text run and attribute value in the parsed document: where dataset text may legitimately end up."""
    out: list[str] = []
    for n in doc.iter():
        out += [c for c in n.children if isinstance(c, str)]
        out += [v for _, v in n.attrs if v is not None]
    return out


# -- escaping ------------------------------------------------------------------------------------------------------


def test_hostile_text_builds_no_elements_or_handlers(evil_page: str) -> None:
    """Dataset text full of markup creates no element and no attribute: no <img>, no <b>, no event handlers,
    and the only scripts are the page's own two (its code and its JSON data)."""
    doc = parse(evil_page)
    tags = {n.tag for n in doc.iter()}
    assert not tags & {"b", "iframe", "object", "embed", "link", "base", "form"}
    assert [n.get("class") for n in doc.iter() if n.tag == "img"] == ["lt-picture"]  # the page's own picture
    picture = picture_of(doc)
    assert not {n.tag for n in picture.iter()} & {"img", "b", "script", "foreignobject", "a", "image"}
    assert not [k for n in picture.iter() for k, _ in n.attrs if k.startswith("on")]
    handlers = [(n.tag, k) for n in doc.iter() for k, _ in n.attrs if k.startswith("on")]
    assert handlers == []
    scripts = doc.find_all("script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    assert [s.attrs for s in scripts] == [[("type", "application/json"), ("class", "lt-state-data")], []]


@pytest.mark.parametrize("where", HOSTILE_FIELDS)
def test_hostile_text_reaches_the_page_as_text(evil_page: str, where: str) -> None:
    """Each field's hostile text is in the page exactly as written (escaped, so the parser gives it back intact),
    and jinja2 syntax in the data is shown, not evaluated."""
    doc = parse(evil_page)
    strings = all_strings(doc) + all_strings(picture_of(doc))
    data = json.dumps(page_data(doc), ensure_ascii=False)
    assert any(hostile(where) in s for s in strings) or json.dumps(hostile(where), ensure_ascii=False) in data, \
        f"{where!r} text is missing or mangled"


def test_no_payload_is_in_the_raw_bytes_unescaped(evil_page: str) -> None:
    """None of the payloads appears verbatim in the bytes (outside the page's own JSON, which escapes '<')."""
    for p in PAYLOADS:
        if "<" in p or '"' in p:
            assert p not in evil_page, p


def test_json_data_survives_a_closing_script_tag(evil: lt.Timeline, evil_page: str) -> None:
    """'</script>' inside a value cannot close the JSON <script>: its text parses with json.loads and gives the
    value back exactly."""
    (text,) = [t for a, t in inline(evil_page, "script") if "application/json" in a]
    assert "</" not in text
    data = json.loads(text)
    values = [data["strings"][o[2]] for o in data["outcomes"] if len(o) > 2 and o[2] is not None]
    assert hostile("text value") in values
    assert any(hostile("set item") in (v or "") for v in values)
    lanes = data["scene"]["lanes"]
    assert hostile("provision title") in [lanes[p["l"]]["l"] for p in data["provisions"]]
    assert hostile("provision path") in [lanes[p["l"]].get("q") for p in data["provisions"]]
    assert evil.value_of("p-text", on="2025-06-01").value == hostile("text value")


# -- URLs ----------------------------------------------------------------------------------------------------------


def source_items(doc: Node) -> dict[str, Node]:
    """The numbered sources by their title."""
    section = doc.find("section", "lt-sources")
    out = {}
    for li in section.find("ol").element_children("li"):
        a = li.element_children("a")
        title = a[0].text if a else li.own_text.split(",")[0].strip()
        out[title] = li
    return out


@pytest.mark.parametrize("title", ["A javascript: source", "A JaVaScRiPt: source", "A spaced javascript: source",
                                   "A tabbed javascript: source", "A data: source", "A vbscript: source"])
def test_unsafe_source_urls_are_not_links(evil_page: str, title: str) -> None:
    """javascript: (any case, with leading space or an embedded tab), data: and vbscript: URLs are listed as
    sources but never become an href."""
    doc = parse(evil_page)
    items = source_items(doc)
    assert any(t.startswith(title) for t in items), sorted(items)
    li = next(n for t, n in items.items() if t.startswith(title))
    assert li.find_all("a") == []
    hrefs = [n.get("href") or "" for n in doc.iter() if n.get("href")]
    for h in hrefs:
        scheme = re.sub(r"[\s\x00-\x20]", "", h).lower().split(":")[0]
        assert scheme not in ("javascript", "data", "vbscript"), h


@pytest.mark.parametrize(("title", "url"), [
    ("A plain http source", "http://example.org/plain"),
    ("A secure source", "https://example.org/secure?a=1&b=2"),
    ("A mail source", "mailto:editor@example.org"),
    (hostile("source title"), "https://example.org/?q=\"><script>alert(4)</script>"),
])
def test_safe_source_urls_are_links(evil_page: str, title: str, url: str) -> None:
    """http, https and mailto sources are links to exactly the URL given (quotes and '&' survive escaping)."""
    li = source_items(parse(evil_page))[title]
    a = li.find("a")
    assert a.get("href") == url
    assert "noopener" in (a.get("rel") or "")


# -- the Content-Security-Policy -----------------------------------------------------------------------------------


def csp_of(doc: Node) -> dict[str, list[str]]:
    metas = [m for m in doc.find_all("meta") if (m.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(metas) == 1
    out = {}
    for part in (metas[0].get("content") or "").split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.parametrize("which", ["flagship", "hostile"])
def test_csp_allows_exactly_the_inline_style_and_script(which: str, page: str, evil_page: str) -> None:
    """The page's CSP is default-src 'none', and its style-src/script-src hashes are the sha256 of the one inline
    <style> and the one executable inline <script>, byte for byte."""
    html = page if which == "flagship" else evil_page
    csp = csp_of(parse(html))
    assert csp["default-src"] == ["'none'"]
    styles = inline(html, "style")
    assert len(styles) == 1 and styles[0][0] == ""
    code = [t for a, t in inline(html, "script") if "type=" not in a]
    assert len(code) == 1
    assert csp["style-src"] == [f"'sha256-{sha256_b64(styles[0][1])}'"]
    assert csp["script-src"] == [f"'sha256-{sha256_b64(code[0])}'"]
    words = {w for ws in csp.values() for w in ws}
    assert not words & {"'unsafe-inline'", "'unsafe-eval'", "*"}


def test_nothing_reaches_the_network(evil: lt.Timeline, page: str, evil_page: str) -> None:
    """No src/href/xlink:href/url() outside the sources' own links points off the page: no CDN, no font, no image,
    no @import; the only absolute URLs in attributes are the sources' links."""
    for html, tl in ((page, lt.load(EXAMPLE)), (evil_page, evil)):
        doc = parse(html)
        source_links = {a.get("href") for a in doc.find("section", "lt-sources").find_all("a")}
        assert source_links <= {s.url for s in tl.sources.values()}
        for n in doc.iter():
            for k, v in n.attrs:
                if k in ("src", "href", "xlink:href", "action", "srcset", "poster", "data", "background"):
                    if v in source_links:
                        continue
                    if n.tag == "img" and k == "src" and (v or "").startswith("data:image/svg+xml;base64,"):
                        continue  # the static picture, checked below
                    assert not re.match(r"\s*[a-z][a-z0-9+.-]*:", v or "", re.I), (n.tag, k, v)
                    assert not (v or "").startswith("//"), (n.tag, k, v)
                if v and "url(" in v:
                    assert re.fullmatch(r"url\(#[\w-]+\)", v), (n.tag, k, v)
        (css,) = [t for _, t in inline(html, "style")]
        assert "@import" not in css and "http" not in css
        assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", css))
        assert not doc.find_all("link") and len(doc.find_all("img")) == 1 and not doc.find_all("iframe")
        picture = picture_of(doc)
        for n in picture.iter():
            for k, v in n.attrs:
                assert k not in ("href", "xlink:href", "src") or (v or "").startswith("#"), (n.tag, k, v)
                assert "url(" not in (v or "") or re.fullmatch(r"url\(#[\w-]+\)", v or ""), (n.tag, k, v)
        assert "@import" not in picture.text and "url(http" not in picture.text


# -- determinism ---------------------------------------------------------------------------------------------------


def test_rendering_is_byte_identical(flagship: lt.Timeline, page: str) -> None:
    """The same Timeline renders the same bytes, again and from a separately loaded copy, page and fragment."""
    assert flagship.to_html() == page
    again = lt.load(EXAMPLE)
    assert again.to_html() == page
    assert again._repr_html_() == flagship._repr_html_()
    assert again.to_html(lanes="tag") == flagship.to_html(lanes="tag")


_HASH_SCRIPT = """
import hashlib, sys, lawtimeline as lt
tl = lt.load(sys.argv[1])
for html in (tl.to_html(), tl.to_html(lanes="tag")):
    print(hashlib.sha256(html.encode()).hexdigest())
"""


def test_rendering_does_not_depend_on_hash_seed(page: str, flagship: lt.Timeline) -> None:
    """An interpreter with another PYTHONHASHSEED (so another set and frozenset order) renders the same bytes as
    this one. (The one test here that starts a process: about half a second.)"""
    want = [hashlib.sha256(h.encode()).hexdigest() for h in (page, flagship.to_html(lanes="tag"))]
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    out = subprocess.run([sys.executable, "-c", _HASH_SCRIPT, str(EXAMPLE)], capture_output=True, text=True,
                         env={**os.environ, "PYTHONHASHSEED": seed}, timeout=60, check=True).stdout
    assert out.split() == want


def test_ids_derive_from_content(flagship: lt.Timeline, doc: Node, evil_page: str) -> None:
    """The root id is the same for the same content and differs for different content (another dataset, another
    title, another lane grouping), and every element id in the page starts with it."""
    rid = root_of(doc).get("id") or ""
    assert re.fullmatch(r"lt-[0-9a-f]{6,}", rid)
    assert root_of(parse(evil_page)).get("id") != rid
    assert root_of(parse(flagship.to_html(title="Another title"))).get("id") != rid
    assert root_of(parse(flagship.to_html(lanes="tag"))).get("id") != rid
    ids = [n.get("id") or "" for n in doc.iter() if n.get("id") is not None]
    assert all(i == rid or i.startswith(rid + "-") for i in ids), [i for i in ids if not i.startswith(rid)]


def test_ids_are_unique_and_every_reference_resolves(doc: Node) -> None:
    """No id is used twice, and every in-page reference (href="#…", url(#…), aria-labelledby, data-entry) names an
    element that exists."""
    ids = [n.get("id") for n in doc.iter() if n.get("id") is not None]
    assert len(ids) == len(set(ids))
    known = set(ids)
    for n in doc.iter():
        for k, v in n.attrs:
            if not v:
                continue
            if k == "href" and v.startswith("#"):
                assert v[1:] in known, v
            for ref in re.findall(r"url\(#([^)]+)\)", v):
                assert ref in known, (k, v)
            if k in ("aria-labelledby", "aria-describedby"):
                assert all(r in known for r in v.split()), v
            if k == "data-entry":
                assert v in known and doc.find(id=v).tag == "li", v


# -- CSS scoping ---------------------------------------------------------------------------------------------------


def css_selectors(css: str) -> list[tuple[str | None, str]]:
    """``(enclosing at-rule or None, selector)`` for every rule of a stylesheet (comments, strings skipped)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    out: list[tuple[str | None, str]] = []

    def block_end(i: int) -> int:
        depth, quote = 0, ""
        while i < len(css):
            ch = css[i]
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    return i
            i += 1
        raise AssertionError("unbalanced braces in the stylesheet")

    def walk(lo: int, hi: int, at: str | None) -> None:
        i = lo
        while i < hi:
            j = css.find("{", i)
            semi = css.find(";", i)
            if j < 0 or j >= hi:
                assert not css[i:hi].strip(), css[i:hi]
                return
            if 0 <= semi < j and css[i:semi].strip().startswith("@"):
                out.append((css[i:semi].strip(), ""))  # @import, @charset …
                i = semi + 1
                continue
            prelude = css[i:j].strip()
            end = block_end(j)
            if prelude.startswith("@media") or prelude.startswith("@supports"):
                walk(j + 1, end, prelude)
            elif prelude.startswith("@"):
                out.append((prelude, ""))
            else:
                for sel in re.split(r",(?![^()]*\))", prelude):
                    out.append((at, sel.strip()))
            i = end + 1

    walk(0, len(css), None)
    return out


@pytest.mark.parametrize("full_page", [True, False])
def test_every_css_rule_is_scoped_to_the_root(flagship: lt.Timeline, full_page: bool) -> None:
    """Every selector of the inline stylesheet starts with '#<root id>' (inside @media blocks too), so nothing
    styles the notebook around the fragment; the only exception is 'body.lt-page', a class only the standalone
    page's own <body> carries. No other at-rule (no @import, @font-face, @keyframes) is present."""
    html = flagship.to_html(full_page=full_page)
    doc = parse(html)
    rid = root_of(doc).get("id")
    (css,) = [t for _, t in inline(html, "style")]
    selectors = css_selectors(css)
    assert len(selectors) > 50
    host = r"body(?:\[data-jp-theme-light=\"(?:true|false)\"\]|\.vscode-[\w-]+(?::not\(\.vscode-[\w-]+\))?) "
    for at, sel in selectors:
        assert at is None or at.startswith("@media") or at.startswith("@page"), at
        # scoped to the root; a host's theme marker on <body> may come before it (it only chooses colours)
        assert re.match(rf"(?:{host})?#{rid}(?![\w-])", sel) or sel.startswith("body.lt-page") \
            or (at or "").startswith("@page"), (at, sel)
    bodies = doc.find_all("body")
    assert [b.get("class") for b in bodies] == (["lt-page"] if full_page else [])


def test_fragment_is_a_fragment(flagship: lt.Timeline) -> None:
    """_repr_html_ is one <div> with the same content: no doctype, <html>, <head>, <body>, <title> of the page or
    CSP meta, but its own <style> and <script>."""
    frag = flagship._repr_html_()
    assert frag == flagship.to_html(full_page=False)
    assert "<!DOCTYPE" not in frag.upper()
    doc = parse(frag)
    assert not doc.find_all("html") and not doc.find_all("head") and not doc.find_all("body")
    assert not doc.find_all("meta")
    assert [n.tag for n in doc.element_children()] == ["div"]
    root = root_of(doc)
    assert root.element_children()[0].tag == "style"
    assert len(root.find_all("script")) == 2


def test_page_wraps_the_same_fragment(flagship: lt.Timeline, page: str) -> None:
    """The standalone page is the fragment inside <main> (its headings one level up: the title is the page's
    <h1>), with doctype, lang, charset and the title in <head>."""
    frag = flagship.to_html(full_page=False)
    body = page[page.index("<main>\n") + len("<main>\n"): page.index("</main>")]
    shifted = re.sub(r"<(/?)h([1-5])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", body)
    assert shifted.strip() == frag.strip()
    doc = parse(page)
    html = doc.find("html")
    assert html.get("lang") == "en"
    assert doc.find("meta", charset="utf-8")
    assert doc.find("head").find("title").text.strip() == flagship.title
    assert [h.text for h in doc.find_all("h1")] == [flagship.title]


# -- semantics: the chronology, sources, lanes, date limits --------------------------------------------------------


def entries_of(doc: Node) -> list[Node]:
    ol = doc.find("ol", "lt-list")
    assert ol.parent is not None and ol.parent.tag == "section"
    items = ol.element_children()
    assert all(li.tag == "li" for li in items)
    return items


def test_chronology_is_an_ordered_list_in_chronology_order(flagship: lt.Timeline, doc: Node) -> None:
    """The chronology is an <ol> of <li>, one per tl.chronology() entry, in that order; each has a <time> whose
    datetime is a valid HTML date (YYYY, YYYY-MM or YYYY-MM-DD) within the entry's bounds and whose text is the
    date's label, and its title."""
    items = entries_of(doc)
    chronology = flagship.chronology()
    assert len(items) == len(chronology)
    for li, e in zip(items, chronology, strict=True):
        time = li.find("time")
        dt = time.get("datetime") or ""
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", dt), dt
        assert e.date.earliest.isoformat()[: len(dt)] <= dt <= e.date.latest.isoformat()[: len(dt)]
        assert time.text == e.date.label
        assert title_of(li) == e.title
        assert not li.attrs  # the page's script gives each item its id and its kind's class (the bytes stay small)
    data = page_data(doc)
    flat = data["entries"]
    assert [data["kinds"][flat[4 * i + 1]] for i in range(len(items))] == [e.kind for e in chronology]
    days = [sum(flat[4 * j] for j in range(i + 1)) for i in range(len(items))]
    epoch = lt.PartialDate.parse("1970-01-01").earliest
    assert days == [(e.date.earliest - epoch).days for e in chronology]


def test_time_datetime_of_an_approximate_date_is_the_date_as_written() -> None:
    """'c. 31 July 2024' is <time datetime="2024-07-31">, 'c. May 2025' is <time datetime="2025-05">: the
    machine-readable date is the one the label names, not the edge of the uncertainty band."""
    tl = lt.loads(json.dumps({
        "lawtimeline": 1,
        "acts": [{"id": "a", "title": "A", "events": [{"kind": "adopted", "date": "2024-07-31~"},
                                                      {"kind": "signed", "date": "2025-05~"}]}],
    }), format="json")
    times = [(t.get("datetime"), t.text) for t in parse(tl.to_html()).find_all("time")]
    assert times == [("2024-07-31", "c. 31 July 2024"), ("2025-05", "c. May 2025")]


def test_every_cited_source_is_a_numbered_footnote(flagship: lt.Timeline, doc: Node) -> None:
    """Each entry's citations are links [n] to the n-th item of the numbered source list, which names that source;
    numbers follow the first citation in the chronology, and every cited source is listed exactly once."""
    rid = root_of(doc).get("id")
    sources = doc.find("section", "lt-sources").find("ol")
    listed = {li.get("id"): li for li in sources.element_children("li")}
    numbers: dict[str, int] = {}
    for li, e in zip(entries_of(doc), flagship.chronology(), strict=True):
        cites = li.element_children("a")
        assert len(cites) == len(e.sources)
        for a, sid in zip(cites, e.sources, strict=True):
            n = numbers.setdefault(sid, len(numbers) + 1)
            assert a.text == f"[{n}]"
            assert a.get("href") == f"#{rid}-s{n}"
            target = listed[f"{rid}-s{n}"]
            assert target.get("value") == str(n)
            s = flagship.sources[sid]
            assert (s.title or s.id) in target.text
    for sid in cited_elsewhere(flagship):  # then the sources cited only by acts, provisions and pending changes
        numbers.setdefault(sid, len(numbers) + 1)
    assert len(listed) == len(numbers)
    assert [li.get("value") for li in sources.element_children("li")] == [str(i) for i in range(1, len(numbers) + 1)]


def test_sources_cited_by_acts_and_provisions_are_listed(flagship: lt.Timeline, doc: Node) -> None:
    """Every source the dataset cites anywhere (acts, provisions, events, changes) is in the numbered list."""
    cited = {s for a in flagship.acts.values() for s in a.sources}
    cited |= {s for p in flagship.provisions.values() for s in p.sources}
    cited |= {s for e in flagship.chronology() for s in e.sources}
    listed = doc.find("section", "lt-sources").find("ol").element_children("li")
    assert len(listed) == len(cited)


@pytest.mark.parametrize("lanes", ["act", "provision", "tag"])
def test_lane_groupings_render(flagship: lt.Timeline, lanes: str) -> None:
    """Every grouping draws a lane for each act and each provision (a provision once per tag under 'tag'), plus
    the context lanes, with the group headings that grouping promises."""
    doc = parse(flagship.to_svg(lanes=lanes))
    lane_ids = [g.get("data-id") for g in doc.find_all("g", "lt-lane")]
    heads = [t.text for t in doc.find_all("text", "h")]
    scene = page_data(parse(flagship.to_html(lanes=lanes)))["scene"]
    assert [lane["id"] for lane in scene["lanes"]] == lane_ids  # the live drawing has the same lanes
    assert [g[0] for g in scene["groups"]] == heads
    assert {f for f in lane_ids if f in flagship.acts} == set(flagship.acts)
    prov_lanes = [f for f in lane_ids if f in flagship.provisions]
    if lanes == "tag":
        want = sorted(p.id for p in flagship.provisions.values() for _ in (p.tags or ("-",)))
        assert sorted(prov_lanes) == want
        tags = {t for p in flagship.provisions.values() for t in p.tags}
        assert {h for h in heads if h.startswith("Tag: ")} == {f"Tag: {t}" for t in tags}
    else:
        assert sorted(prov_lanes) == sorted(flagship.provisions)
    if lanes == "provision":
        assert heads[:2] == ["Acts", "Provisions"]
    if lanes == "act":
        assert heads[: len(flagship.acts)] == [a.name for a in flagship.acts.values()]
    assert heads[-1] == "Context"
    assert {f"context:{e.kind}" for e in flagship.events.values()} <= set(lane_ids)


def test_invalid_lanes_is_a_value_error(flagship: lt.Timeline) -> None:
    """lanes= anything but act/provision/tag raises ValueError naming the choices."""
    with pytest.raises(ValueError, match="'act', 'provision' or 'tag'"):
        flagship.to_html(lanes="acts")


@pytest.mark.parametrize(("start", "end"), [("2024-01-01", "2024-12-31"), ("2025-05-20", None),
                                            (None, "2023-10-01"), ("2024-08-15", "2024-08-15"),
                                            ("2023-04-27", "2023-04-27")])  # the next day has entries of its own
def test_start_and_end_restrict_the_entries(flagship: lt.Timeline, start: str | None, end: str | None) -> None:
    """With start/end, the list holds exactly tl.chronology(start, end) — the entries whose dates overlap the
    window — and the drawing's view is that window."""
    doc = parse(flagship.to_html(start=start, end=end))
    want = flagship.chronology(start=start, end=end)
    assert want, "the window should not be empty"
    items = entries_of(doc)
    assert [title_of(li) for li in items] == [e.title for e in want]
    view = page_data(doc)["scene"]["view"]
    epoch = lt.PartialDate.parse("1970-01-01").earliest
    lo = (lt.PartialDate.parse(start).earliest - epoch).days if start else None
    hi = (lt.PartialDate.parse(end).earliest - epoch).days if end else None
    if lo is not None:
        assert view[0] == lo
    if hi is not None:
        assert view[1] == (hi if lo is None or hi > lo else lo + 1)  # a one-day window is one day wide


def test_reversed_window_is_refused_or_empty(flagship: lt.Timeline) -> None:
    """start after end is either refused (DateError, as diff does) or shows what chronology(start, end) shows."""
    start, end = "2025-01-01", "2024-01-01"
    try:
        html = flagship.to_html(start=start, end=end)
    except lt.DateError:
        return
    titles = [title_of(li) for li in entries_of(parse(html))]
    assert titles == [e.title for e in flagship.chronology(start=start, end=end)]


def test_empty_timeline_renders() -> None:
    """A dataset with nothing dated renders a sound page: an empty list, no sources section, working data."""
    tl = lt.loads("lawtimeline: 1\n")
    doc = parse(tl.to_html())
    assert entries_of(doc) == []
    assert not doc.find_all("section", "lt-sources")
    data = page_data(doc)
    assert (data["provisions"], data["outcomes"], data["entries"], data["scene"]["lanes"]) == ([], [], [], [])
    assert picture_of(doc).find("svg")
    assert root_of(doc).find(cls="lt-title").text == "Legal timeline"


def test_flagship_page_is_small(page: str) -> None:
    """The flagship page, everything inline, stays at or under 150 KB."""
    assert len(page.encode("utf-8")) <= 150 * 1024


def test_state_data_matches_the_engine(flagship: lt.Timeline, doc: Node) -> None:
    """The embedded state-on-date data gives, for every provision and every day where its answer can change, the
    same status, in-force flag and formatted value as tl.value_of."""
    data = page_data(doc)
    epoch = lt.PartialDate.parse("1970-01-01").earliest
    lanes = data["scene"]["lanes"]
    by_id = {}
    for p in data["provisions"]:  # the provision is its lane's; its bounds are steps from the one before
        bounds = [sum(p["b"][: i + 1]) for i in range(len(p["b"]))]
        by_id[lanes[p["l"]]["id"]] = {**p, "b": bounds}
    assert list(by_id) == list(flagship.provisions)
    for pid, p in by_id.items():
        days = sorted({*p["b"], p["b"][0] - 1} if p["b"] else {0})
        for t in days:
            o = data["outcomes"][p["o"][bisect.bisect_right(p["b"], t)]]
            ans = flagship.value_of(pid, on=epoch.add(days=t))
            assert ["definite", "partial", "unresolved"][o[0]] == ans.status, (pid, t)
            assert o[1] == (None if ans.in_force is None else int(ans.in_force)), (pid, t)
            if ans.status == "definite" and ans.in_force:
                assert data["strings"][o[2]] == flagship.provisions[pid].format(ans.value), (pid, t)
            caveats = [data["strings"][i] for i in (o[5] if len(o) > 5 else [])]
            assert caveats == list(ans.caveats), (pid, t)


# -- uncertainty is drawn ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drawn(flagship: lt.Timeline) -> Node:
    """The flagship's drawing as the static SVG (``to_svg``); the page's script draws the same scene live (its
    marks are checked in the browser tests)."""
    return parse(flagship.to_svg())


def act_marks(doc: Node, act_id: str) -> dict[str, Node]:
    lane = doc.find("g", "lt-lane", data_id=act_id)
    return {next(c for c in m.classes if c.startswith("lt-k-"))[5:]: m for m in lane.find_all("g", "lt-mark")}


def test_range_entry_into_force_is_a_band(drawn: Node, doc: Node) -> None:
    """281-FZ entered into force on its (unknown) day of publication, some day in 8–31 August 2024: its in_force
    mark is a band, not a point (24 days wide in the page's data)."""
    m = act_marks(drawn, "ru-fz-281-2024")["in_force"]
    band = m.find("rect", "lt-band")
    assert float(band.get("width") or 0) > 1
    (lane,) = [x for x in page_data(doc)["scene"]["lanes"] if x["id"] == "ru-fz-281-2024"]
    (mark,) = [x for x in lane["m"] if x[2] == 5]  # in_force is kind 5 of the page's kinds
    assert mark[1] == 24


def test_approximate_adoption_is_marked_approximate(drawn: Node) -> None:
    """281-FZ's adoption 'c. 31 July 2024' is drawn as approximate (lt-approx) and says so in its tooltip."""
    m = act_marks(drawn, "ru-fz-281-2024")["adopted"]
    assert "lt-approx" in m.classes
    assert "c. 31 July 2024" in m.find("title").text
    exact = act_marks(drawn, "ru-fz-281-2024")["signed"]
    assert not {"lt-approx", "lt-uncertain", "lt-disputed"} & set(exact.classes)
    assert not exact.find_all("rect", "lt-band")


def test_disputed_statement_is_marked_disputed(drawn: Node, doc: Node) -> None:
    """Bastrykin's statement, dated 19 May by one source and 20 May by another, is drawn disputed (lt-disputed),
    its tooltip says the sources disagree, and in the page's data it points at its list entry."""
    lane = drawn.find("g", "lt-lane", data_id="context:statement")
    (m,) = [g for g in lane.find_all("g", "lt-mark") if "80,000" in g.find("title").text]
    assert "lt-disputed" in m.classes
    assert "sources disagree" in m.find("title").text
    (live,) = [x for x in page_data(doc)["scene"]["lanes"] if x["id"] == "context:statement"]
    entries = entries_of(doc)
    (mark,) = [x for x in live["m"] if "80,000" in (x[5] if len(x) > 5 else title_of(entries[x[4]]))]
    assert mark[3] & 8  # the disputed bit
    li = entries_of(doc)[mark[4]]
    assert "80,000" in title_of(li)


VARIED_DATES = {
    "lawtimeline": 1,
    "sources": [{"id": "s1", "title": "One"}, {"id": "s2", "title": "Two"}],
    "acts": [{"id": "a", "title": "A", "events": [
        {"kind": "introduced", "date": "2024?"},
        {"kind": "adopted", "date": "2024-05~"},
        {"kind": "approved", "date": "2024-06-10%"},
        {"kind": "signed", "dates": [{"date": "2024-06-20", "sources": ["s1"]},
                                     {"date": "2024-06-21", "sources": ["s2"]}]},
        {"kind": "published", "date": "2024-07"},
        {"kind": "in_force", "date": {"after": "published", "days": 10}},
        {"kind": "repealed", "date": "2025-01-01"},
    ]}],
}


@pytest.mark.parametrize("which", ["flagship", "varied"])
def test_every_act_event_is_drawn_with_its_uncertainty(flagship: lt.Timeline, drawn: Node, which: str) -> None:
    """For every dated life-cycle event of every act: a band (rect.lt-band) iff the date spans more than one day,
    lt-approx iff
    approximate, lt-uncertain iff uncertain, lt-disputed iff sources disagree (the flagship, and a dataset with a
    date of every kind: uncertain year, approximate month, '%' day, disputed, month, relative, exact)."""
    if which == "varied":
        flagship = lt.Timeline.from_dict(VARIED_DATES)
        drawn = parse(flagship.to_svg())
        assert any(e.disputed for e in flagship.acts["a"].events)
    for a in flagship.acts.values():
        lane = drawn.find("g", "lt-lane", data_id=a.id)
        marks = lane.find_all("g", "lt-mark")
        events = [e for e in a.events if e.date is not None]
        assert len(marks) == len(events)
        for m, e in zip(marks, events, strict=True):
            cls = set(m.classes)
            assert f"lt-k-{e.kind}" in cls
            assert bool(m.find_all("rect", "lt-band")) == (e.date.earliest != e.date.latest), (a.id, e.kind)
            assert ("lt-approx" in cls) == e.date.approximate, (a.id, e.kind)
            assert ("lt-uncertain" in cls) == e.date.uncertain, (a.id, e.kind)
            assert ("lt-disputed" in cls) == e.disputed, (a.id, e.kind)


def test_pending_changes_trail_off(flagship: lt.Timeline, drawn: Node) -> None:
    """A provision lane draws one .lt-pending per change still pending (no date of entry into force) — the July
    2025 fines law's insert among them — and provisions with none draw none."""
    pending = flagship.in_force(on="2030-01-01").pending
    per: dict[str, int] = {}
    for c in pending:
        per[c.provision] = per.get(c.provision, 0) + 1
    assert per.get("ru-cao-fine-move-3-months", 0) >= 1
    for pid in flagship.provisions:
        lane = drawn.find("g", "lt-lane", data_id=pid)
        marks = lane.find_all("g", "lt-pending")
        assert len(marks) == per.get(pid, 0), pid
        for g in marks:
            assert "pending" in g.find("title").text


def test_svg_numbers_have_at_most_two_decimals(drawn: Node, doc: Node) -> None:
    """Every coordinate in the drawing (the SVG file and the page's picture) is written with at most two
    decimals."""
    for svg in (drawn.find("svg"), picture_of(doc).find("svg")):
        long = [(n.tag, k, v) for n in svg.iter() for k, v in n.attrs
                if k in ("x", "y", "width", "height", "x1", "x2", "y1", "y2", "transform")
                and re.search(r"\d\.\d{3,}", v or "")]
        assert long == []
    svg = drawn.find("svg")
    long = [(n.tag, k, v) for n in svg.iter() for k, v in n.attrs
            if k in ("x", "y", "width", "height", "x1", "x2", "y1", "y2", "transform")
            and re.search(r"\d\.\d{3,}", v or "")]
    assert long == []


def test_reads_without_css_or_js(doc: Node) -> None:
    """No control is in the bytes (the script creates them, so a host that strips scripts and `hidden` shows none
    that does nothing); the drawing is a picture; the acts, the list and the sources are plain semantic HTML
    headed by <h2>s."""
    assert not doc.find_all("input") and not doc.find_all("select") and not doc.find_all("button")
    assert not doc.find_all(cls="lt-toolbar") and not doc.find_all(cls="lt-state")
    assert not [n for n in doc.iter() if "hidden" in dict(n.attrs)]
    assert not doc.find_all("svg")  # an inline SVG is stripped by sanitizers, its text left as a run of words
    heads = [h.text for h in doc.iter() if re.fullmatch(r"h[1-6]", h.tag) and "lt-title" not in h.classes]
    assert heads == ["Acts", "Chronology", "Sources"]
    assert picture_of(doc).find("svg").get("width") == "960"
    assert "the chronology below" in (doc.find("img").get("alt") or "")


# -- the command line ----------------------------------------------------------------------------------------------


def test_cli_render_writes_the_page(tmp_path: Path, page: str) -> None:
    """`lawtimeline render FILE -o OUT` exits 0, writes exactly to_html() (UTF-8) and says what it wrote."""
    out = tmp_path / "timeline.html"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(out)], prog_name="lawtimeline")
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == page.encode("utf-8")
    assert str(out) in result.stdout and "KB" in result.stdout


def test_cli_render_passes_options(tmp_path: Path, flagship: lt.Timeline) -> None:
    """--lanes, --start, --end and --title reach to_html."""
    out = tmp_path / "t.html"
    args = ["render", str(EXAMPLE), "-o", str(out), "--lanes", "tag", "--start", "2024-01-01", "--end",
            "2025-12-31", "--title", "Mine <b>"]
    result = CliRunner().invoke(cli, args, prog_name="lawtimeline")
    assert result.exit_code == 0, result.output
    want = flagship.to_html(lanes="tag", start="2024-01-01", end="2025-12-31", title="Mine <b>")
    assert out.read_text(encoding="utf-8") == want


def test_cli_render_bad_lanes_is_a_usage_error(tmp_path: Path) -> None:
    """An unknown --lanes value is a usage error (exit 2) and writes nothing."""
    out = tmp_path / "t.html"
    result = CliRunner().invoke(cli, ["render", str(EXAMPLE), "-o", str(out), "--lanes", "x"],
                                prog_name="lawtimeline")
    assert result.exit_code == 2
    assert not out.exists()


def test_cli_show_prints_text(flagship: lt.Timeline) -> None:
    """`lawtimeline show FILE` prints to_text(); --width and --markdown choose the other forms."""
    run = CliRunner().invoke
    result = run(cli, ["show", str(EXAMPLE)], prog_name="lawtimeline")
    assert result.exit_code == 0, result.output
    assert result.stdout == flagship.to_text()
    result = run(cli, ["show", str(EXAMPLE), "--width", "60"], prog_name="lawtimeline")
    assert result.exit_code == 0 and result.stdout == flagship.to_text(60)
    result = run(cli, ["show", str(EXAMPLE), "--markdown"], prog_name="lawtimeline")
    assert result.exit_code == 0 and result.stdout == flagship.to_markdown()


# -- any dataset ---------------------------------------------------------------------------------------------------

#: Every element the templates write; dataset text must never add another.
TEMPLATE_TAGS = frozenset({
    "#document", "html", "head", "meta", "title", "body", "main", "div", "style", "header", "h2", "h3", "p", "span",
    "label", "select", "option", "input", "button", "figure", "figcaption", "svg", "defs", "clippath", "h1", "bdi",
    "lineargradient", "stop", "marker", "path", "g", "rect", "line", "text", "circle", "section", "script", "ol",
    "ul", "li", "time", "sup", "a", "img", "dl", "dt", "dd", "br", "small",
})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets(), lanes=st.sampled_from(["act", "provision", "tag"]))
def test_any_dataset_renders_a_sound_page(data: dict[str, Any], lanes: str) -> None:
    """For any valid dataset (tricky text, partial, disputed and relative dates, pending changes), the page is
    well-formed, uses only the templates' own elements and two scripts, lists every chronology entry once, has
    unique ids whose references all resolve, and its JSON data parses."""
    tl = lt.Timeline.from_dict(data)
    html = tl.to_html(lanes=lanes)
    doc = parse(html)
    assert {n.tag for n in doc.iter()} <= TEMPLATE_TAGS
    assert [s.get("type") for s in doc.find_all("script")] == ["application/json", None]
    assert not [k for n in doc.iter() for k, _ in n.attrs if k.startswith("on")]
    items = entries_of(doc)
    chronology = tl.chronology()
    assert [title_of(li) for li in items] == [e.title for e in chronology]
    ids = [n.get("id") for n in doc.iter() if n.get("id") is not None]
    assert len(ids) == len(set(ids))
    for n in doc.iter():
        for k, v in n.attrs:
            if k == "href" and v and v.startswith("#"):
                assert v[1:] in ids
            if k == "data-entry" and v:
                assert v in ids
    (script,) = [s for s in doc.find_all("script") if s.get("type") == "application/json"]
    state = json.loads(script.text)
    assert [state["scene"]["lanes"][p["l"]]["id"] for p in state["provisions"]] == list(tl.provisions)
    assert tl.to_html(lanes=lanes) == html


# -- issue 13: reports, the pending marker, the acts in words --------------------------------------------------------


def test_to_svg_is_a_standalone_static_drawing(flagship: lt.Timeline, drawn: Node) -> None:
    """to_svg(): one <svg> document with the title, the axis (a tick per year of the flagship's 2023–2026 view),
    a lane per act, provision and context kind, the legend; no script, no event handler, no external
    reference, a generic font family (ending in sans-serif), and save_svg writes exactly it."""
    svg = drawn.find("svg")
    assert svg.get("xmlns") == "http://www.w3.org/2000/svg"
    assert not drawn.find_all("script") and not drawn.find_all("foreignobject")
    assert not [k for n in drawn.iter() for k, _ in n.attrs if k.startswith("on")]
    assert [n for n in drawn.iter() if n.get("href") and not (n.get("href") or "").startswith("#")] == []
    texts = [t.own_text for t in drawn.find_all("text")]
    assert flagship.title in texts
    assert {"2024", "Jan 2024"} & set(texts) or any(t.endswith("2024") for t in texts)
    lanes = {g.get("data-id") for g in drawn.find_all("g", "lt-lane")}
    assert set(flagship.acts) | set(flagship.provisions) <= lanes
    assert {f"context:{e.kind}" for e in flagship.events.values()} <= lanes
    for words in ("adopted", "signed", "published", "in force", "repealed", "value in force",
                  "pending: no date of entry into force yet"):
        assert words in texts, words
    (style,) = drawn.find_all("style")
    assert re.search(r"font-family:[^;}]*sans-serif", style.text)
    assert "url(" not in style.text and "@import" not in style.text


def test_save_svg_and_cli_format_svg(tmp_path: Path, flagship: lt.Timeline) -> None:
    """save_svg(path) and `lawtimeline render FILE --format svg -o t.svg` (or just -o t.svg) write to_svg()."""
    flagship.save_svg(tmp_path / "a.svg")
    assert (tmp_path / "a.svg").read_text(encoding="utf-8") == flagship.to_svg()
    for args in (["--format", "svg", "-o", str(tmp_path / "b.out")], ["-o", str(tmp_path / "c.svg")]):
        result = CliRunner().invoke(cli, ["render", str(EXAMPLE), *args], prog_name="lawtimeline")
        assert result.exit_code == 0, result.output
        assert Path(args[-1]).read_text(encoding="utf-8") == flagship.to_svg()


def test_svg_text_is_escaped(evil: lt.Timeline) -> None:
    """Dataset text full of markup reaches the SVG as text: no element, attribute or handler comes from it."""
    svg = evil.to_svg()
    doc = parse(svg)
    assert {n.tag for n in doc.iter()} <= {"#document", "svg", "title", "style", "defs", "clippath", "rect",
                                           "marker", "path", "text", "tspan", "g", "line", "circle"}
    assert not [k for n in doc.iter() for k, _ in n.attrs if k.startswith("on")]
    for p in PAYLOADS:
        if "<" in p:
            assert p not in svg, p
    assert hostile("act short title")[:20] in " ".join(all_strings(doc))


def test_cli_png_and_pdf_name_what_to_install_without_chromium(tmp_path: Path) -> None:
    """With no Chromium to be found, --format png/pdf exits 1 with one line that names what to install (and that
    svg needs nothing): no traceback, no file written."""
    for fmt in ("png", "pdf"):
        out = tmp_path / f"t.{fmt}"
        env = {**os.environ, "LT_CHROMIUM": str(tmp_path / "no-such-chromium")}
        done = subprocess.run([sys.executable, "-m", "lawtimeline.cli", "render", str(EXAMPLE), "--format", fmt,
                               "-o", str(out)], capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "apt-get install chromium" in done.stderr and "--format svg" in done.stderr
        assert not out.exists()


def test_pending_marker_is_placed_from_its_dates(flagship: lt.Timeline, drawn: Node) -> None:
    """The pending change (the July 2025 fines law's insert, no date of entry into force) is drawn from the latest
    day its act or its provision has a date for — never before a later change of the provision — in a row of its
    own below the value bars (its trail strikes through no value label). Worked by hand from the dataset: the
    registration fines law (July 2025) was signed on 7 July 2025, its latest date, and the provision it adds to
    has no dated change, so the marker starts on 7 July 2025."""
    pending = flagship.in_force(on="2030-01-01").pending
    for c in pending:
        act = flagship.acts[c.act]
        lane = drawn.find("g", "lt-lane", data_id=c.provision)
        (mark,) = lane.find_all("g", "lt-pending")
        x = float(re.match(r"M([\d.]+),([\d.]+)", mark.find("path").get("d") or "").group(1))  # type: ignore[union-attr]
        y = float(re.match(r"M([\d.]+),([\d.]+)", mark.find("path").get("d") or "").group(2))  # type: ignore[union-attr]
        starts = [float(r.get("x") or 0) for r in lane.find_all("rect", "bar")]
        assert all(x >= s - 0.01 for s in starts), (c.id, x, starts)
        bottoms = [float(r.get("y") or 0) + float(r.get("height") or 0) for r in lane.find_all("rect", "bar")]
        assert all(y > b for b in bottoms), (c.id, y, bottoms)
        latest = max(e.date.latest for e in act.events if e.date is not None)
        assert latest.isoformat() == "2025-07-07"
    assert [c.provision for c in pending] == ["ru-cao-fine-move-3-months"]
    from lawtimeline.render.scene import Scene

    scene = Scene(flagship, flagship._engine())
    (lane,) = [x for x in scene.lanes if x["id"] == "ru-cao-fine-move-3-months"]
    epoch = lt.PartialDate.parse("1970-01-01").earliest
    assert [p["t"] for p in lane["pending"]] == [(lt.PartialDate.parse("2025-07-07").earliest - epoch).days]


def test_pending_marker_never_precedes_a_later_change() -> None:
    """A provision changed in 2024 and 2026 with a change pending from an act adopted in 2020: the pending mark
    starts after the 2026 change (the latest dated change), not in the lane's last stretch nor in 2020."""
    tl = lt.Timeline.from_dict({
        "lawtimeline": 1,
        "acts": [
            {"id": "base", "title": "Base law", "events": [{"kind": "in_force", "date": "2024-01-01"}]},
            {"id": "late", "title": "Late law", "events": [{"kind": "in_force", "date": "2026-06-01"}]},
            {"id": "bill", "title": "Old bill", "events": [{"kind": "adopted", "date": "2020-03-01"}]},
        ],
        "provisions": [{"id": "p", "act": "base", "title": "Fine", "kind": "number", "unit": "EUR"}],
        "changes": [
            {"id": "c1", "act": "base", "provision": "p", "op": "insert", "value": 10, "effective": "2024-01-01"},
            {"id": "c2", "act": "late", "provision": "p", "op": "set", "value": 20, "effective": "2026-06-01"},
            {"id": "c3", "act": "bill", "provision": "p", "op": "set", "value": 30},
        ],
    })
    from lawtimeline.render.scene import Scene

    scene = Scene(tl, tl._engine())
    (lane,) = [x for x in scene.lanes if x["id"] == "p"]
    (p,) = lane["pending"]
    epoch = lt.PartialDate.parse("1970-01-01").earliest
    assert p["t"] == (lt.PartialDate.parse("2026-06-01").earliest - epoch).days
    doc = parse(tl.to_svg())
    g = doc.find("g", "lt-lane", data_id="p")
    x = float(re.match(r"M([\d.]+)", g.find("g", "lt-pending").find("path").get("d") or "").group(1))  # type: ignore[union-attr]
    later = max(float(r.get("x") or 0) for r in g.find_all("rect", "bar"))
    assert x >= later - 0.01


def test_every_act_is_in_words_without_script_or_css(flagship: lt.Timeline, doc: Node) -> None:
    """Issue 13, point 12: the acts list (a <dl>, no script, no hover, no CSS needed) gives every act's full title,
    its number and every dated life-cycle event's date as the chronology words it, so a printed report can say
    which law "Citizenship Law 2023" is; provisions whose lane label may be cut are named there in full."""
    dl = doc.find("dl", "lt-act-list")
    dts, dds = dl.element_children("dt"), dl.element_children("dd")
    assert len(dts) == len(dds) == len(flagship.acts)
    for a, dt, dd in zip(flagship.acts.values(), dts, dds, strict=True):
        assert dt.element_children("bdi")[0].text == (a.title or a.name)
        if a.name != (a.title or a.name):
            assert a.name in dt.text
        if a.number:
            assert a.number in dd.text
        for e in a.events:
            if e.date is not None:
                assert e.date.label in dd.text, (a.id, e.kind)
        for p in flagship.provisions.values():
            if p.act == a.id and len(p.name) > 40:
                assert p.name in dd.text, p.id
    citizenship = next(a for a in flagship.acts.values() if a.name == "Citizenship Law 2023")
    assert citizenship.title and citizenship.title != citizenship.name


# -- issue 11: a period in force for some purposes or places only ------------------------------------------------------

STAGED = Path(__file__).parent.parent / "examples" / "uk-staged-excerpt.yaml"
PARTIAL_LEGEND = "in force for some purposes or places only (hatched)"


def bars_of(svg: Node, pid: str) -> list[Node]:
    return svg.find("g", "lt-lane", data_id=pid).find_all("g", "lt-bar")


def test_a_partial_period_is_drawn_hatched_and_says_its_limits() -> None:
    """Children Act 1989 s. 26A (the feed: in force "for the purposes of making regulations" from 30 January 2004,
    wholly from 1 April 2004): its first period is its own bar, hatched (lt-partial, filled with the hatch pattern),
    its tooltip says the purpose; the whole period after it is a plain bar. Police Act 1997 s. 113(3A) (amended
    "for E.W." from 1 June 2003): its version before the amendment, in force on or before 31 May 2003, is an
    unknown-date bar (it fades in, not hatched), the amended one is hatched and says "in England and Wales only". The
    legend names the hatching, in the SVG file, in the page's picture, and the page's data flags the same bars
    (bit 16) for the live drawing, with the words in their tooltips."""
    tl = lt.load(STAGED)
    page = parse(tl.to_html())
    for svg in (parse(tl.to_svg()), picture_of(page)):
        assert [p.get("id") for p in svg.find_all("pattern")] == ["hatch"]
        first, whole = bars_of(svg, "ukpga/1989/41/section/26A")
        assert "lt-partial" in first.classes and "lt-uncertain" not in first.classes
        (body,) = [r for r in first.find_all("rect") if r.get("fill") == "url(#hatch)"]
        assert float(body.get("width") or 0) > 0
        if first.find_all("title"):  # the picture in the page carries no tooltips
            tip = first.find("title").text
            assert "from 30 January 2004" in tip and "until 1 April 2004" in tip
            assert tip.endswith("; in force for the purposes of making regulations only")
        assert "lt-partial" not in whole.classes
        assert not [r for r in whole.find_all("rect") if r.get("fill") == "url(#hatch)"]
        before, amended = bars_of(svg, "ukpga/1997/50/section/113/3A")
        # the unknown start fades in (a faint rect before the body), never hatched
        assert "lt-partial" not in before.classes and len(before.find_all("rect")) == 2
        assert not [r for r in before.find_all("rect") if r.get("fill") == "url(#hatch)"]
        if before.find_all("title"):
            assert before.find("title").text.endswith("; dates uncertain")
        assert "lt-partial" in amended.classes
        if amended.find_all("title"):
            assert amended.find("title").text.endswith("; in force in England and Wales only")
        legend = [t.own_text for t in svg.find("g", "legend").find_all("text")]
        assert PARTIAL_LEGEND in legend
        assert "uncertain or disputed date" in legend  # beside the marks of unknown dates, not instead of them
    lanes = {lane["id"]: lane for lane in page_data(page)["scene"]["lanes"]}
    rows = lanes["ukpga/1989/41/section/26A"]["b"]
    assert [bool(r[4] & 16) for r in rows] == [True, False]
    assert rows[0][7].endswith("; in force for the purposes of making regulations only")
    assert [(bool(r[4] & 16), bool(r[4] & 4)) for r in lanes["ukpga/1997/50/section/113/3A"]["b"]] == [
        (False, True), (True, False)]  # (partial, dates uncertain)


def test_the_state_data_says_a_partial_answer_with_its_limits() -> None:
    """On 15 February 2004 (between the two stages) the page's state-on-date data answers s. 26A "partial", in
    force or not by purpose (in_force null), with the limit "for the purposes of making regulations only"; on
    29 January 2004 not in force; on 1 April 2004 definite."""
    tl = lt.load(STAGED)
    data = page_data(parse(tl.to_html()))
    lanes = data["scene"]["lanes"]
    (p,) = [x for x in data["provisions"] if lanes[x["l"]]["id"] == "ukpga/1989/41/section/26A"]
    bounds = [sum(p["b"][: i + 1]) for i in range(len(p["b"]))]
    epoch = lt.PartialDate.parse("1970-01-01").earliest

    def on(day: str) -> list[Any]:
        t = (lt.PartialDate.parse(day).earliest - epoch).days
        row: list[Any] = data["outcomes"][p["o"][bisect.bisect_right(bounds, t)]]
        return row

    partial = on("2004-02-15")
    assert partial[0] == 1 and partial[1] is None
    assert [data["strings"][i] for i in partial[7]] == ["for the purposes of making regulations only"]
    assert on("2004-01-29")[:2] == [0, 0]
    assert on("2004-04-01")[:2] == [0, 1]


def test_no_partial_period_no_hatching(flagship: lt.Timeline, drawn: Node, doc: Node) -> None:
    """The flagship has no partial period: no pattern, no hatched bar, no legend entry for one, no bit 16."""
    for svg in (drawn, picture_of(doc)):
        assert not svg.find_all("pattern") and not svg.find_all("g", "lt-partial")
        assert PARTIAL_LEGEND not in [t.own_text for t in svg.find_all("text")]
    assert not [b for lane in page_data(doc)["scene"]["lanes"] for b in lane.get("b", []) if b[4] & 16]


def test_partial_limits_are_escaped() -> None:
    """A stage's purposes full of markup reach the drawing's tooltip, the page's data and the picture as text."""
    evil = "<script>alert(1)</script> & <b onclick=x>bold</b>"
    tl = lt.Timeline.from_dict({
        "lawtimeline": 1,
        "acts": [{"id": "a", "title": "Act A"}],
        "provisions": [{"id": "p", "act": "a", "title": "Rule", "kind": "text"}],
        "changes": [{"id": "c", "act": "a", "provision": "p", "op": "insert", "value": "words",
                     "stages": [{"date": "2024-01-01", "purposes": [evil]}, {"date": "2024-06-01"}]}],
    })
    svg_text = tl.to_svg()
    svg = parse(svg_text)
    assert evil not in svg_text
    assert not svg.find_all("script") and not svg.find_all("b")
    assert not [k for n in svg.iter() for k, _ in n.attrs if k.startswith("on")]
    (first, _) = bars_of(svg, "p")
    assert "lt-partial" in first.classes
    assert first.find("title").text.endswith(f"; in force for {evil} only")
    html = tl.to_html()
    page = parse(html)
    assert len(page.find_all("script")) == 2 and not page.find_all("b")
    assert not [k for n in page.iter() for k, _ in n.attrs if k.startswith("on")]
    (lane,) = [x for x in page_data(page)["scene"]["lanes"] if x["id"] == "p"]
    assert evil in lane["b"][0][7]
    assert not picture_of(page).find_all("b")
