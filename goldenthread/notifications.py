"""E-mail: every message Golden Thread sends is a template triple rendered here.

A message named ``NAME`` is three templates under ``templates/emails/NAME/``: ``subject.txt``
(one line), ``body.txt`` (the plain-text part) and ``body.html`` (the HTML alternative). Both
parts carry the same words, so a reader whose mail program shows only text misses nothing.
Mail goes through Django's configured backend (``EMAIL_BACKEND``; see docs/operating.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    """A link for an e-mail: ``GOLDENTHREAD_BASE_URL`` + path, or the path alone (relative)
    when no base URL is set, as in development."""
    base = getattr(settings, "GOLDENTHREAD_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{path}"


def render_templated_mail(
    *, template: str, to: Sequence[str], context: Mapping[str, Any]
) -> EmailMultiAlternatives:
    """The message, ready to send: subject, text body and HTML alternative."""
    context = dict(context)
    subject = render_to_string(f"emails/{template}/subject.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),  # a header is one line
        body=render_to_string(f"emails/{template}/body.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
    )
    message.attach_alternative(
        render_to_string(f"emails/{template}/body.html", context), "text/html"
    )
    return message


def send_templated_mail(*, template: str, to: Sequence[str], context: Mapping[str, Any]) -> None:
    """Render ``emails/<template>/`` with the context and send it; raises if sending fails."""
    render_templated_mail(template=template, to=to, context=context).send(fail_silently=False)
