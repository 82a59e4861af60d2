import pytest

from tests.factories import OrganisationFactory, WorkstreamFactory


@pytest.fixture
def own_workstream(trekker):
    """A workstream led by the trekker's organisation (Tholen)."""
    return WorkstreamFactory(lead_organisation=trekker.organisation, slug="eigen")


@pytest.fixture
def other_workstream(db):
    return WorkstreamFactory(
        lead_organisation=OrganisationFactory(short_name="Moerdijk"), slug="andere"
    )
