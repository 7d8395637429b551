"""Message templates: short Chinese texts that name a case by its reference, never its description or a
person. Apps register theirs when they load (e.g. ``cms/cases/notices.py``); a message stores only the key
and a context of references and ids, and is rendered when it is sent.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _l


@dataclass(frozen=True)
class Template:
    key: str
    text: str  # str.format() with the message's context, e.g. "您反映的诉求 {reference} 已受理。"
    subject: str = ""  # e-mail subject; the text is the body
    # The link: a path formatted with the context ("/admin/…/{case_id}/"), or a URL name reversed with
    # the context values named in url_args.
    url: str = ""
    url_name: str = ""
    url_args: tuple[str, ...] = ()
    # The context keys an SMS provider's approved template takes as parameters (in this order).
    sms_params: tuple[str, ...] = ()
    # Values worked out when the message is sent instead of kept in its row: a one-time code is derived
    # from a secret and the row's nonce, so the outbox (readable by the office) never holds it.
    derive: Callable[[dict], dict] | None = None

    def values(self, context: dict) -> dict:
        return {**context, **self.derive(context)} if self.derive else context

    def render(self, context: dict) -> str:
        return str(self.text).format(**self.values(context))

    def render_subject(self, context: dict) -> str:
        return str(self.subject or self.text).format(**self.values(context))[:120]

    def render_url(self, context: dict) -> str:
        if self.url_name:
            return reverse(self.url_name, args=[context[name] for name in self.url_args])
        return self.url.format(**context) if self.url else ""


class UnknownTemplateError(LookupError):
    pass


_registry: dict[str, Template] = {}


def register(*templates: Template) -> None:
    for template in templates:
        _registry[template.key] = template


def get(key: str) -> Template:
    try:
        return _registry[key]
    except KeyError:
        raise UnknownTemplateError(key) from None


register(
    Template(
        key="digest",
        subject=_l("千灯 · 每日待办摘要（{date}）"),
        text=_l("{date} 待办摘要：{summary}"),
        url="/admin/",
    ),
)
