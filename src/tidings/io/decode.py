"""Bytes to text: UTF-8, or UTF-16/32 after their byte-order mark, with an InputError saying where
bytes stop being text."""

from __future__ import annotations

import codecs

from ..errors import E002, E006, E009, InputError

# UTF-32 first: its little-endian mark begins with UTF-16's
BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(raw: bytes) -> str:
    """`raw` as text (UTF-8, or UTF-16/32 when it starts with their byte-order mark), or an
    InputError saying where it stops being text."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError as err:
                raise InputError(E009.format(encoding=encoding.upper(), offset=err.start)) from None
            if "\x00" in text:
                raise InputError(E006)
            return text
    return decode_utf8(raw)


def decode_utf8(raw: bytes) -> str:
    """`raw` as UTF-8 text (a line of a file, where a byte-order mark means nothing), or an
    InputError saying where it stops being text."""
    if b"\x00" in raw[:8192]:
        raise InputError(E006)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(E002.format(offset=err.start)) from None


def utf8_bytes(raw: bytes) -> bytes:
    """`raw` re-encoded as UTF-8 when it is UTF-16/32 text with a byte-order mark (so that line
    readers can split it), else as it is; an InputError when the marked text does not decode."""
    if any(raw.startswith(mark) for mark, _ in BYTE_ORDER_MARKS):
        return decode_text(raw).encode("utf-8")
    return raw
