"""legislation.gov.uk effects (``lawtimeline.interop.legislation_gov_uk``) on the real feed of the Adoption and
Children Act 2002 (``shared/corpus/uk-effects``), DESIGN §10a rule by rule.

Every expectation below was read by hand from the feed; the comment beside it gives the line(s) of
``changes-affecting-ukpga-2002-38-feed.xml`` it comes from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import lawtimeline as lt
from lawtimeline.interop import legislation_gov_uk as uk

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
FEED = CORPUS / "uk-effects" / "changes-affecting-ukpga-2002-38-feed.xml"
pytestmark = pytest.mark.skipif(not FEED.exists(), reason="the shared corpus is not beside the clone")

MARRIAGE_3_1A = "ukpga/Geo6/12-13-14/76/section/3/1A"  # line 834
CHILDREN_26A = "ukpga/1989/41/section/26A"  # line 3316


@pytest.fixture(scope="module")
def tl() -> lt.Timeline:
    return uk.load(FEED)


def test_marriage_act_s3_1A_changed_by_the_2002_act_from_30_december_2005(tl: lt.Timeline) -> None:
    """Lines 830-855: effect key-2255d783… "substituted" on Marriage Act 1949 s. 3(1A), a Prospective record and
    one dated record, 2005-12-30 "wholly in force", commenced by S.I. 2005/2213 art. 2(o) (line 853)."""
    on = tl.value_of(MARRIAGE_3_1A, "2005-12-30")
    assert on.status == "definite" and on.in_force is True
    assert isinstance(on.value, lt.Unrecorded)
    assert on.change == "key-2255d783af03d4b5fa6c964cae3c4737"
    assert str(on.value) == "content changed by Adoption and Children Act 2002; new content not recorded"
    cited = [tl.sources[s] for s in tl.changes[on.change].sources]
    assert any(s.title == "S.I. 2005/2213 art. 2(o)" and s.url == "http://www.legislation.gov.uk/id/uksi/2005/2213/"
               "article/2/o" for s in cited)
    before = tl.value_of(MARRIAGE_3_1A, "2005-12-29")  # the old state: it existed, wording not in the feed
    assert before.in_force is True and before.value != on.value
    assert before.change == f"{MARRIAGE_3_1A}/existed"


def test_implicit_earlier_existence_is_open_ended_and_sourced_to_the_effect(tl: lt.Timeline) -> None:
    """§10a: an amended (not inserted) provision existed at some point before the effect's first date (2005-12-30,
    line 851): an insert dated [..2005-12-29], content unrecorded, citing the effect record (line 830 URI)."""
    c = tl.changes[f"{MARRIAGE_3_1A}/existed"]
    assert c.op is lt.Op.INSERT and c.effective == lt.PartialDate.parse("[..2005-12-29]")
    assert isinstance(c.value, lt.Unrecorded)
    assert c.sources == ("effect/key-2255d783af03d4b5fa6c964cae3c4737",)
    assert tl.sources[c.sources[0]].url == "http://www.legislation.gov.uk/id/effect/key-2255d783af03d4b5fa6c964cae3c4737"
    # an inserted provision gets no such insert: s. 26A is "inserted" (line 3313)
    assert f"{CHILDREN_26A}/existed" not in tl.changes


def test_acts_from_affected_affecting_and_commencing_uris(tl: lt.Timeline) -> None:
    """Line 830: AffectedURI …/id/ukpga/Geo6/12-13-14/76 titled "Marriage Act 1949" (line 832); the affecting Act
    ukpga/2002/38 (line 838); commencing instrument uksi/2005/2213 (line 851). 47 affected instruments (corpus
    README), the affecting Act among them (it amends itself, line 5878), and 11 commencing instruments."""
    assert tl.acts["ukpga/Geo6/12-13-14/76"].title == "Marriage Act 1949"
    assert tl.acts["ukpga/2002/38"].title == "Adoption and Children Act 2002"
    assert tl.acts["uksi/2005/2213"].number == "S.I. 2005/2213"
    affected = set(re.findall(r'AffectedURI="http://www.legislation.gov.uk/id/([^"]+)"', FEED.read_text("utf-8")))
    assert len(affected) == 47 and affected <= set(tl.acts)
    assert len(tl.acts) == 47 + 11


def test_provision_ids_paths_and_extent(tl: lt.Timeline) -> None:
    """Line 834: URI …/section/3/1A, label "s. 3(1A)". Line 5111: AffectedExtent="E+W" on Sexual Offences Act 1956
    s. 28(4)(a). Line 128: a SectionRange uses its start URI (…/section/250/2) and its label "s. 250(2)-(5)"."""
    p = tl.provisions[MARRIAGE_3_1A]
    assert (p.act, p.path, p.kind) == ("ukpga/Geo6/12-13-14/76", "s. 3(1A)", lt.ProvisionKind.TEXT)
    assert tl.provisions["ukpga/Eliz2/4-5/69/section/28/4/a"].extent == ("E", "W")
    assert tl.provisions["ukpga/1989/41/section/14A"].path == "s. 14A-14G"


def test_staged_commencement_for_specified_purposes_then_wholly(tl: lt.Timeline) -> None:
    """Lines 3313-3340: s. 26A "inserted"; 2004-01-30 "for specified purposes", Comments "for the purposes of
    making regulations" (S.I. 2003/3079 art. 2(3)); 2004-04-01 "in force in so far as not already in force"
    (art. 2(4)(b))."""
    c = tl.changes["key-d2356a829350dc20ed191a8b1ad19225"]
    assert c.op is lt.Op.INSERT
    assert [(str(s.date), s.purposes, s.full) for s in c.stages] == [
        ("2004-01-30", ("for the purposes of making regulations",), False), ("2004-04-01", (), True)]
    assert tl.sources[c.stages[0].sources[0]].title == "S.I. 2003/3079 art. 2(3)"
    assert tl.value_of(CHILDREN_26A, "2004-01-29").in_force is False
    assert tl.value_of(CHILDREN_26A, "2004-04-01").in_force is True


def test_partly_in_force_between_the_stages(tl: lt.Timeline) -> None:
    """Line 3331: from 2004-01-30 s. 26A is in force for the purposes of making regulations only."""
    a = tl.value_of(CHILDREN_26A, "2004-02-15")
    assert a.status == "partial" and a.limits == ("for the purposes of making regulations only",)


def test_territorial_stages_give_extents(tl: lt.Timeline) -> None:
    """Lines 286-315: "words inserted" in ukpga/1970/42 s. 7D(1), 2005-12-30 "for E." (S.I. 2005/2213 art. 3(l),
    line 305) and 2005-12-30 "for W." (W.S.I. 2005/3112 art. 2(g), line 310)."""
    c = tl.changes["key-27c6031603c3d186ea65f1f210757274"]
    assert c.op is lt.Op.AMEND
    assert [(str(s.date), s.extent) for s in c.stages] == [("2005-12-30", ("E",)), ("2005-12-30", ("W",))]


def test_territorial_stages_answer_by_territory(tl: lt.Timeline) -> None:
    """Lines 286-315: s. 7D(1) has no AffectedExtent, so its "for E." and "for W." stages (2005-12-30) never cover
    it: partial without where; with where="E" the change applies; with where="S" it does not (DESIGN §4a)."""
    pid = "ukpga/1970/42/section/7D/1"
    assert tl.value_of(pid, "2006-01-01").status == "partial"
    in_e = tl.value_of(pid, "2006-01-01", where="E")
    assert in_e.status == "definite" and in_e.change == "key-27c6031603c3d186ea65f1f210757274"
    in_s = tl.value_of(pid, "2006-01-01", where="S")
    assert in_s.status == "definite" and in_s.change == f"{pid}/existed"


def test_prospective_only_effect_is_pending(tl: lt.Timeline) -> None:
    """Lines 222-242: "words substituted" in ukpga/1990/37 s. 30(10) with only a Prospective record (line 240)."""
    c = tl.changes["key-40a07d70cac719a2ce11bdc004de5ded"]
    assert c.stages == () and c.effective is None and c.pending
    pending = tl.in_force("2022-04-01").pending
    assert "key-40a07d70cac719a2ce11bdc004de5ded" in {p.id for p in pending}


def test_requires_applied_false_is_lapsed_with_reason_and_date(tl: lt.Timeline) -> None:
    """Line 5111: RequiresApplied="false", Notes "… S. 28 already repealed (1.5.2004) by Sexual Offences Act 2003 …"
    and a dated record 2005-12-30 (line 5132) that must never apply. Line 9465: "… repealed (6.4.2011) …"."""
    c = tl.changes["key-2fe55bcb1dc55cf767c735272b3a46b8"]
    assert c.lapsed is not None and c.lapsed.date == lt.PartialDate.parse("2004-05-01")
    assert c.lapsed.reason.startswith("This amendment not applied to legislation.gov.uk. S. 28 already repealed")
    assert tl.changes["key-03a1c862a22142ae9f729fe8480407e4"].lapsed.date == lt.PartialDate.parse("2011-04-06")
    after = tl.value_of("ukpga/Eliz2/4-5/69/section/28/4/a", "2006-01-01")
    assert after.change != c.id
    # the lapse date is the earliest date the effect gives, so s. 28(4)(a) existed on or before 30 April 2004
    existed = tl.changes["ukpga/Eliz2/4-5/69/section/28/4/a/existed"]
    assert existed.effective == lt.PartialDate.parse("[..2004-04-30]")


def test_non_textual_effect_is_a_context_event(tl: lt.Timeline) -> None:
    """Lines 19-47: "restricted by 1978 c. 28 s.53C (as inserted)" on Children (Scotland) Act 1995 s. 55, wholly in
    force 2005-12-30 by S.S.I. 2005/643 art. 2(c) (lines 40-44)."""
    e = tl.events["key-95dc8d93469fa331840501843fd2ab44"]
    assert e.kind == "restricted" and str(e.date) == "2005-12-30"
    assert e.related == ("ukpga/1995/36/section/55", "ukpga/1995/36")
    assert "S.S.I. 2005/643 art. 2(c)" in [tl.sources[s].title for s in e.sources]
    assert "key-95dc8d93469fa331840501843fd2ab44" not in tl.changes


def test_savings_editorial_meta_and_as_at(tl: lt.Timeline) -> None:
    """Line 845: Savings "Sch. 4" + "para. 6-8" of the 2002 Act; line 830: Row="32", AppliedModified=
    "2018-12-29T17:27:35.177197Z", CommencementAuthority s. 148(1) (line 848); line 4: <updated>2022-04-01T12:15…"""
    c = tl.changes["key-2255d783af03d4b5fa6c964cae3c4737"]
    assert c.subject_to == ("Adoption and Children Act 2002 Sch. 4 para. 6-8",)
    assert c.meta is not None
    assert c.meta["Row"] == "32" and c.meta["AppliedModified"] == "2018-12-29T17:27:35.177197Z"
    assert c.meta["CommencementAuthority"] == "s. 148(1)" and c.meta["Type"] == "substituted"
    assert tl.as_at is not None and tl.as_at.isoformat() == "2022-04-01"


def test_ops_from_type(tl: lt.Timeline) -> None:
    """Line 58: "words substituted" → amend; line 3313: "inserted" → insert; line 3883: "repealed" → repeal."""
    assert tl.changes["key-57a1ae2f73d2d039e985168126e95813"].op is lt.Op.AMEND
    assert tl.changes["key-d2356a829350dc20ed191a8b1ad19225"].op is lt.Op.INSERT
    assert tl.changes["key-ffa02b8b217e480ba93376318121df1f"].op is lt.Op.REPEAL


def test_every_effect_is_a_change_an_event_or_a_warning(tl: lt.Timeline) -> None:
    """336 <ukm:Effect> elements (line 11: totalResults 336). Each is a change (the EffectId, or EffectId/n for the
    further provisions it names), a context event, or a warning naming its EffectId and line."""
    text = FEED.read_text(encoding="utf-8")
    ids = re.findall(r'<ukm:Effect EffectId="([^"]+)"', text)
    assert len(ids) == 336
    warned = {m.group(1) for w in tl.check() if (m := re.search(r'EffectId="([^"]+)"', w.message))}
    for eid in ids:
        assert (eid in tl.changes) + (eid in tl.events) + (eid in warned) == 1, eid
    for w in tl.check():
        if "EffectId" in w.message:
            assert w.file == str(FEED) and w.line is not None


def test_the_written_dataset_validates_and_round_trips(tl: lt.Timeline, tmp_path: Path) -> None:
    out = tmp_path / "uk.yaml"
    tl.save(out)
    assert lt.load(out) == tl


def test_a_time_of_day_is_kept_in_the_stage_note_not_made_a_purpose(tmp_path: Path) -> None:
    """The Marriage Act entry (lines 824-858) with its record qualified as legislation.gov.uk writes a time of day
    (Qualification="Other" OtherQualification="at 11 p.m.", as in its 2020 metadata): a full stage on that day."""
    text = FEED.read_text(encoding="utf-8")
    key = text.index('EffectId="key-2255d783')
    start, end = text.rindex("\t<entry>", 0, key), text.index("</entry>", key)
    entry = text[start:end + len("</entry>")].replace('Qualification="wholly in force"',
                                                      'Qualification="Other" OtherQualification="at 11 p.m."')
    feed = tmp_path / "feed.xml"
    feed.write_text(text[:text.index("\t<entry>")] + entry + "\n</feed>\n", encoding="utf-8")
    (stage,) = uk.load(feed).changes["key-2255d783af03d4b5fa6c964cae3c4737"].stages
    assert stage.full and stage.note == "takes effect at 11 p.m."
