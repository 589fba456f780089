"""A small stand-in for the GOV.UK Notify API, served on a loopback port in a thread.

It answers ``POST /v2/notifications/sms`` and ``/v2/notifications/email`` as Notify does:
it checks the JWT the official client signs (issuer = service id, HS256 with the key's
secret, issued within 30 seconds, using the client library's own checks), checks the JSON
body (known fields only, a template of the right type, every placeholder given, a UK
mobile number or an email address), records each message it accepts, and can be told
to answer 400 or 500 for a given recipient.
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from notifications_python_client.authentication import decode_jwt_token, get_token_issuer
from notifications_python_client.errors import TokenError
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from survey_app.config import NotifySettings, Settings

PLACEHOLDER = re.compile(r"\(\(([^()]+)\)\)")
UK_MOBILE = re.compile(r"(?:\+44|0044|44)?0?7\d{9}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

SMS_FIELDS = {"phone_number", "template_id", "personalisation", "reference", "sms_sender_id"}
EMAIL_FIELDS = {
    "email_address",
    "template_id",
    "personalisation",
    "reference",
    "email_reply_to_id",
    "one_click_unsubscribe_url",
}


@dataclass(frozen=True)
class Template:
    """A Notify template: its type and body with ``((placeholders))``."""

    kind: str
    body: str

    @property
    def placeholders(self) -> set[str]:
        return {name.strip().lower() for name in PLACEHOLDER.findall(self.body)}


@dataclass
class Message:
    """One message Notify accepted."""

    kind: str
    to: str
    template_id: str
    personalisation: dict[str, str]
    reference: str | None


@dataclass
class FakeNotify:
    """The fake service: its key, templates, what it received and how it should fail."""

    service_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    secret: str = field(default_factory=lambda: str(uuid.uuid4()))
    templates: dict[str, Template] = field(default_factory=dict)
    messages: list[Message] = field(default_factory=list)
    fail_for: dict[str, int] = field(default_factory=dict)
    url: str = ""

    @property
    def api_key(self) -> str:
        """An API key in Notify's format: ``{key name}-{service id}-{secret}``."""
        return f"prem-test-{self.service_id}-{self.secret}"

    def add_template(self, kind: str, body: str) -> str:
        """Register a template and return its id."""
        template_id = str(uuid.uuid4())
        self.templates[template_id] = Template(kind, body)
        return template_id

    def sent_to(self, to: str) -> list[Message]:
        """The accepted messages for one recipient."""
        return [m for m in self.messages if m.to == to]

    # The WSGI app -------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        kind = {"/v2/notifications/sms": "sms", "/v2/notifications/email": "email"}.get(
            request.path
        )
        if request.method != "POST" or kind is None:
            response = _error(404, "ResourceNotFound", "Not found")
        else:
            response = self._authorised(request) or self._notification(kind, request)
        return response(environ, start_response)

    def _authorised(self, request: Request) -> Response | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return _error(401, "AuthError", "Unauthorized: authentication token must be provided")
        token = header.removeprefix("Bearer ")
        try:
            if get_token_issuer(token) != self.service_id:
                return _error(403, "AuthError", "Invalid token: service not found")
            decode_jwt_token(token, self.secret)
        except TokenError as error:
            return _error(403, "AuthError", error.message)
        return None

    def _notification(self, kind: str, request: Request) -> Response:
        try:
            body = json.loads(request.get_data(as_text=True))
        except ValueError:
            return _error(400, "BadRequestError", "Invalid JSON supplied in POST data")
        problems = _check(kind, body, self.templates)
        if problems:
            return _errors(400, "ValidationError", problems)
        to = body["phone_number" if kind == "sms" else "email_address"]
        if to in self.fail_for:
            status = self.fail_for[to]
            return _error(status, "BadRequestError" if status < 500 else "Exception", "failed")
        self.messages.append(
            Message(
                kind,
                to,
                body["template_id"],
                body.get("personalisation") or {},
                body.get("reference"),
            )
        )
        return Response(
            json.dumps(
                {
                    "id": str(uuid.uuid4()),
                    "reference": body.get("reference"),
                    "content": {"body": "…"},
                    "uri": f"{self.url}/v2/notifications/x",
                    "template": {"id": body["template_id"], "version": 1, "uri": ""},
                }
            ),
            status=201,
            mimetype="application/json",
        )


def _check(kind: str, body: Any, templates: dict[str, Template]) -> list[str]:
    if not isinstance(body, dict):
        return ["JSON body must be an object"]
    allowed, recipient = (
        (SMS_FIELDS, "phone_number") if kind == "sms" else (EMAIL_FIELDS, "email_address")
    )
    problems = [
        f"Additional properties are not allowed ({k} was unexpected)"
        for k in body
        if k not in allowed
    ]
    for required in ("template_id", recipient):
        if required not in body:
            problems.append(f"{required} is a required property")
    to = body.get(recipient)
    if to is not None and not (UK_MOBILE if kind == "sms" else EMAIL).fullmatch(str(to)):
        problems.append(
            f"{recipient} Not a valid {'UK mobile number' if kind == 'sms' else 'email address'}"
        )
    template = templates.get(str(body.get("template_id")))
    if "template_id" in body and (template is None or template.kind != kind):
        problems.append("Template not found")
    personalisation = body.get("personalisation", {})
    if not isinstance(personalisation, dict):
        problems.append("personalisation is not of type object")
    elif template is not None:
        given = {str(k).lower() for k in personalisation}
        missing = sorted(template.placeholders - given)
        if missing:
            problems.append(f"Missing personalisation: {', '.join(missing)}")
    return problems


def _errors(status: int, error: str, messages: list[str]) -> Response:
    payload = {"status_code": status, "errors": [{"error": error, "message": m} for m in messages]}
    return Response(json.dumps(payload), status=status, mimetype="application/json")


def _error(status: int, error: str, message: str) -> Response:
    return _errors(status, error, [message])


@contextmanager
def running_fake_notify() -> Iterator[FakeNotify]:
    """Serve a :class:`FakeNotify` on a free loopback port until the block ends."""
    fake = FakeNotify()
    server = make_server("127.0.0.1", 0, fake, threaded=True)
    fake.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        thread.join(timeout=5)


def notify_settings(settings: Settings, fake: FakeNotify) -> Settings:
    """``settings`` switched on for sending through ``fake``, with four templates.

    The templates use the placeholders the platform fills: ``((service))`` and ``((link))``.
    """
    templates = {
        (kind, message): fake.add_template(
            kind, f"{message}: ((service)) would like to hear about your care. ((link))"
        )
        for kind in ("sms", "email")
        for message in ("first", "reminder")
    }
    return replace(settings, notify=NotifySettings(fake.api_key, fake.url, templates))
