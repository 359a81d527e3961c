"""The services check who acts, whatever route calls them: only administrators maintain partner organisations."""

import pytest

from participation.accounts.models import Role
from participation.partners import services
from participation.refusals import NotAllowed, Refused


@pytest.mark.parametrize("roles", [(), (Role.STAFF,), (Role.MODERATOR,), (Role.PARTNER_COORDINATOR,),
                                   (Role.BOARD_MEMBER,)])
def test_only_admins_may(db, make_user, make_partner, roles):
    actor = make_user(*roles)
    partner = make_partner()
    member = make_user()
    for attempt in (lambda: services.save_partner(db, actor, None, services.PartnerDraft(name="Neu")),
                    lambda: services.save_partner(db, actor, partner, services.PartnerDraft(name="Umbenannt")),
                    lambda: services.delete_partner(db, actor, partner),
                    lambda: services.add_member(db, actor, partner, member.email),
                    lambda: services.remove_member(db, actor, partner, member)):
        with pytest.raises(NotAllowed):
            attempt()


def test_a_blocked_admin_may_not(db, make_user, make_partner):
    admin = make_user(Role.ADMIN)
    admin.is_blocked = True
    with pytest.raises(NotAllowed):
        services.save_partner(db, admin, None, services.PartnerDraft(name="Neu"))


def test_the_service_checks_the_website_too(db, make_user):
    admin = make_user(Role.ADMIN)
    with pytest.raises(Refused) as refusal:
        services.save_partner(db, admin, None, services.PartnerDraft(name="Neu", website="javascript:alert(1)"))
    assert refusal.value.field == "website"


@pytest.mark.parametrize(("value", "accepted"), [
    ("https://www.example.org", True), ("http://example.org/verein?x=1", True), ("HTTPS://EXAMPLE.ORG", True),
    ("javascript:alert(1)", False), ("//example.org", False), ("example.org", False), ("mailto:a@example.org", False),
    ("https://", False), ("https://a b.org", False), ("http://[::1", False), ("", False)])
def test_web_addresses(value, accepted):
    assert services.is_web_address(value) is accepted
