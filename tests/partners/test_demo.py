"""The demo organisations: two partners with logos and coordinators, found by name by the volunteering demo."""

from sqlmodel import select

from participation.accounts.demo import seed_demo_users
from participation.accounts.models import Role
from participation.accounts.services import find_user_by_email
from participation.municipality.demo import seed_municipality
from participation.municipality.queries import list_districts
from participation.partners import queries
from participation.partners.demo import NABU_NAME, SOZIALVERBUND_NAME, seed_demo_partners
from participation.volunteering.models import PartnerOrganisation


def test_the_demo_brings_two_organisations_with_logos_and_coordinators(app, db, upload_dir, client):
    seed_municipality(db)
    seed_demo_users(db, [district.id for district in list_districts(db)])
    seed_demo_partners(db, upload_dir)
    db.commit()
    partners = {partner.name: partner for partner in db.exec(select(PartnerOrganisation))}
    assert set(partners) == {"NABU Ortsgruppe Beispielstadt", "Sozialverbund Beispielstadt"} == {
        NABU_NAME, SOZIALVERBUND_NAME}
    assert (partners[NABU_NAME].kind, partners[SOZIALVERBUND_NAME].kind) == ("Umweltverband", "Trägerverbund")
    for partner in partners.values():
        assert partner.website.startswith("https://") and partner.description and partner.contact
        assert (upload_dir / partner.logo_name).is_file() and partner.logo_content_type == "image/png"
        members = queries.members(db, partner.id)
        assert members and all(Role.PARTNER_COORDINATOR in member.roles for member in members)
        assert client.get(f"/partners/{partner.id}/logo").mimetype == "image/png"
    assert find_user_by_email(db, "nabu@beispielstadt.example").id in {
        member.id for member in queries.members(db, partners[NABU_NAME].id)}
    page = client.get("/partners/").get_data(as_text=True)
    assert NABU_NAME in page and SOZIALVERBUND_NAME in page
