from cms.places.models.places import Community, CommunityKind, Estate, GridCell

__all__ = ["Community", "CommunityKind", "Estate", "GridCell"]
