"""Response counts by mode and language: small numbers withheld, rates with Wilson intervals."""

from __future__ import annotations

import math
from dataclasses import fields

import pandas as pd
import pytest
from scipy.stats import norm

from reports.response_counts import CountRow, ResponseCounts, response_counts

MODES = {
    "sms": "Text message",
    "email": "Email",
    "letter-qr": "Letter with a QR code",
    "poster-qr": "Poster with a QR code",
}
LANGUAGES = {"en": "English", "pl": "Polski", "cy": "Cymraeg"}


def _rows(counts: dict[tuple[str, str], int]) -> pd.DataFrame:
    """One row per response, as the query hands them over."""
    return pd.DataFrame(
        [(mode, language) for (mode, language), n in counts.items() for _ in range(n)],
        columns=["mode", "language"],
    )


def _count(rows: pd.DataFrame, **options: object) -> ResponseCounts:
    settings = {
        "quarter": "2026Q3",
        "min_n": 10,
        "mode_labels": MODES,
        "language_labels": LANGUAGES,
        **options,
    }
    return response_counts(rows, **settings)  # type: ignore[arg-type]


def _by_label(rows: tuple[CountRow, ...]) -> dict[str, CountRow]:
    return {row.label: row for row in rows}


def _wilson(x: int, n: int) -> tuple[float, float]:
    """Wilson (1927) score interval at 95%, written out independently of statsmodels."""
    z = norm.ppf(0.975)
    p = x / n
    centre, half = p + z**2 / (2 * n), z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return (centre - half) / (1 + z**2 / n), (centre + half) / (1 + z**2 / n)


def _numbers(result: ResponseCounts) -> list[int]:
    found = [result.total]
    for row in (*result.by_mode, *result.by_language):
        found += [row.invited, row.responses]
        if row.rate is not None:
            found += [row.rate.successes, row.rate.n]
    return [n for n in found if n is not None]


def test_three_answers_by_poster_are_withheld_and_so_is_the_next_smallest_mode() -> None:
    rows = _rows({("sms", "en"): 40, ("letter-qr", "en"): 12, ("poster-qr", "en"): 3})
    result = _count(rows, invited={"sms": 200, "letter-qr": 100})
    modes = _by_label(result.by_mode)
    assert result.total == 55
    assert modes["Poster with a QR code"].responses is None
    assert modes["Poster with a QR code"].note == "Fewer than 10 responses"
    # 55 - 40 = 15 would give the poster's 3 away if the letters' 12 were shown.
    assert modes["Letter with a QR code"].responses is None
    assert modes["Letter with a QR code"].rate is None
    assert "cannot be worked out" in (modes["Letter with a QR code"].note or "")
    assert modes["Letter with a QR code"].invited == 100  # invitations reveal no one
    assert modes["Text message"].responses == 40
    assert not any(1 <= n < 10 for n in _numbers(result))


def test_two_small_modes_that_add_up_to_ten_need_no_third() -> None:
    rows = _rows({("sms", "en"): 30, ("email", "en"): 6, ("poster-qr", "en"): 5})
    modes = _by_label(_count(rows, invited={"sms": 90, "email": 40}).by_mode)
    assert modes["Email"].responses is None and modes["Poster with a QR code"].responses is None
    assert modes["Text message"].responses == 30  # 41 - 30 = 11 reveals no one's cell


def test_a_small_language_is_withheld_with_the_next_smallest() -> None:
    rows = _rows({("sms", "en"): 30, ("sms", "pl"): 11, ("sms", "cy"): 2})
    languages = _by_label(_count(rows, invited={"sms": 100}).by_language)
    assert [row.label for row in _count(rows).by_language] == ["English", "Polski", "Cymraeg"]
    assert languages["English"].responses == 30
    assert languages["Polski"].responses is None and languages["Cymraeg"].responses is None
    assert languages["English"].invited is None and languages["English"].rate is None


def test_a_quarter_with_fewer_than_ten_answers_shows_no_number() -> None:
    result = _count(_rows({("sms", "en"): 4, ("email", "pl"): 3}), invited={"sms": 50})
    assert result.total is None
    assert all(row.responses is None for row in (*result.by_mode, *result.by_language))
    assert not any(1 <= n < 10 for n in _numbers(result))


def test_rate_matches_newcombe_1998_and_the_closed_form() -> None:
    # Newcombe RG (1998), Stat Med 17:857-872, Table I, method 3: 81/263 -> 0.2553 to 0.3662.
    result = _count(_rows({("letter-qr", "en"): 81}), invited={"letter-qr": 263})
    [letters] = result.by_mode
    assert letters.rate is not None
    assert (round(letters.rate.lower, 4), round(letters.rate.upper, 4)) == (0.2553, 0.3662)
    assert (letters.rate.lower, letters.rate.upper) == pytest.approx(_wilson(81, 263), abs=1e-12)
    assert letters.rate.estimate == pytest.approx(81 / 263) and letters.rate.method == "wilson"
    assert (letters.invited, letters.responses, letters.note) == (263, 81, None)


def test_ways_without_invitations_say_so_and_have_no_rate() -> None:
    rows = _rows({("sms", "en"): 20, ("poster-qr", "en"): 15})
    modes = _by_label(_count(rows, invited={"sms": 100, "email": 50}).by_mode)
    poster = modes["Poster with a QR code"]
    assert (poster.invited, poster.responses, poster.rate) == (None, 15, None)
    assert poster.note == "No invitations: Poster with a QR code"
    email = modes["Email"]  # sent but nobody answered: a zero is shown, with its interval
    assert (email.invited, email.responses, email.note) == (50, 0, None)
    assert email.rate is not None and email.rate.lower == 0.0
    assert email.rate.upper == pytest.approx(_wilson(0, 50)[1])


def test_more_answers_than_invitations_this_quarter_gives_no_rate() -> None:
    [sms] = _count(_rows({("sms", "en"): 30}), invited={"sms": 20}).by_mode
    assert (sms.invited, sms.responses, sms.rate) == (20, 30, None)
    assert "More responses than invitations" in (sms.note or "")


def test_fewer_than_ten_invitations_are_not_shown() -> None:
    rows = _rows({("sms", "en"): 20, ("email", "en"): 0})
    modes = _by_label(_count(rows, invited={"sms": 40, "email": 7}).by_mode)
    assert modes["Email"].invited is None and modes["Email"].rate is None
    assert modes["Email"].note == "Fewer than 10 invitations, so no rate"


def test_counted_rows_and_unknown_codes() -> None:
    rows = pd.DataFrame({"mode": ["sms", "kiosk"], "language": ["en", "xx"], "n": [25, 12]})
    result = _count(rows)
    assert [row.label for row in result.by_mode] == ["Text message", "kiosk"]
    assert [row.label for row in result.by_language] == ["English", "xx"]
    assert result.total == 37 and result.quarter == "2026Q3" and result.min_n == 10


def test_rows_without_a_mode_column_are_refused() -> None:
    with pytest.raises(ValueError, match="mode"):
        _count(pd.DataFrame({"language": ["en"]}))


def test_results_are_frozen() -> None:
    result = _count(_rows({("sms", "en"): 12}))
    with pytest.raises(AttributeError):
        result.total = 0  # type: ignore[misc]
    assert [f.name for f in fields(CountRow)] == ["label", "invited", "responses", "rate", "note"]
