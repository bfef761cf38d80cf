"""The sections reach counts apart are contributions; the longest contributed prefix wins."""

import pytest

from perspectives.core import registry
from perspectives.core.registry import Contributions, ReachSection, contribute
from perspectives.reach.counting import section_for_path
from perspectives.reach.models import Section


@pytest.fixture
def restored_sections():
    saved = dict(registry.reach_sections._items)
    yield
    registry.reach_sections._items = saved


def test_reach_sections_are_contributed_and_the_longest_prefix_wins(restored_sections):
    assert section_for_path("/vacatures/ict/1") == "vacancy_portal"
    assert section_for_path("/academy/") == "academy"
    assert section_for_path("/over-ons/") == "other"
    assert {entry.section for _p, entry in registry.reach_sections.items()} <= set(Section.values)
    contribute(Contributions(reach_sections=[ReachSection("/vacatures/stage/", "academy")]))
    assert section_for_path("/vacatures/stage/7") == "academy"
    assert section_for_path("/vacatures/ict/1") == "vacancy_portal"
