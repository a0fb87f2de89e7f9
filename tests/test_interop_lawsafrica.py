"""Laws.Africa works JSON (``lawtimeline.interop.lawsafrica``), DESIGN §10a, on the real collection of 31 by-laws
(``shared/corpus/za-lawsafrica/za-wc013-works-asat-2020-03-10.json``, "2020" below) and a made-up later snapshot
(``tests/data/lawsafrica/za-wc013-works-asat-2021-06-30.json``, "2021": three of the same works, as at 2021-06-30,
two of them repealed; see its README). Line numbers are those of the file named.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lawtimeline as lt
from lawtimeline.interop import lawsafrica

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus"
SNAP_2020 = CORPUS / "za-lawsafrica" / "za-wc013-works-asat-2020-03-10.json"
SNAP_2021 = Path(__file__).parent / "data" / "lawsafrica" / "za-wc013-works-asat-2021-06-30.json"
pytestmark = pytest.mark.skipif(not SNAP_2020.exists(), reason="the shared corpus is not beside the clone")

BEES = "za-wc013/act/by-law/1998/keeping-of-bees-piketberg"  # 2020 line 244
TROLLEYS = "za-wc013/act/by-law/1998/shop-trolleys-piketberg"  # 2020 line 354
SIGNAGE = "za-wc013/act/by-law/2009/advertising-and-signage"  # 2020 line 690
SIGNAGE_AMENDMENT = "za-wc013/act/by-law/2013/advertising-and-signage-amendment"  # 2020 line 2573


@pytest.fixture(scope="module")
def one() -> lt.Timeline:
    return lawsafrica.load(SNAP_2020)


@pytest.fixture(scope="module")
def both() -> lt.Timeline:
    return lawsafrica.load(SNAP_2021, SNAP_2020)  # any order: snapshots are read oldest first


def test_each_work_is_an_act_with_its_frbr_uri_as_id(one: lt.Timeline) -> None:
    """31 works (the list in 2020); 2020 line 326 title, line 327 type_name "By-law"."""
    works = json.loads(SNAP_2020.read_text(encoding="utf-8"))
    assert len(works) == 31
    assert {w["frbr_uri"].lstrip("/") for w in works} <= set(one.acts)
    bees = one.acts[BEES]
    assert bees.title == "Keeping of Bees (Municipal Council of Piketberg)" and bees.kind == "by-law"


def test_publication_and_commencement_events(one: lt.Timeline) -> None:
    """2020 line 313 publication_date 1998-09-25 in the Western Cape Provincial Gazette no. 5288 (lines 320-321);
    line 227 commencement_date 1998-09-25."""
    bees = one.acts[BEES]
    assert str(bees.date_of("published")) == "1998-09-25"
    assert str(bees.date_of("in_force")) == "1998-09-25"
    pub = bees.event("published")
    assert pub is not None and one.sources[pub.sources[0]].title == "Western Cape Provincial Gazette no. 5288"


def test_one_provision_per_work_inserted_at_commencement_with_content_unrecorded(one: lt.Timeline) -> None:
    """The whole work is one text provision, in force from its commencement (2020 line 227), wording not given."""
    pid = lawsafrica.provision_id(BEES)
    assert one.provisions[pid].act == BEES and one.provisions[pid].kind is lt.ProvisionKind.TEXT
    assert one.value_of(pid, "1998-09-24").in_force is False
    on = one.value_of(pid, "1998-09-25")
    assert on.in_force is True and isinstance(on.value, lt.Unrecorded)


def test_amendment_naming_no_provision_is_a_context_event_related_to_both_works(one: lt.Timeline) -> None:
    """2020 lines 663-669: the Advertising and Signage by-law amended on 2013-12-06 by "Advertising and Signage:
    Amendment" (a stub, line 2594); no provision is named, so no change."""
    (event,) = [e for e in one.events.values() if e.kind == "amended"]
    assert str(event.date) == "2013-12-06"
    assert set(event.related) == {SIGNAGE, SIGNAGE_AMENDMENT}
    assert [c.id for c in one.changes.values() if c.provision == lawsafrica.provision_id(SIGNAGE)] == [
        f"{SIGNAGE}@commenced"]


def test_as_at_of_the_snapshot(one: lt.Timeline) -> None:
    """Every work says as_at_date 2020-03-10 (e.g. 2020 line 224)."""
    assert one.as_at is not None and one.as_at.isoformat() == "2020-03-10"


def test_editorial_fields_are_kept_in_meta(one: lt.Timeline) -> None:
    """2020 line 323 "stub": false, and the points in time (line 299) are kept, uninterpreted."""
    meta = one.acts[BEES].meta
    assert meta is not None and meta["stub"] is False
    assert [p["date"] for p in meta["points_in_time"]] == ["1998-09-25"]


def test_a_repeal_first_seen_in_a_later_snapshot_is_known_only_from_after_the_earlier_one(both: lt.Timeline) -> None:
    """2021 lines 102-106: keeping of bees repealed 2021-02-01. The 2020 snapshot (as at 2020-03-10) did not know
    it, so ``known`` is [2020-03-11..2021-06-30]."""
    c = both.changes[f"{BEES}@repealed"]
    assert c.op is lt.Op.REPEAL and str(c.effective) == "2021-02-01"
    assert c.known == lt.PartialDate.parse("[2020-03-11..2021-06-30]")
    pid = lawsafrica.provision_id(BEES)
    assert both.value_of(pid, "2021-03-01").in_force is False
    assert both.value_of(pid, "2021-03-01", as_of="2020-03-10").in_force is True  # what the 2020 snapshot knew
    assert both.value_of(pid, "2021-03-01", as_of="2021-06-30").in_force is False


def test_second_repeal_and_the_repealing_work(both: lt.Timeline) -> None:
    """2021 lines 216-219: shop trolleys repealed 2021-05-14 by "Public Nuisances", a work not in the data."""
    c = both.changes[f"{TROLLEYS}@repealed"]
    assert str(c.effective) == "2021-05-14" and c.act == "za-wc013/act/by-law/2021/public-nuisances"
    assert both.acts[c.act].title == "Public Nuisances"
    assert both.value_of(lawsafrica.provision_id(TROLLEYS), "2021-05-13").in_force is True
    assert both.value_of(lawsafrica.provision_id(TROLLEYS), "2021-05-14").in_force is False


def test_facts_of_the_first_snapshot_keep_their_own_known(both: lt.Timeline) -> None:
    """Works already in 2020 are not re-dated by 2021: bees' insert is known from its publication (1998-09-25)."""
    c = both.changes[f"{BEES}@commenced"]
    assert c.known == lt.PartialDate.parse("1998-09-25")
    assert both.as_at is not None and both.as_at.isoformat() == "2021-06-30"
    assert f"{SIGNAGE}@repealed" not in both.changes  # 2021 keeps signage unrepealed


def test_loads_without_warnings_of_its_own_and_round_trips(one: lt.Timeline, tmp_path: Path) -> None:
    assert one._import_warnings == ()
    out = tmp_path / "za.yaml"
    one.save(out)
    assert lt.load(out) == one


def test_partial_commencement_is_a_located_warning(tmp_path: Path) -> None:
    """A commencement of only some provisions cannot be mapped (the works JSON has no provisions): a warning."""
    works = json.loads(SNAP_2020.read_text(encoding="utf-8"))[:1]
    works[0]["commencements"][0].update(all_provisions=False, provisions=["sec_2"])
    path = tmp_path / "works.json"
    path.write_text(json.dumps(works, indent=2), encoding="utf-8")
    tl = lawsafrica.load(path)
    (w,) = [w for w in tl.check() if "commences only some provisions" in w.message]
    # written with indent=2 and sorted keys as in the corpus: "[", "{", amendments, as_at_date, assent_date, commenced,
    # commencement_date, "commencements": [ on line 8, and the commencement object opens on line 9
    assert w.file == str(path) and w.line == 9


def test_commencing_work_is_named_and_a_commencement_on_another_day_is_a_warning(tmp_path: Path) -> None:
    """A work commenced by a notice (``commencing_frbr_uri``), and one whose second commencement falls on another
    day than its ``commencement_date`` (2020 line 7: 1994-11-11)."""
    works = json.loads(SNAP_2020.read_text(encoding="utf-8"))[:2]
    works[0]["commencements"][0].update(commencing_frbr_uri="/za-wc013/act/notice/1994/5",
                                        commencing_title="Commencement notice 5 of 1994")
    works[1]["commencements"].append({"all_provisions": True, "date": "1999-01-01", "provisions": []})
    path = tmp_path / "works.json"
    path.write_text(json.dumps(works, indent=2), encoding="utf-8")
    tl = lawsafrica.load(path)
    first = works[0]["frbr_uri"].lstrip("/")
    assert tl.acts["za-wc013/act/notice/1994/5"].title == "Commencement notice 5 of 1994"
    assert tl.changes[f"{first}@commenced"].note == ("commenced by Commencement notice 5 of 1994 "
                                                      "(za-wc013/act/notice/1994/5)")
    (w,) = [w for w in tl.check() if "commences the whole work on 1999-01-01" in w.message]
    assert w.file == str(path)
