"""The shipped Friends and Family Test definition.

The expected wording is copied from NHS England, "Using the Friends and Family Test to improve
patient experience" (2019), an independent source; it must not be derived from fft.yaml.
"""

import pytest

from measures import DEFINITIONS_DIR, Measure, load_measure

NHS_QUESTION = "Overall, how was your experience of our service?"
NHS_ANSWERS = ("Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don't know")


@pytest.fixture(scope="module")
def fft() -> Measure:
    return load_measure(DEFINITIONS_DIR / "fft.yaml")


def test_identity(fft: Measure) -> None:
    assert fft.key == ("fft", 1)


def test_question_wording_is_nhs_england_word_for_word(fft: Measure) -> None:
    item = fft.item("fft")
    assert item.text == NHS_QUESTION
    assert item.type == "single_choice"
    assert item.required is True


def test_answers_have_nhs_labels_in_nhs_order(fft: Measure) -> None:
    scale = fft.scale_for(fft.item("fft"))
    assert scale is not None
    assert tuple(option.label for option in scale.options) == NHS_ANSWERS


@pytest.mark.parametrize(
    ("code", "label", "score"),
    [
        ("very_good", "Very good", 100),
        ("good", "Good", 75),
        ("neither", "Neither good nor poor", 50),
        ("poor", "Poor", 25),
        ("very_poor", "Very poor", 0),
        ("dont_know", "Don't know", None),
    ],
)
def test_codes_and_scores(fft: Measure, code: str, label: str, score: float | None) -> None:
    scale = fft.scale_for(fft.item("fft"))
    assert scale is not None
    option = scale.option(code)
    assert (option.label, option.score) == (label, score)


def test_follow_up_is_optional_free_text(fft: Measure) -> None:
    why = fft.item("fft_why")
    assert why.type == "free_text"
    assert why.required is False
    assert why.max_length == 1000
    assert why.hint
    assert [item.id for item in fft.items] == ["fft", "fft_why"]


def test_scoring_counts_dont_know_in_denominator(fft: Measure) -> None:
    scoring = fft.scoring.fft
    assert scoring is not None
    assert scoring.item == "fft"
    assert scoring.positive == ("very_good", "good")
    assert scoring.negative == ("poor", "very_poor")
    assert scoring.exclude_from_denominator == ()


def test_source_is_cited() -> None:
    text = (DEFINITIONS_DIR / "fft.yaml").read_text(encoding="utf-8")
    assert "Using the Friends and Family Test to improve patient experience" in text
