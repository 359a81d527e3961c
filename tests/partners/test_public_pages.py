"""The public list of partner organisations and their pages: what they show, the logo, sanitised descriptions,
projects grouped by status."""

import pytest
from sqlmodel import select

from participation.volunteering.models import PartnerOrganisation, Project, ProjectStatus
from tests.ideas.test_browse import count_queries


def add_project(db, partner, title, status):
    project = Project(title=title, status=status.value, partner_id=partner.id)
    db.add(project)
    db.commit()
    return project


def test_the_list_shows_each_organisation(client, db, make_partner):
    nabu = make_partner(kind="Umweltverband", logo=True,
                        description="Wir pflegen **Streuobstwiesen** und räumen den Fluss auf.")
    make_partner("Sozialverbund Beispielstadt", kind="Trägerverbund")
    add_project(db, nabu, "Flussputz im Frühjahr", ProjectStatus.ACTIVE)
    add_project(db, nabu, "Apfelernte", ProjectStatus.ACTIVE)
    add_project(db, nabu, "Nistkästen", ProjectStatus.PLANNING)
    response = client.get("/partners/?lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.index("NABU Ortsgruppe") < page.index("Sozialverbund Beispielstadt")  # by name
    for expected in (f'href="/partners/{nabu.id}"', "Umweltverband", "Trägerverbund",
                     "Wir pflegen Streuobstwiesen und räumen den Fluss auf.", "2 active projects",
                     "0 active projects", f'src="/partners/{nabu.id}/logo"', 'alt="Logo of NABU Ortsgruppe'):
        assert expected in page, expected
    assert "<strong>" not in page  # the short description is plain text


def test_the_list_says_when_there_are_none(client):
    assert "There are no partner organisations yet." in client.get("/partners/?lang=en").get_data(as_text=True)


def test_the_list_needs_the_same_number_of_queries_for_any_number_of_organisations(app, client, db, make_partner):
    counts = []
    for number in range(1, 7):
        partner = make_partner(f"Verein {number}")
        add_project(db, partner, f"Projekt {number}", ProjectStatus.ACTIVE)
        if number in (1, 6):
            with count_queries(app) as statements:
                assert client.get("/partners/").status_code == 200
            counts.append(len(statements))
    assert counts[0] == counts[1]


def test_the_page_shows_the_organisation(client, make_partner):
    partner = make_partner(kind="Umweltverband", logo=True, description="## Wer wir sind\n\nDie *Ortsgruppe*.",
                           contact="Nils Naturschutz\nTelefon 12 34", website="https://nabu-beispielstadt.example")
    response = client.get(f"/partners/{partner.id}?lang=en")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for expected in ("<h1 id=\"partner-title\">NABU Ortsgruppe Beispielstadt</h1>", "Umweltverband",
                     "<h2>Wer wir sind</h2>", "<em>Ortsgruppe</em>", "Nils Naturschutz<br>Telefon 12 34",
                     f'src="/partners/{partner.id}/logo"', "This organisation has no projects on the portal yet."):
        assert expected in page, expected
    link = next(line for line in page.splitlines() if 'href="https://nabu-beispielstadt.example"' in line)
    assert 'rel="noopener' in link


def test_the_description_is_sanitised(client, make_partner):
    partner = make_partner(description='<script>alert("x")</script>\n\n[Klick](javascript:alert(1)) '
                                       '<img src=x onerror="alert(1)">')
    page = client.get(f"/partners/{partner.id}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "href=\"javascript" not in page
    assert "<img src=x" not in page and 'onerror="alert' not in page
    assert "&lt;script&gt;" in page  # shown as text, inert


def test_the_page_groups_the_projects(app, client, db, make_partner):
    if "volunteering.project" not in app.view_functions:
        pytest.skip("the volunteering area has no project page yet")
    partner = make_partner()
    other = make_partner("Sozialverbund Beispielstadt")
    active = add_project(db, partner, "Flussputz", ProjectStatus.ACTIVE)
    planned = add_project(db, partner, "Nistkästen", ProjectStatus.PLANNING)
    finished = add_project(db, partner, "Apfelernte 2025", ProjectStatus.FINISHED)
    add_project(db, other, "Einkaufsservice", ProjectStatus.ACTIVE)
    page = client.get(f"/partners/{partner.id}?lang=en").get_data(as_text=True)
    assert page.index("Active projects") < page.index("Flussputz") < page.index("Projects in planning") \
        < page.index("Nistkästen") < page.index("Finished projects") < page.index("Apfelernte 2025")
    for project in (active, planned, finished):
        assert f'href="/volunteer/projects/{project.id}"' in page
    assert "Einkaufsservice" not in page


def test_the_logo_is_served_as_stored(client, make_partner):
    partner = make_partner(logo=True)
    response = client.get(f"/partners/{partner.id}/logo")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("inline")
    assert response.data.startswith(b"\x89PNG")


def test_missing_things_answer_404(client, db, make_partner):
    partner = make_partner()
    assert client.get(f"/partners/{partner.id}/logo").status_code == 404  # it has none
    missing = (db.exec(select(PartnerOrganisation.id).order_by(PartnerOrganisation.id.desc())).first() or 0) + 1
    assert client.get(f"/partners/{missing}").status_code == 404
    assert client.get(f"/partners/{missing}/logo").status_code == 404


def test_the_main_navigation_leads_to_the_list(client, make_partner):
    partner = make_partner()
    link = '<a href="/partners/" aria-current="page">'
    assert link in client.get("/partners/").get_data(as_text=True)
    assert link in client.get(f"/partners/{partner.id}").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/partners/"' in home and link not in home
