"""Every form POST, fuzzed: never a server error, and a refused submission writes nothing.

For each POST route (:data:`TARGETS`, checked complete against the app's URL map) the
fuzzer opens the page that shows the form, reads the form as a browser would, and posts
what :func:`submissions` draws: offered values, hostile text, several values for one field,
missing fields, unknown fields, spoiled CSRF tokens, odd files. On SQLite and PostgreSQL:

- the answer is never a 5xx and never shows a traceback;
- a refusal (a 4xx, or the form again with an error summary) leaves every table as it was,
  except the rate-limit counters that count attempts;
- after an accepted submission no row points at a row that is not there.

``PREM_FUZZ_EXAMPLES`` sets the examples per route (default 12; each is a fresh draw).
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from tests.fuzzing import fuzz_settings
from tests.survey_app.admin_client import signed_in
from tests.survey_app.form_fuzz.conftest import Fuzzed
from tests.survey_app.form_fuzz.fingerprint import dangling, fingerprint
from tests.survey_app.form_fuzz.forms import Form, post_forms
from tests.survey_app.form_fuzz.places import TARGET_EMAIL, page_path
from tests.survey_app.form_fuzz.targets import QUESTION_SLUGS, TARGETS, Target
from tests.survey_app.form_fuzz.values import submissions

EXAMPLES = 12


def _client(fuzzed: Fuzzed, who: str, address: str) -> FlaskClient:
    if who in ("admin", "staff"):
        return getattr(fuzzed, who)
    if who == "own-session":  # signing out ends every session of that person
        return signed_in(fuzzed.app, TARGET_EMAIL, REMOTE_ADDR=address)
    client = fuzzed.app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _form(fuzzed: Fuzzed, target: Target, client: FlaskClient, data: st.DataObject) -> Form:
    """The target's form, read from the page that shows it (made fresh where it must be)."""
    slug = {}
    if "{slug}" in target.page:
        slug["slug"] = data.draw(st.sampled_from(QUESTION_SLUGS), label="question")
    path = page_path(target.page, fuzzed.app, fuzzed.ids, client, **slug)
    page = client.get(path, follow_redirects=True)
    assert page.status_code == 200, (target.page, page.status_code)
    forms = post_forms(page.get_data(as_text=True), page.request.path)
    ours = [form for form in forms if target.action().match(form.action)]
    assert ours, f"no form posting to {target.rule} on {page.request.path}"
    # A page may show several (one "remove" button per role), and how many changes as
    # examples add and remove things: draw a number independent of that, so that an
    # example replays the same way.
    return ours[data.draw(st.integers(0, 7), label="form") % len(ours)]


def _refused(response: TestResponse) -> bool:
    """A 4xx, or the form shown again with the errors to put right."""
    if response.status_code >= 400:
        return True
    return response.mimetype == "text/html" and "nhsuk-error-summary" in response.get_data(
        as_text=True
    )


def _changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before if before[name] != after[name])


@pytest.mark.parametrize("target", TARGETS, ids=lambda target: target.rule)
def test_a_form_post_never_fails_and_a_refusal_writes_nothing(
    fuzzed: Fuzzed, target: Target
) -> None:
    @fuzz_settings(EXAMPLES)
    @given(data=st.data())
    def post_anything(data: st.DataObject) -> None:
        address = f"198.51.100.{data.draw(st.integers(1, 254), label='address')}"
        client = _client(fuzzed, target.who, address)
        form = _form(fuzzed, target, client, data)
        submission = data.draw(submissions(form), label="submission")
        before = fingerprint(fuzzed.app)
        response = client.post(form.action, data=submission)
        body = response.get_data(as_text=True) if response.mimetype.startswith("text/") else ""
        assert response.status_code < 500, (response.status_code, body[:2000])
        assert "Traceback" not in body
        if _refused(response):
            changed = _changed(before, fingerprint(fuzzed.app))
            assert not changed, f"refused ({response.status_code}) yet wrote to {changed}"
        else:
            assert not dangling(fuzzed.app)

    post_anything()


def test_every_post_route_is_fuzzed(fuzzed: Fuzzed) -> None:
    served = {
        rule.rule for rule in fuzzed.app.url_map.iter_rules() if "POST" in (rule.methods or ())
    }
    assert served == {target.rule for target in TARGETS}
