"""Web addresses for places, organisations and services come from their names."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from survey_app.admin.slugs import SLUG_LENGTH, slugify
from survey_app.admin.structure import NameTaken, create_organisation, create_place
from survey_app.db import get_db
from survey_app.models import Organisation, User


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("North Yorkshire", "north-yorkshire"),
        ("St Mary's Hospital (Ysbyty Gŵyr)", "st-marys-hospital-ysbyty-gwyr"),
        ("  Brent   &  Harrow ", "brent-harrow"),
        ("Sylhet সিলেট", "sylhet"),
        ("ਪੰਜਾਬ", ""),
    ],
)
def test_a_slug_keeps_letters_and_digits_of_the_name(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_clashing_and_unusable_names_still_get_unique_slugs(storage_app: Flask) -> None:
    with get_db(storage_app).session() as session:
        admin = User(email="admin@test.example", name="Admin", is_platform_admin=True)
        session.add(admin)
        place = create_place(session, "Testshire", admin)
        names = ["Hill Surgery", "Hill Surgery!", "Hill  Surgery?", "ਪੰਜਾਬ", "ਸਿਹਤ", "y" * 100]
        for name in names:
            create_organisation(session, place.id, name, "gp_practice", admin)
        with pytest.raises(NameTaken):
            create_organisation(session, place.id, "hill surgery", "council", admin)
    with get_db(storage_app).session() as session:
        slugs = list(session.scalars(select(Organisation.slug).order_by(Organisation.id)))
    assert slugs[:5] == [
        "hill-surgery",
        "hill-surgery-2",
        "hill-surgery-3",
        "organisation",
        "organisation-2",
    ]
    assert len(slugs[5]) <= SLUG_LENGTH and slugs[5].startswith("yyyy")
