import numpy as np
import pandas as pd
import pytest

from analysis.redact import (
    REDACTION_LABELS,
    RedactionCounts,
    is_valid_nhs_number,
    redact,
    redact_all,
)
from analysis.simulate_comments import simulate_comments

WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(nine: str) -> int | None:
    """The NHS number check digit, written out from the NHS Data Dictionary ("NHS Number").

    Multiply digit i (1-based) by 11 - i, sum, take the remainder mod 11 and subtract it
    from 11; 11 becomes 0 and 10 means no valid number has these nine digits.
    """
    total = sum(int(d) * w for d, w in zip(nine, WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def random_nine(rng: np.random.Generator, *, valid: bool) -> str:
    """Nine digits starting 4 to 7 (England's issued ranges) that do (not) have a check digit."""
    while True:
        nine = str(rng.integers(4, 8)) + "".join(str(d) for d in rng.integers(0, 10, 8))
        if (check_digit(nine) is not None) == valid:
            return nine


def test_published_example_nhs_number() -> None:
    # 943 476 5919 is the worked example of the Wikipedia article "NHS number":
    # 9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299; 299 mod 11 = 2; 11 − 2 = 9.
    assert check_digit("943476591") == 9
    assert is_valid_nhs_number("9434765919")
    assert is_valid_nhs_number("943 476 5919")
    assert not is_valid_nhs_number("943 476 5918")
    result = redact("My NHS number is 943 476 5919, please check it.")
    assert result.text == "My NHS number is [NHS number], please check it."
    assert result.counts == RedactionCounts(nhs_number=1)


@pytest.mark.parametrize("layout", ["{a} {b} {c}", "{a}{b}{c}", "{a}-{b}-{c}"])
def test_valid_nhs_numbers_are_redacted_in_each_layout(layout: str) -> None:
    rng = np.random.default_rng(11)
    for _ in range(40):
        nine = random_nine(rng, valid=True)
        number = nine + str(check_digit(nine))
        shown = layout.format(a=number[:3], b=number[3:6], c=number[6:])
        assert is_valid_nhs_number(shown)
        result = redact(f"NHS no {shown} - thanks")
        assert result.text == "NHS no [NHS number] - thanks"
        assert result.counts.total == 1


def test_wrong_check_digit_is_not_an_nhs_number() -> None:
    rng = np.random.default_rng(12)
    for _ in range(20):
        nine = random_nine(rng, valid=True)
        for wrong in set(range(10)) - {check_digit(nine)}:
            number = f"{nine[:3]} {nine[3:6]} {nine[6:]}{wrong}"
            assert not is_valid_nhs_number(number)
            # Starts 4 to 7, so not a UK phone number either: left alone.
            assert redact(f"reference {number} on the letter").counts.total == 0


def test_nine_digits_whose_check_would_be_ten_never_make_an_nhs_number() -> None:
    nine = random_nine(np.random.default_rng(13), valid=False)
    for last in range(10):
        assert not is_valid_nhs_number(nine + str(last))
        assert redact(f"code {nine}{last}").text == f"code {nine}{last}"


def test_ten_digits_failing_the_check_but_shaped_like_a_phone_number_are_a_phone_number() -> None:
    # 0800123456: 0×10 + 8×9 + 0×8 + 0×7 + 1×6 + 2×5 + 3×4 + 4×3 + 5×2 = 122; 122 mod 11 = 1;
    # 11 − 1 = 10, so no NHS number. It is an 0800 number (0 then nine digits).
    assert not is_valid_nhs_number("0800123456")
    result = redact("ring 0800123456 any time")
    assert result.text == "ring [phone number] any time"
    assert result.counts == RedactionCounts(phone=1)


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "+44 7700 900123",
        "+447700900123",
        "0044 7700 900123",
        "(0113) 496 0123",
        "0113 496 0123",
        "+44 (0)113 496 0123",
        "020 7946 0958",
        "(020) 7946 0958",
        "01632 960001",
        "0800 123 4567",
        "0345 600 2345",
    ],
)
def test_uk_phone_numbers(number: str) -> None:
    result = redact(f"Call me on {number} after 5.")
    assert result.text == "Call me on [phone number] after 5."
    assert result.counts == RedactionCounts(phone=1)


@pytest.mark.parametrize(
    "address", ["jane.jones@example.com", "J_Smith+nhs@mail.example.co.uk", "a1@b.org"]
)
def test_email_addresses(address: str) -> None:
    result = redact(f"Email {address}.")
    assert result.text == "Email [email]."
    assert result.counts == RedactionCounts(email=1)


@pytest.mark.parametrize(
    "postcode",
    [
        # The six formats in Wikipedia's "Postcodes in the United Kingdom" (Formatting).
        "EC1A 1BB",
        "W1A 0AX",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "LS6 2AB",
        "SW1A 1AA",
        "ls6 2ab",
        "sw1a1aa",
    ],
)
def test_full_postcodes(postcode: str) -> None:
    result = redact(f"We live at {postcode}, near the park")
    assert result.text == "We live at [postcode], near the park"
    assert result.counts == RedactionCounts(postcode=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("seen on 12/03/1938", "seen on [date]"),
        ("seen on 12-3-38", "seen on [date]"),
        ("seen on 12.03.2024", "seen on [date]"),
        ("seen on 1938-03-12", "seen on [date]"),
        ("seen on 3 March 1938", "seen on [date]"),
        ("seen on the 3rd of March 1938", "seen on the [date]"),
        ("seen on March 3rd, 1938", "seen on [date]"),
        ("seen on 3 Sept 2024", "seen on [date]"),
        ("I was born on 12/03/1938.", "I was born on [date of birth]."),
        ("DOB: 3 March 1938", "DOB: [date of birth]"),
        ("d.o.b. 3/3/38", "d.o.b. [date of birth]"),
        ("date of birth 3rd March", "date of birth [date of birth]"),
        ("born on the 3rd of March", "born on the [date of birth]"),
        ("born in 1938 in Leeds", "born in [date of birth] in Leeds"),
    ],
)
def test_dates(text: str, expected: str) -> None:
    result = redact(text)
    assert result.text == expected
    kind = "date_of_birth" if "birth" in expected else "date"
    assert result.counts == RedactionCounts(**{kind: 1})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr Smith was great", "Dr [name] was great"),
        ("Mrs. Jane Jones helped", "Mrs. [name] helped"),
        ("thanks to nurse Amir", "thanks to nurse [name]"),
        ("Sister O'Brien-Kelly and Dr A. Patel", "Sister [name] and Dr [name]"),
        ("Prof McDonald said", "Prof [name] said"),
        ("Mx Sam Lee, Miss Marple, Mr J Bloggs", "Mx [name], Miss [name], Mr [name]"),
        ("Doctor Okafor explained", "Doctor [name] explained"),
        ("Professor Brian Cox", "Professor [name]"),
        ("Dr Patel's clinic", "Dr [name]'s clinic"),
        ("saw Dr Khan On Monday", "saw Dr [name] On Monday"),
    ],
)
def test_names_after_titles_keep_the_title(text: str, expected: str) -> None:
    assert redact(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "I waited 10 minutes on ward 12, bed 4.",
        "Seen on 2 March, then again on 14/3.",
        "My Dr appointment was cancelled twice.",
        "The doctor I saw was kind; the nurse was lovely.",
        "Doctor Who is on TV in the waiting room.",
        "I would give it 10/10.",
        "I live in LS6 and travel by bus.",
        "Aged 87, she waited 4 hours in A&E until 2am.",
        "Appointment at 10.30, parking cost £3.50.",
        "Room 101 is on the 2nd floor, bay B2 3rd bed along.",
        "Call 111 or ring 999 in an emergency.",
        "Open 8am to 6.30pm, 7 days a week.",
        "My mum is 93 and has had 3 falls since 2019.",
        "Nurse. She came back later.",
        "I miss Christmas at home.",
        "The M62 was closed so we took the A1.",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    result = redact(text)
    assert result.text == text
    assert result.counts.total == 0


def test_realistic_comment_with_several_identifiers() -> None:
    text = (
        "My dad (NHS 943 476 5919, born 3 May 1931) was discharged on 12/01/2026 without "
        "meds. Dr Evans said Nurse Grace would ring 07700 900461 but nobody did. Email me "
        "at owen.evans@example.com or write to LS6 2AB. Waited 3 hours on ward 9."
    )
    result = redact(text)
    assert result.text == (
        "My dad (NHS [NHS number], born [date of birth]) was discharged on [date] without "
        "meds. Dr [name] said Nurse [name] would ring [phone number] but nobody did. Email "
        "me at [email] or write to [postcode]. Waited 3 hours on ward 9."
    )
    assert result.counts == RedactionCounts(
        nhs_number=1, phone=1, email=1, postcode=1, date_of_birth=1, date=1, name=2
    )
    assert result.counts.total == 8


def test_redact_all_matches_redact_and_keeps_index_and_missing_values() -> None:
    comments = pd.Series(
        ["Dr Smith rang 0113 496 0000", None, "All fine.", "born in 1950", np.nan],
        index=[10, 20, 30, 40, 50],
        name="comment",
    )
    result = redact_all(comments)
    assert list(result.texts.index) == [10, 20, 30, 40, 50]
    assert result.texts.name == "comment"
    assert result.texts[10] == "Dr [name] rang [phone number]"
    assert result.texts[30] == "All fine."
    assert result.texts[40] == "born in [date of birth]"
    assert result.texts[[20, 50]].isna().all()
    assert result.counts == RedactionCounts(phone=1, date_of_birth=1, name=1)
    assert (result.n, result.n_changed) == (5, 2)


def test_redact_all_keeps_comments_apart() -> None:
    # Digits at the end of one comment and the start of the next must not join up.
    result = redact_all(["ref 07700", "900123 later", "Dr", "Smith came"])
    assert result.texts.tolist() == ["ref 07700", "900123 later", "Dr", "Smith came"]
    assert result.counts.total == 0
    assert redact_all([]).n == 0


def test_every_planted_identifier_is_removed_from_simulated_comments() -> None:
    simulated = simulate_comments(np.random.default_rng(21), 3000, identifier_rate=0.6).frame
    result = redact_all(simulated["comment"])
    planted = simulated["identifier"].notna().to_numpy()
    for text, secret in zip(result.texts[planted], simulated["identifier"][planted], strict=True):
        assert secret not in text
    counts = simulated["identifier_kind"].value_counts()
    for kind in ("nhs_number", "phone", "email", "postcode", "date_of_birth", "name"):
        assert getattr(result.counts, kind) == counts[kind], kind
        assert counts[kind] > 200
    assert result.counts.date == 0  # the only dates planted follow a birth cue
    nhs = simulated.loc[simulated["identifier_kind"] == "nhs_number", "identifier"]
    assert all(is_valid_nhs_number(number) for number in nhs)
    assert nhs.str.replace(r"\D", "", regex=True).str.startswith("999").all()
    assert result.n_changed == planted.sum()
    unplanted = result.texts[~planted].to_numpy()
    assert (unplanted == simulated["comment"][~planted].to_numpy()).all()


def test_labels_are_bracketed_and_distinct() -> None:
    labels = list(REDACTION_LABELS.values())
    assert len(set(labels)) == len(labels) == 7
    assert all(label.startswith("[") and label.endswith("]") for label in labels)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: redact(12345), TypeError, "text must be a string"),
        (lambda: redact_all("Dr Smith"), TypeError, "not a single string"),
        (lambda: redact_all(["fine", 3.5, "ok"]), TypeError, "position 1 is float"),
        (lambda: is_valid_nhs_number(9434765919), TypeError, "number must be a string"),
    ],
)
def test_bad_input(call, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        call()
