import pytest

from analysis.api import DEFAULT_MIN_N, is_disclosable


def test_default_threshold_is_ten() -> None:
    assert DEFAULT_MIN_N == 10
    assert not is_disclosable(9)
    assert is_disclosable(10)
    assert not is_disclosable(0)


def test_custom_threshold() -> None:
    assert not is_disclosable(29, min_n=30)
    assert is_disclosable(30, min_n=30)


@pytest.mark.parametrize(
    ("n", "min_n", "error"),
    [(-1, 10, ValueError), (5, 0, ValueError), (5.0, 10, TypeError), (5, True, TypeError)],
)
def test_rejects_bad_arguments(n: object, min_n: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        is_disclosable(n, min_n)  # type: ignore[arg-type]
