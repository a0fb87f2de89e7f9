"""Akoma Ntoso (``lawtimeline.interop.akn``), DESIGN §10a, on the real documents of ``shared/corpus``:

- the German pair (LegalDocML.de 1.8.2): ``de-ldml/vereinsg-1964-s593-zielgesetz.xml`` ("Z") and the 2017 law
  amending it, ``de-ldml/vereinsg-aend-2017-s419-aenderungsgesetz.xml`` ("A");
- the Kenyan pair (AKN 2.0): the consolidation ``ke-akn2/Act_Kenya_1997-08-22_3_2003-12-19.xml`` ("C") and the
  amending Act ``ke-akn2/Act_Kenya_2003-12-10-short.xml`` ("K").

Expectations were read by hand from the XML; comments give the file letter and line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lawtimeline as lt
from lawtimeline.interop import akn

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
Z = CORPUS / "de-ldml" / "vereinsg-1964-s593-zielgesetz.xml"
A = CORPUS / "de-ldml" / "vereinsg-aend-2017-s419-aenderungsgesetz.xml"
C = CORPUS / "ke-akn2" / "Act_Kenya_1997-08-22_3_2003-12-19.xml"
K = CORPUS / "ke-akn2" / "Act_Kenya_2003-12-10-short.xml"
pytestmark = pytest.mark.skipif(not Z.exists(), reason="the shared corpus is not beside the clone")

VEREINSG = "eli/bund/bgbl-1/1964/s593"  # Z line 31
AMENDING = "eli/bund/bgbl-1/2017/s419"  # A line 30
NO_2 = f"{VEREINSG}/art-z20_abs-z1_inhalt-n1_liste-n1_listenelem-n2_text-n1"  # Z line 214
KENYA = "ke/act/1997-08-22/3"  # C line 10
KENYA_AMENDING = "ke/act/2003-12-10/8"  # K line 9


@pytest.fixture(scope="module")
def de() -> lt.Timeline:
    return akn.load(Z, A)


@pytest.fixture(scope="module")
def ke() -> lt.Timeline:
    return akn.load(C, K)


def test_vereinsgesetz_20_1_no_2_before_and_after_the_2017_amendment(de: lt.Timeline) -> None:
    """A line 138: destination …/9-34.xml; A lines 257 and 260: old „§ 9 Abs. 1 Satz 2, Abs. 2“, new „§ 9 Absatz 1
    Satz 2, Absatz 2 oder 3“; A line 141 force → group geltungszeitgr-n1 → interval start ereignis-n2 (line 155) →
    eventRef 2017-03-16 (line 120). Z line 214: the text before."""
    before = de.value_of(NO_2, "2017-03-15")
    after = de.value_of(NO_2, "2017-03-16")
    assert before.value == ("entgegen § 9 Abs. 1 Satz 2, Abs. 2 Kennzeichen eines verbotenen Vereins oder einer "
                            "Ersatzorganisation verwendet,")
    assert after.value == ("entgegen § 9 Absatz 1 Satz 2, Absatz 2 oder 3 Kennzeichen eines verbotenen Vereins oder "
                           "einer Ersatzorganisation verwendet,")
    c = de.changes[after.change]
    assert c.act == AMENDING and c.op is lt.Op.SET and str(c.effective) == "2017-03-16"
    # cites the amending command (A line 252) and the textualMod (A line 134)
    assert f"{AMENDING}#art-z1_abs-z_untergl-n1_listenelem-n1_inhalt-n1_text-n1_ändbefehl-n1" in c.sources


def test_destination_in_the_legacy_scheme_is_resolved_by_its_old_words_and_says_so(de: lt.Timeline) -> None:
    """A line 138 names hauptteil-1_art-1_… (art-1, not art-z20): the only element whose characters 9-34 read the
    old words is Z's § 20 (1) no. 2 (Z line 214: "entgegen " is 9 characters)."""
    c = de.changes[f"{AMENDING}/meta-n1_analysis-n1_activemod-n1_textualmod-n1"]
    assert c.provision == NO_2
    assert c.note is not None and "characters 9-34" in c.note and "§ 9 Abs. 1 Satz 2, Abs. 2" in c.note


def test_elements_containing_the_destination_change_with_it(de: lt.Timeline) -> None:
    """Z lines 191-222: paragraph (1) holds no. 2, so its text changes on 2017-03-16 too."""
    para = f"{VEREINSG}/art-z20_abs-z1"
    assert "§ 9 Abs. 1 Satz 2, Abs. 2 Kennzeichen" in de.value_of(para, "2017-03-15").value
    assert "§ 9 Absatz 1 Satz 2, Absatz 2 oder 3 Kennzeichen" in de.value_of(para, "2017-03-16").value


def test_act_from_frbrwork_with_titles(de: lt.Timeline) -> None:
    """Z line 31 FRBRuri; line 159 docTitle; line 164 shortTitle "(Vereinsgesetz)"; line 49 FRBRcountry de."""
    act = de.acts[VEREINSG]
    assert act.title == "Gesetz zur Regelung des öffentlichen Vereinsrechts"
    assert act.short_title == "Vereinsgesetz" and act.jurisdiction == "DE"


def test_life_cycle_from_eventref_frbrdate_and_date_elements(de: lt.Timeline) -> None:
    """Z: ausfertigung 1964-08-05 (eventRef line 115, FRBRdate line 38, preface date line 170, conclusions date
    line 270 — all agree, so one date citing all four); inkrafttreten 1964-09-21 (eventRef line 121); published
    1964-08-05 (FRBRdate lines 42 and 81)."""
    act = de.acts[VEREINSG]
    signed = act.event("signed")
    assert signed is not None and str(signed.date) == "1964-08-05" and not signed.disputed
    assert set(signed.sources) == {f"{VEREINSG}#meta-n1_lebzykl-n1_ereignis-n1",
                                   f"{VEREINSG}#meta-n1_ident-n1_frbrwork-n1_frbrdate-n1",
                                   f"{VEREINSG}#einleitung-n1_block-n1_datum-n1",
                                   f"{VEREINSG}#schluss-n1_blockcontainer-n1_text-n1_datum-n1"}
    assert str(act.date_of("in_force")) == "1964-09-21" and str(act.date_of("published")) == "1964-08-05"
    assert de.value_of(NO_2, "1964-09-20").in_force is False
    assert de.value_of(NO_2, "1964-09-21").in_force is True


def test_dates_that_disagree_inside_one_document_are_disputed_claims(de: lt.Timeline) -> None:
    """A: ausfertigung 2017-03-15 in the eventRef (line 114) and FRBRdate (line 37), "Vom 01.01.1900" in the preface
    (line 202), "5. August 1964" in the conclusions (line 304): three claims, each sourced to its element."""
    signed = de.acts[AMENDING].event("signed")
    assert signed is not None and signed.disputed
    claims = {str(c.date): set(c.sources) for c in signed.claims}
    assert claims == {
        "2017-03-15": {f"{AMENDING}#meta-n1_lebzykl-n1_ereignis-n1",
                       f"{AMENDING}#meta-n1_ident-n1_frbrwork-n1_frbrdate-n1"},
        "1900-01-01": {f"{AMENDING}#einleitung-n1_block-n1_datum-n1"},
        "1964-08-05": {f"{AMENDING}#schluss-n1_blockcontainer-n1_text-n1_datum-n1"},
    }


def test_provisions_per_text_element_with_path_from_the_num_chain(de: lt.Timeline) -> None:
    """Z lines 190, 193, 205/212: nums "§ 20", "(1)", "2."; the p (line 213) has no num of its own; containers such
    as content (inhalt, line 194) and blockList (liste, line 196) are not provisions."""
    assert de.provisions[NO_2].path == "§ 20 (1) 2. (p)"
    assert de.provisions[f"{VEREINSG}/art-z20_abs-z1_inhalt-n1_liste-n1_listenelem-n2"].path == "§ 20 (1) 2."
    assert de.provisions[f"{VEREINSG}/art-z34"].title == "Inkrafttreten"  # heading, line 241
    assert f"{VEREINSG}/art-z20_abs-z1_inhalt-n1" not in de.provisions
    assert f"{VEREINSG}/art-z20_abs-z1_inhalt-n1_liste-n1" not in de.provisions


def test_unresolvable_destination_is_a_warning_naming_file_and_element(tmp_path: Path) -> None:
    """The same amending law with old words that occur nowhere in the target: the change cannot be placed."""
    text = A.read_text(encoding="utf-8").replace(">§ 9 Abs. 1 Satz 2, Abs. 2<", ">§ 99 Abs. 7<")
    changed = tmp_path / "aenderung.xml"
    changed.write_text(text, encoding="utf-8")
    tl = akn.load(Z, changed)
    (w,) = [w for w in tl.check() if "textualMod" in w.message]
    assert w.file == str(changed) and w.line == 132  # A line 132: <akn:textualMod type="substitution"
    assert 'eId="meta-n1_analysis-n1_activemod-n1_textualmod-n1"' in w.message and "cannot be resolved" in w.message
    assert de_value(tl) == de_value(akn.load(Z))  # nothing was applied


def de_value(tl: lt.Timeline) -> object:
    return tl.value_of(NO_2, "2020-01-01").value


def test_namespaces_are_told_apart_not_guessed(tmp_path: Path, ke: lt.Timeline) -> None:
    """C line 3: AKN 2.0 (ids in @id); Z line 17: LegalDocML.de (ids in @eId). A document in another namespace is
    refused with the namespace named."""
    assert f"{KENYA}/sec22-sub3" in ke.provisions  # @id
    other = tmp_path / "other.xml"
    other.write_text('<akomaNtoso xmlns="http://example.org/not-akn"><act/></akomaNtoso>', encoding="utf-8")
    with pytest.raises(lt.DatasetError) as e:
        akn.load(other)
    assert "http://example.org/not-akn" in str(e.value) and e.value.problems[0].file == str(other)


def test_kenya_s54A_inserted_on_19_december_2003(ke: lt.Timeline) -> None:
    """C line 2267: section sec54.a with period #t2; t2's #inforce interval starts at e2 (C line 104) = 2003-12-19
    (C line 52), an event whose source #rp1 is the passiveRef to /ke/act/2003-12-10/8 (C line 110)."""
    pid = f"{KENYA}/sec54.a"
    assert ke.value_of(pid, "2003-12-18").in_force is False
    on = ke.value_of(pid, "2003-12-19")
    assert on.in_force is True and on.value.startswith("Conduct of prosecutions.")
    c = ke.changes[on.change]
    assert c.act == KENYA_AMENDING and c.op is lt.Op.INSERT
    assert f"{KENYA}#pm7" in c.sources  # the passive modification whose destination is #sec54.a (C line 86)
    assert ke.provisions[pid].path == "PART VII 54A."


def test_consolidated_words_leave_the_earlier_content_unrecorded(ke: lt.Timeline) -> None:
    """C lines 930-945: s. 22(3) holds the new words "one" and "once" in spans with period #t2; the old words are not
    in the consolidation, so before 2003-12-19 it is in force with content not recorded."""
    pid = f"{KENYA}/sec22-sub3"
    before = ke.value_of(pid, "2003-12-18")
    assert before.in_force is True and isinstance(before.value, lt.Unrecorded)
    after = ke.value_of(pid, "2003-12-19").value
    assert after.startswith("A person who establishes a retirement benefits scheme or one manages a scheme fund")


def test_life_cycle_of_akn2_documents(ke: lt.Timeline) -> None:
    """C: docDate 1997-08-22 (line 202), publication 1997-08-22 (line 46), e1 1997-08-29 starts #inforce t1 (lines
    51, 100). K: docDate 2003-12-10 (line 128), publication 2003-12-19 (line 38), generation e1 2003-12-19 (line 40)
    in a document without temporal data."""
    c, k = ke.acts[KENYA], ke.acts[KENYA_AMENDING]
    assert (str(c.date_of("signed")), str(c.date_of("published")), str(c.date_of("in_force"))) == (
        "1997-08-22", "1997-08-22", "1997-08-29")
    assert (str(k.date_of("signed")), str(k.date_of("in_force"))) == ("2003-12-10", "2003-12-19")
    assert c.title == "THE RETIREMENTS BENEFITS ACT, 1997"  # C line 200


def test_active_modifications_already_in_the_consolidation_or_of_acts_not_loaded_are_warnings(
        ke: lt.Timeline) -> None:
    """K lines 44-94: am1-am8, each recorded by a passive modification of C (its source is the same ref, C lines
    60-95); K lines 95-106: am9, am10 change the Companies Act /ke/act/2002-12-12/5, which is not loaded."""
    warned = {w.line: w.message for w in ke.check() if w.file == str(K) and "<textualMod" in w.message}
    assert sorted(warned) == [44, 50, 56, 63, 70, 77, 83, 89, 95, 101]
    assert "passive modification pm7" in warned[89]
    assert "ke/act/2002-12-12/5" in warned[95] and "not loaded" in warned[95]


def test_an_external_entity_never_reaches_the_timeline(tmp_path: Path) -> None:
    """An AKN 3.0 document whose text refers to an external entity on a local file with a secret."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-akn-1234", encoding="utf-8")
    doc = tmp_path / "xxe.xml"
    doc.write_text(
        '<?xml version="1.0"?>\n'
        f'<!DOCTYPE akomaNtoso [ <!ENTITY xxe SYSTEM "{secret.as_uri()}"> ]>\n'
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><meta><identification>'
        '<FRBRWork><FRBRuri value="/akn/xx/act/2020/1"/></FRBRWork></identification>'
        '<lifecycle><eventRef eId="e1" date="2020-01-01" refersTo="#commencement"/></lifecycle></meta>'
        '<body><section eId="sec_1"><num>1.</num><content><p>Text &xxe; here.</p></content></section></body>'
        '</act></akomaNtoso>\n', encoding="utf-8")
    tl = akn.load(doc)
    dump = json.dumps(tl.to_dict(), ensure_ascii=False)
    assert "TOPSECRET" not in dump and "TOPSECRET" not in tl.to_html()
    assert tl.value_of("akn/xx/act/2020/1/sec_1", "2020-01-01").value == "Text here."
    assert any("xxe" in w.message for w in tl.check())


def test_parts_the_mapping_does_not_read_are_warnings(de: lt.Timeline, ke: lt.Timeline) -> None:
    """Z line 140 proprietary, 149 preface, 176 preamble, 254 conclusions; C: attachments, workflow (line 54),
    notes, classification."""
    z = {(w.line, w.message.split(" left out")[0]) for w in de.check() if w.file == str(Z)}
    assert z == {(140, "<proprietary>"), (149, "<preface>"), (176, "<preamble>"), (254, "<conclusions>")}
    c = {w.message.split(" left out")[0] for w in ke.check() if w.file == str(C)}
    assert {"<attachments>", "<workflow>", "<notes>", "<classification>", "<proprietary>"} <= c
    assert (54, "<workflow>") in {(w.line, w.message.split(" left out")[0]) for w in ke.check() if w.file == str(C)}
    # C lines 101 and 105: the #efficacy intervals beside the #inforce ones (one time axis in the model)
    assert {w.line for w in ke.check() if w.file == str(C) and "#efficacy" in w.message} == {101, 105}


def test_pairs_round_trip(de: lt.Timeline, ke: lt.Timeline, tmp_path: Path) -> None:
    for name, tl in (("de", de), ("ke", ke)):
        out = tmp_path / f"{name}.yaml"
        tl.save(out)
        assert lt.load(out) == tl


# -- the rules the corpus does not exercise, on a made-up AKN 3.0 pair (tests/data/akn/, lines of amending.xml) --

DATA = Path(__file__).parent / "data" / "akn"
FEES = "akn/xx/act/2020/1"


@pytest.fixture(scope="module")
def fees() -> lt.Timeline:
    return akn.load(DATA / "base.xml", DATA / "amending.xml")


def test_substitution_then_insertion_at_an_anchor_apply_in_order(fees: lt.Timeline) -> None:
    """amending.xml lines 22-35: tm1 substitutes "20" for "10", tm2 inserts "or part of a day" after "per day", both
    from group g1 → e2 = 2021-06-01 (lines 17, 58-60); base.xml line 27: "The fee is 10 euros per day."."""
    p = f"{FEES}/sec_1__p_1"
    assert fees.value_of(p, "2021-05-31").value == "The fee is 10 euros per day."
    assert fees.value_of(p, "2021-06-01").value == "The fee is 20 euros per day or part of a day."
    assert fees.value_of(f"{FEES}/sec_1", "2021-06-01").value == "Fee The fee is 20 euros per day or part of a day."


def test_insertion_of_a_new_element_is_an_insert(fees: lt.Timeline) -> None:
    """Lines 36-41: tm3 inserts sec_2a (not in base.xml), from g2 → e3 = 2021-09-01 (lines 18, 61-63)."""
    c = fees.changes["akn/xx/act/2021/7/tm3"]
    assert c.op is lt.Op.INSERT and str(c.effective) == "2021-09-01"
    assert fees.value_of(f"{FEES}/sec_2a", "2021-08-31").in_force is False
    assert fees.value_of(f"{FEES}/sec_2a", "2021-09-01").value == "2A. Fees are paid in advance."


def test_repeal_of_an_element_and_of_words(fees: lt.Timeline) -> None:
    """Lines 42-46: tm4 repeals sec_2 from 2021-09-01; lines 47-51: tm5 omits "to strike" in sec_3, with no force,
    so from the amending act's commencement (e2, 2021-06-01, line 17)."""
    assert fees.changes["akn/xx/act/2021/7/tm4"].op is lt.Op.REPEAL
    assert fees.value_of(f"{FEES}/sec_2", "2021-08-31").in_force is True
    assert fees.value_of(f"{FEES}/sec_2", "2021-09-01").in_force is False
    assert fees.value_of(f"{FEES}/sec_3", "2021-05-31").value == "Words to strike remain here."
    assert fees.value_of(f"{FEES}/sec_3", "2021-06-01").value == "Words remain here."


def test_a_destination_that_does_not_exist_is_never_guessed_from_its_words(fees: lt.Timeline) -> None:
    """Lines 52-57: tm6 substitutes "b" for "a" in sec_9, which base.xml lacks; "a" occurs in sec_3, but words
    alone (no character range) are no evidence of the place: a warning, and sec_3 keeps its words."""
    (w,) = [w for w in fees.check() if "tm6" in w.message]
    assert (w.file, w.line) == (str(DATA / "amending.xml"), 52) and "cannot be resolved" in w.message
    assert fees.value_of(f"{FEES}/sec_3", "2022-01-01").value == "Words remain here."


def test_akn3_life_cycle_from_refersto_words(fees: lt.Timeline) -> None:
    """amending.xml lines 16-18: assent 2021-05-03, commencement 2021-06-01, and e3 ("#later", used by g2: no
    warning); line 14: publication 2021-05-04."""
    act = fees.acts["akn/xx/act/2021/7"]
    assert [(e.kind, str(e.date)) for e in act.events] == [
        ("signed", "2021-05-03"), ("published", "2021-05-04"), ("in_force", "2021-06-01")]
    assert not [w for w in fees.check() if "eventRef" in w.message]
