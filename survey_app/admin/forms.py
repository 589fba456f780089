"""The administrators' forms: places, organisations, services, users and their roles.

Choices of place and organisation are filled in by the view from the database. Whether a
chosen place or organisation still exists is the domain's check, not the form's, so the
message is the same plain one either way.
"""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import BooleanField, EmailField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Regexp, ValidationError

from survey_app.admin.labels import ORGANISATION_KIND_LABELS, ROLE_LABELS, SERVICE_TYPE_LABELS
from survey_app.forms import AppForm
from survey_app.models import Organisation, Place
from survey_app.row_ids import row_id
from survey_app.safe_translations import lazy_gettext as _l


def _name(missing: object) -> StringField:
    return StringField(
        _l("Name"),
        validators=[
            InputRequired(missing),
            Length(max=200, message=_l("Enter a name of 200 characters or fewer")),
        ],
    )


def _choices(prompt: object, options: Iterable[tuple[object, object]]) -> list[SelectChoice]:
    """A blank first choice saying what to choose, then ``options`` as (value, label)."""
    return [
        SelectChoice("", prompt),  # type: ignore[arg-type]
        *(SelectChoice(str(value), label) for value, label in options),  # type: ignore[arg-type]
    ]


def _vocabulary_select(
    label: object, labels: dict[str, object], prompt: object, message: object
) -> SelectField:
    """A choice of one code; a blank or unknown one gets ``message`` (the domain checks codes)."""
    return SelectField(
        label,
        choices=_choices(prompt, labels.items()),
        validators=[InputRequired(message)],
        validate_choice=False,
    )


class PlaceForm(AppForm):
    """A new place."""

    name = _name(_l("Enter a name for the place"))


class OrganisationForm(AppForm):
    """A new organisation in a place."""

    place = SelectField(_l("Place"), coerce=row_id, validate_choice=False)
    name = _name(_l("Enter a name for the organisation"))
    kind = _vocabulary_select(
        _l("Kind of organisation"),
        ORGANISATION_KIND_LABELS,
        _l("Choose a kind"),
        _l("Choose what kind of organisation this is"),
    )

    def offer(self, places: list[Place]) -> OrganisationForm:
        """Offer ``places`` to choose from."""
        self.place.choices = _choices(_l("Choose a place"), ((p.id, p.name) for p in places))
        return self


def organisation_choices(organisations: list[Organisation]) -> list[SelectChoice]:
    """``Testshire: Hill Surgery`` for each organisation, after a blank first choice."""
    return _choices(
        _l("Choose an organisation"), ((o.id, f"{o.place.name}: {o.name}") for o in organisations)
    )


def _organisation_field() -> SelectField:
    return SelectField(_l("Organisation"), coerce=row_id, validate_choice=False)


def _role_field() -> SelectField:
    return SelectField(
        _l("Role"),
        choices=_choices(_l("Choose a role"), ROLE_LABELS.items()),
        validate_choice=False,
    )


class _OffersOrganisations(AppForm):
    organisation: SelectField

    def offer(self, organisations: list[Organisation]) -> _OffersOrganisations:
        """Offer ``organisations`` to choose from."""
        self.organisation.choices = organisation_choices(organisations)
        return self


class MembershipForm(_OffersOrganisations):
    """A role for a user in one organisation."""

    organisation = _organisation_field()
    role = _role_field()

    def validate_organisation(self, field: SelectField) -> None:
        """An organisation must be chosen."""
        if field.data is None:
            raise ValidationError(_l("Choose an organisation from the list"))

    def validate_role(self, field: SelectField) -> None:
        """A role must be chosen."""
        if not field.data:
            raise ValidationError(_l("Choose a role"))


class ServiceForm(_OffersOrganisations):
    """A new service run by an organisation."""

    organisation = _organisation_field()
    name = _name(_l("Enter a name for the service"))
    service_type = _vocabulary_select(
        _l("Type of service"),
        SERVICE_TYPE_LABELS,
        _l("Choose a type"),
        _l("Choose what type of service this is"),
    )


class UserForm(_OffersOrganisations):
    """A new user: who they are, and a role in an organisation or platform rights."""

    name = StringField(
        _l("Full name"),
        validators=[
            InputRequired(_l("Enter the person's full name")),
            Length(max=200, message=_l("Enter a name of 200 characters or fewer")),
        ],
    )
    email = EmailField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Enter the person's email address")),
            Length(max=254, message=_l("Enter an email address of 254 characters or fewer")),
            Regexp(
                r"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$",
                message=_l(
                    "Enter an email address in the correct format, like name@example.nhs.uk"
                ),
            ),
        ],
    )
    organisation = _organisation_field()
    role = _role_field()
    platform_admin = BooleanField(
        _l("Platform administrator: creates places, organisations, services and users")
    )

    def validate_organisation(self, field: SelectField) -> None:
        """Some role is needed: in an organisation, or as a platform administrator."""
        if field.data is None and not self.role.data and not self.platform_admin.data:
            raise ValidationError(
                _l("Choose an organisation and role, or make this person a platform administrator")
            )
        if field.data is None and self.role.data:
            raise ValidationError(_l("Choose an organisation from the list"))

    def validate_role(self, field: SelectField) -> None:
        """A chosen organisation needs a role."""
        if self.organisation.data is not None and not field.data:
            raise ValidationError(_l("Choose a role"))
