"""Demo partner organisations: an environmental association and a consortium of social bodies, each with a
generated logo and a partner coordinator. The volunteering demo finds them by name."""

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont
from sqlmodel import Session

from participation.accounts.demo import DEMO_PASSWORD
from participation.accounts.models import Role, User
from participation.accounts.services import create_user, find_user_by_email
from participation.ideas.images import store_image
from participation.partners import services

NABU_NAME = "NABU Ortsgruppe Beispielstadt"
SOZIALVERBUND_NAME = "Sozialverbund Beispielstadt"
LOGO_MAX_BYTES = 1024 * 1024

PARTNERS = [
    {
        "draft": services.PartnerDraft(
            name=NABU_NAME,
            kind="Umweltverband",
            description=(
                "Die Ortsgruppe des Naturschutzbundes kümmert sich seit über 30 Jahren um Natur und Landschaft "
                "in Beispielstadt und seinen Ortsteilen.\n\n"
                "Gemeinsam mit der Stadt organisieren wir:\n\n"
                "- **Flussputzaktionen** an der Elbe und am Mühlenbach, zweimal im Jahr\n"
                "- die Pflege der **Streuobstwiesen** in Mühlenberg und Wiesenthal, vom Schnitt bis zur Apfelernte\n"
                "- Nistkasten-Bau und Vogelzählungen mit Schulklassen\n\n"
                "Mitmachen können alle – Vorkenntnisse braucht es nicht, Werkzeug und Handschuhe "
                "bringen wir mit."
            ),
            contact="Nils Naturschutz\nnabu@beispielstadt.example\nTelefon 03 87 92 / 12 34",
            website="https://nabu-beispielstadt.example",
        ),
        "logo": ("NABU", (0, 92, 169), (255, 255, 255)),
        "members": [("nabu@beispielstadt.example", "Nils Naturschutz")],
    },
    {
        "draft": services.PartnerDraft(
            name=SOZIALVERBUND_NAME,
            kind="Trägerverbund",
            description=(
                "Im Sozialverbund arbeiten die sozialen Träger von Beispielstadt zusammen: Wohlfahrtsverbände, "
                "Kirchengemeinden, die Nachbarschaftshilfe und der Seniorenbeirat.\n\n"
                "Unsere Projekte in den Ortsteilen:\n\n"
                "- der **Einkaufsservice für Senior*innen**: Ehrenamtliche kaufen für Menschen ein, "
                "die nicht mehr selbst in die Stadt kommen\n"
                "- die **Nachbarschaftshilfe**: kleine Hilfen im Alltag, von der Begleitung zum Arzt bis zum "
                "Vorlesen\n\n"
                "Wir vermitteln Ehrenamtliche, schulen sie und sind für Fragen da."
            ),
            contact="Sonja Sozialverbund\nsozialverbund@beispielstadt.example\nTelefon 03 87 92 / 56 78",
            website="https://sozialverbund-beispielstadt.example",
        ),
        "logo": ("SV", (176, 42, 48), (255, 255, 255)),
        "members": [("sozialverbund@beispielstadt.example", "Sonja Sozialverbund"),
                    ("partner@beispielstadt.example", "Paula Partner")],
    },
]


def demo_logo(text: str, background: tuple[int, int, int], foreground: tuple[int, int, int]) -> bytes:
    """A small square PNG: the organisation's initials on a coloured disc."""
    image = Image.new("RGB", (240, 240), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 232, 232), fill=background)
    font = ImageFont.load_default(size=64 if len(text) > 2 else 96)
    draw.text((120, 120), text, fill=foreground, font=font, anchor="mm")
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _member(session: Session, email: str, name: str) -> User:
    """A demo account of the portal, or a new partner coordinator with the demo password."""
    return find_user_by_email(session, email) or create_user(
        session, email=email, display_name=name, password=DEMO_PASSWORD, roles={Role.PARTNER_COORDINATOR},
        verified=True)


def seed_demo_partners(session: Session, upload_dir: Path) -> None:
    """Create the demo organisations as the demo administrator (so the audit log shows them); the demo users must
    exist."""
    admin = find_user_by_email(session, "admin@beispielstadt.example")
    for partner in PARTNERS:
        logo = store_image(demo_logo(*partner["logo"]), upload_dir, LOGO_MAX_BYTES)
        organisation = services.save_partner(session, admin, None, partner["draft"], logo=logo).partner
        for email, name in partner["members"]:
            services.add_member(session, admin, organisation, _member(session, email, name).email)
