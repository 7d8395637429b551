"""The demo places: Guicheng's communities by name, 40 synthetic estates, loaded once."""

import pytest

from cms.demo import places as demo
from cms.places.models import Community, Estate, GridCell

pytestmark = pytest.mark.django_db


def test_the_demo_loads_communities_estates_and_grid_cells_once():
    assert demo.load() is True
    assert Community.objects.count() == len(demo.COMMUNITIES)
    assert Estate.objects.count() == 40
    assert GridCell.objects.count() == 2 * len(demo.COMMUNITIES)
    assert demo.load() is False
    assert Estate.objects.count() == 40
