"""``prem translations``: bring the catalogues up to date, and say how complete each one is."""

from __future__ import annotations

import click

from survey_app.catalogues import (
    POT,
    catalogue_paths,
    compile_all,
    read_catalogue,
    status,
    update,
)
from survey_app.languages import BY_CODE, DEFAULT


@click.group("translations")
def translations_group() -> None:
    """The gettext catalogues of the interface and the questionnaires."""


@translations_group.command("update")
def update_command() -> None:
    """Extract every string into messages.pot, update each catalogue, compile them."""
    update()
    click.echo(
        f"wrote {POT.relative_to(POT.parent.parent)}; updated and compiled "
        f"{len(catalogue_paths())} catalogues"
    )


@translations_group.command("compile")
def compile_command() -> None:
    """Compile each catalogue (.po) to the file the app reads (.mo)."""
    compile_all()


@translations_group.command("status")
@click.option(
    "--require",
    type=click.IntRange(0, 100),
    help="Exit with an error if an offered language is less than this % translated.",
)
def status_command(require: int | None) -> None:
    """Translated, fuzzy and missing messages per language: interface, then each measure."""
    template = read_catalogue(POT)
    short: list[str] = []
    click.echo(f"{'language':<12} {'offered':<8} {'part':<16} translated  fuzzy  missing      %")
    for code, path in catalogue_paths().items():
        known = BY_CODE.get(code)
        offered = bool(known and known.offered)
        for part, counts in status(read_catalogue(path), template).items():
            click.echo(
                f"{code:<12} {'yes' if offered else 'no':<8} {part:<16} "
                f"{counts.translated:>10} {counts.fuzzy:>6} {counts.missing:>8} "
                f"{counts.percent:>6.1f}"
            )
            if require is not None and offered and counts.percent < require:
                short.append(f"{code} {part}: {counts.percent:.1f}%")
    if require is None:
        return
    have = catalogue_paths()
    short += [
        f"{code}: no catalogue"
        for code, known in BY_CODE.items()
        if known.offered and code != DEFAULT and code not in have
    ]
    if short:
        raise click.ClickException(
            f"offered languages below {require}% translated: " + "; ".join(short)
        )
