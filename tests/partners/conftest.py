"""Helpers for the partner tests: organisations, logos, and the audit entries they leave."""

import io

import pytest
from PIL import Image
from sqlmodel import select

from participation.audit.models import AuditEntry
from participation.ideas.images import store_image
from participation.volunteering.models import PartnerOrganisation


def png_bytes(size=(60, 40), colour=(0, 92, 169)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, format="PNG")
    return output.getvalue()


def partner_actions(db) -> list[str]:
    statement = (select(AuditEntry.action).where(AuditEntry.object_type == "partner_organisation")
                 .order_by(AuditEntry.id))
    return list(db.exec(statement))


@pytest.fixture
def make_partner(db, upload_dir):
    """Add an organisation (with a stored PNG logo if `logo=True`) and commit it."""

    def make(name="NABU Ortsgruppe Beispielstadt", *, logo=False, **values):
        partner = PartnerOrganisation(name=name, **values)
        if logo:
            stored = store_image(png_bytes(), upload_dir, 1024 * 1024)
            partner.logo_name, partner.logo_content_type = stored.name, stored.content_type
        db.add(partner)
        db.commit()
        return partner

    return make
