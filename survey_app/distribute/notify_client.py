"""Sending one message through GOV.UK Notify, with its errors sorted by what to do next.

Notify answers 400 when one message cannot be sent (a number it refuses, a template
placeholder missing): that contact fails for good. 429, 5xx and no connection at all are
passing: try again on a later run. 403 means our key or set-up is wrong: stop the run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from notifications_python_client.errors import HTTPError, InvalidResponse
from notifications_python_client.notifications import NotificationsAPIClient

from survey_app.config import NotifySettings


class MessageRefused(Exception):
    """Notify will never send this message (HTTP 400); ``str()`` is Notify's reason."""


class TryLater(Exception):
    """Notify is busy or out of reach; the message may be sent on a later run."""


class NotifyUnusable(Exception):
    """Notify refuses every message: the API key or the service's set-up is wrong."""


class Sender(Protocol):
    """Something that sends one message or raises one of the errors above."""

    def send(
        self,
        channel: str,
        to: str,
        template_id: str,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> None: ...


_SEND: dict[str, Callable[..., object]] = {
    "sms": lambda client, to, **kw: client.send_sms_notification(phone_number=to, **kw),
    "email": lambda client, to, **kw: client.send_email_notification(email_address=to, **kw),
}


def _reason(error: HTTPError) -> str:
    message = error.message
    if isinstance(message, list):
        message = "; ".join(str(item.get("message", item)) for item in message)
    return f"Notify {error.status_code}: {message}"[:200]


class NotifySender:
    """A :class:`Sender` through the official client (``notifications-python-client``)."""

    def __init__(self, settings: NotifySettings, timeout: int = 30) -> None:
        if settings.api_key is None:
            raise NotifyUnusable("PREM_NOTIFY_API_KEY is not set")
        self.client = NotificationsAPIClient(
            settings.api_key, base_url=settings.base_url, timeout=timeout
        )

    def send(
        self,
        channel: str,
        to: str,
        template_id: str,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> None:
        try:
            _SEND[channel](
                self.client,
                to,
                template_id=template_id,
                personalisation=dict(personalisation),
                reference=reference,
            )
        except InvalidResponse:
            return  # Notify accepted it (2xx) but its answer was not JSON: it is sent
        except HTTPError as error:
            raise _sorted(error) from None


def _sorted(error: HTTPError) -> Exception:
    status = error.status_code
    if status == 400:
        return MessageRefused(_reason(error))
    if status == 429 or status >= 500:
        return TryLater(_reason(error))
    return NotifyUnusable(_reason(error))
