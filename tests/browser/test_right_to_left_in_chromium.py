"""The whole-journey questionnaire read in Urdu and in Arabic, right to left, in Chromium.

Each page must say its language and direction on ``<html>``, keep no English (apart from
proper names and what the person typed), and pass axe; answers are chosen by position,
so the walk does not depend on any wording.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations
from tests.browser.journey_steps import report

pytestmark = pytest.mark.browser

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]+")
PROPER_NAMES = {"NHS", "Whole", "Journey", "PREM", "GP", "LS6", "M1"}
"""Names that stay in Latin letters in every language, and postcodes (examples, typed)."""

TYPED = {"ur": "ہسپتال کو میرے ڈاکٹر کا خط ملا تھا۔", "ar": "كان لدى المستشفى رسالة طبيبي."}

VISIBLE_TEXT = """() => {
  const out = [document.title];
  const skip = el => el.closest('.app-language-picker, script, style, [hidden]');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!skip(node.parentElement)) out.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[aria-label], [alt], [title], [placeholder]')) {
    if (skip(el)) continue;
    for (const name of ['aria-label', 'alt', 'title', 'placeholder']) {
      if (el.hasAttribute(name)) out.push(el.getAttribute(name));
    }
  }
  return out.join('\\n');
}"""


def _english_left(page: Page) -> set[str]:
    """Latin-letter words on the page that are not proper names."""
    return {w for w in LATIN_WORD.findall(page.evaluate(VISIBLE_TEXT)) if w not in PROPER_NAMES}


def _page_kind(page: Page) -> str:
    for kind, selector in (
        ("radios", "input[type=radio]"),
        ("checkboxes", "input[type=checkbox]"),
        ("text area", "textarea"),
        ("text input", "input.nhsuk-input"),
    ):
        if page.locator(selector).count():
            return kind
    return "check" if page.url.endswith("/check") else "other"


def _answer(page: Page, kind: str, language: str) -> None:
    if kind == "radios":
        page.locator("input[type=radio]").first.check()
    elif kind == "checkboxes" and not page.locator("input[type=checkbox]:checked").count():
        page.locator("input[type=checkbox]").first.check()
    elif kind == "text area":
        page.locator("textarea").fill(TYPED[language])
    elif kind == "text input":
        typed = "LS6" if page.url.endswith("postcode_district") else TYPED[language]
        page.locator("input.nhsuk-input").fill(typed)


@pytest.mark.parametrize("language", ["ur", "ar"])
def test_the_whole_journey_in_a_right_to_left_language(
    page: Page, journey_token: str, language: str
) -> None:
    page.goto(f"/r/{journey_token}?lang={language}")
    found: dict[str, list[dict[str, object]]] = {}
    english: dict[str, set[str]] = {}
    for _ in range(60):
        html = page.locator("html")
        expect(html).to_have_attribute("lang", language)
        expect(html).to_have_attribute("dir", "rtl")
        kind = _page_kind(page)
        if left := _english_left(page) - set(TYPED[language].split()):
            english[page.url.rsplit("/", 1)[-1]] = left
        if kind not in found:
            found[kind] = axe_violations(page)
        if page.url.endswith("/thank-you"):
            break
        _answer(page, kind, language)
        with page.expect_navigation():  # look at the next page only once it has loaded
            page.locator("form button").last.click()
    else:
        pytest.fail("no thank-you page after 60 pages")
    assert set(found) >= {"radios", "checkboxes", "text area", "text input", "check", "other"}
    assert not english, f"English left on pages: {english}"
    assert not any(found.values()), report(found)
