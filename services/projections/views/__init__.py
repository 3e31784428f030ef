"""Every view the projection runner maintains and the API serves."""

from services.projections.view import View
from services.projections.views.audit import AuditView


def all_views() -> tuple[View, ...]:
    """One instance of each view, in a stable order."""
    return (AuditView(),)


__all__ = ["all_views"]
