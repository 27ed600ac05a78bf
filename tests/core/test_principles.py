import json

from workbench.core.principles import CATALOGUE_PATH, catalogue_labels, principle_of, principles


def test_the_six_principles_in_order_each_with_sub_behaviours():
    assert [p.label for p in principles()] == [
        "Being attentive", "Encouraging initiatives", "Receiving initiatives",
        "Developing attuned interactions", "Guiding", "Deepening discussion",
    ]
    assert [p.number for p in principles()] == [1, 2, 3, 4, 5, 6]
    assert all(len(p.sub_behaviours) >= 4 for p in principles())


def test_tag_ids_are_unique_and_namespaced_by_their_principle():
    ids = [s.id for p in principles() for s in p.sub_behaviours] + [p.id for p in principles()]
    assert len(ids) == len(set(ids))
    for p in principles():
        assert all(s.id.startswith(p.id + ".") for s in p.sub_behaviours)
    assert principle_of("receiving.repeating_words") == "receiving"
    assert principle_of("guiding") == "guiding"
    assert principle_of("custom.giggles") is None


def test_catalogue_file_is_the_source_of_labels():
    doc = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    assert catalogue_labels()["attentive"] == doc["principles"][0]["label"]
