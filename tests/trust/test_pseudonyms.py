"""Names kept out of what holds family codes only."""

import pytest

from workbench.core.errors import InvalidInput
from workbench.trust.pseudonyms import check_no_names, named, names_in

from ..conftest import make_family


def test_the_names_are_each_word_of_a_childs_or_carers_name():
    families = [make_family(child={"name": "Sam", "year_of_birth": 2019},
                            carers=[{"name": "Jo Smith", "role": "foster carer"},
                                    {"name": "Will (demo carer)", "role": "foster carer"}])]
    assert names_in(families) == {"sam", "jo", "smith", "will"}  # in their plain form


@pytest.mark.parametrize("text, found", [
    ("Sam looked up at Jo.", ["jo", "sam"]),
    ("SMITH family", ["smith"]),
    ("A sample of the samba.", []),  # inside other words
    ("we will wait", ["will"]),  # in any case: a name written small is a name (the price of not being got round)
    ("VIG-0001 only", []),
])
def test_a_name_is_found_as_a_whole_word_in_any_case(text, found):
    assert named(text, {"sam", "jo", "smith", "will"}) == found


def test_text_naming_someone_is_refused_with_the_names_it_found():
    family = make_family()  # Sam, carer Jo Smith
    with pytest.raises(InvalidInput, match=r"\(Jo, Sam\).*family codes only"):
        check_no_names(["Fine", "Sam and Jo laughed"], [family])
    check_no_names(["VIG-0001 laughed together"], [family])


def test_accents_curly_apostrophes_and_hyphenated_parts_are_found_and_taken_out():
    from workbench.trust.pseudonyms import redact

    names = names_in([make_family(child={"name": "Zoë-May", "year_of_birth": 2019},
                                  carers=[{"name": "José O'Neill", "role": "foster carer"}])])
    assert names == {"zoe", "may", "jose", "o'neill"}
    assert named("Zoe and Zoë met O’Neill; JOSE came.", names) == ["jose", "o'neill", "zoe"]
    assert named("In May we filmed.", names) == ["may"]  # a name is a name, even when it is a month
    assert redact("Zoë laughed with O’Neill.", names) == ("[name] laughed with [name].", 2)
    assert redact("nothing here", names) == ("nothing here", 0)
