"""Windows into a long alert list, and the palette's title search."""

from __future__ import annotations

from mstui.store import AlertFilter, Store


def test_offset_and_limit_window_the_list_and_counts_match(demo_store: Store) -> None:
    demo_store.scan()
    every = demo_store.list_alerts()
    assert len(every) > 5
    assert demo_store.count_alerts() == len(every)
    assert demo_store.alert_ids() == [a.id for a in every]
    page = demo_store.list_alerts(AlertFilter(offset=2, limit=3))
    assert [a.id for a in page] == [a.id for a in every[2:5]]
    missed = AlertFilter(kinds=("missed",))
    assert demo_store.count_alerts(missed) == len(demo_store.list_alerts(missed))


def test_titles_matching_finds_the_letters_in_order(demo_store: Store) -> None:
    every = demo_store.titles()
    hits = demo_store.titles_matching("ftr frz")
    assert hits and all(h in every for h in hits)
    assert any(title == "Feature Freeze" for _mid, _key, title in hits)
    mid, key, title = next(t for t in every if t[2] == "Feature Freeze")
    assert (mid, key, title) in demo_store.titles_matching(f"#{mid} {key}")
    assert demo_store.titles_matching("zzzzqqq") == []
    assert demo_store.titles_matching("   ") == []
    assert len(demo_store.titles_matching("e", limit=3)) == 3
