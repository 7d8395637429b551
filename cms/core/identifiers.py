"""Identifiers people copy or read out: random codes without look-alike characters, and saving a record
under a freshly drawn unique value (case references, retrieval codes, certificate numbers)."""

import math
import secrets
from collections.abc import Callable

from django.db import IntegrityError, models, transaction
from django.utils.crypto import salted_hmac

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read out over the phone
# A code that opens a record (a retrieval code) must not be guessable: 2**40 tries against a limiter of a
# few dozen lookups per hour per client. Each character of the alphabet carries log2(31) ≈ 4.95 bits.
SECRET_CODE_BITS = 40


def code_length(bits: int) -> int:
    """The number of characters a random code needs to carry at least ``bits`` bits."""
    return math.ceil(bits / math.log2(len(CODE_ALPHABET)))


def random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def derived_code(purpose: str, nonce: str, length: int, alphabet: str = CODE_ALPHABET) -> str:
    """A code worked out from a secret (``SECRET_KEY``) and a random ``nonce``: a message can carry the nonce
    and render the code only when it is sent, so no table holds the code itself."""
    number = int.from_bytes(salted_hmac(purpose, nonce).digest(), "big")
    chars = []
    for _position in range(length):
        number, index = divmod(number, len(alphabet))
        chars.append(alphabet[index])
    return "".join(chars)


def save_with_unique(
    instance: models.Model, field: str, draw: Callable[[], str], attempts: int = 10
) -> None:
    """Saves ``instance`` with ``field`` set to a drawn value, drawing again while it is taken. The unique
    constraint decides, so two concurrent saves never share a value."""
    for _attempt in range(attempts):
        setattr(instance, field, draw())
        try:
            with transaction.atomic():
                instance.save()
            return
        except IntegrityError:
            if taken(instance, field):
                continue
            raise
    raise RuntimeError(f"no free {instance._meta.model_name} {field} after {attempts} attempts")


def taken(instance: models.Model, field: str) -> bool:
    """Whether another record holds ``instance``'s value of the unique ``field`` (after a refused save)."""
    return type(instance)._default_manager.filter(**{field: getattr(instance, field)}).exists()
