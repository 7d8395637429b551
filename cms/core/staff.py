"""Staff are shown by their real name (张伟), not their login, on cases, timelines, print pages and exports.

A Chinese name is kept whole in ``first_name`` (family name first, no space), so Wagtail's own admin, which
shows ``get_full_name()``, reads it the same way; an account without a name falls back to its login.
"""

from django.contrib.auth import get_user_model


def display_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def names_by_id() -> dict[int, str]:
    """Every account's display name by id, read once for an export instead of once per row."""
    rows = get_user_model().objects.values_list("pk", "first_name", "last_name", "username")
    return {pk: f"{first} {last}".strip() or username for pk, first, last, username in rows}
