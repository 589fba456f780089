"""``prem measures``: check every definition, and export one as a FHIR Questionnaire."""

from __future__ import annotations

from pathlib import Path

import click

from measures import DEFINITIONS_DIR, MeasureDefinitionError, load_registry
from measures.fhir import questionnaire_json
from measures.frameworks import check_indicator_links, load_frameworks


@click.group("measures")
def measures_group() -> None:
    """Measure definitions: validate them, export them."""


@measures_group.command("validate")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=DEFINITIONS_DIR,
    show_default=True,
    help="Folder of definitions.",
)
def validate(directory: Path) -> None:
    """Check every measure definition and its links to outcome-framework indicators."""
    try:
        registry = load_registry(directory)
    except MeasureDefinitionError as error:
        raise click.ClickException(str(error)) from None
    problems = check_indicator_links(registry, load_frameworks())
    if problems:
        raise click.ClickException("\n".join(str(problem) for problem in problems))
    for measure in registry:
        click.echo(
            f"ok  {measure.id} v{measure.version}: {measure.title} ({len(measure.items)} questions)"
        )


@measures_group.command("export-fhir")
@click.argument("measure_id")
@click.option("--version", type=int, help="Measure version (default: the newest).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write to this file instead of standard output.",
)
def export_fhir(measure_id: str, version: int | None, out: Path | None) -> None:
    """Write MEASURE_ID as a FHIR R4 Questionnaire (JSON)."""
    registry = load_registry()
    try:
        measure = registry.get(measure_id, version) if version else registry.latest(measure_id)
    except KeyError:
        known = ", ".join(sorted({m.id for m in registry}))
        raise click.BadParameter(
            f"no measure {measure_id!r}"
            f"{f' version {version}' if version else ''} (measures: {known}).",
            param_hint="MEASURE_ID",
        ) from None
    text = questionnaire_json(measure)
    if out is None:
        click.echo(text)
    else:
        out.write_text(text)
        click.echo(f"Questionnaire: {out}")
