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


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Meeting documents are stored under a MEDIA_ROOT of the test session."""
    root = tmp_path_factory.getbasetemp() / "media"
    root.mkdir(exist_ok=True)
    settings.MEDIA_ROOT = root
    return root
