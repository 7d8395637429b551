"""``makemessages`` that also extracts ``_l("…")``: the project's alias for ``gettext_lazy`` in models,
forms and admin declarations, which Django's command (xgettext's default keywords) passes over."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_l"]
