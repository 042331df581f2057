"""Bytes as they come: gzip, byte-order marks, and the encodings Amazon uses.

The reader parses UTF-8 only; this module hands it one. A UTF-8 file (with or without a BOM)
is read in place, after a check that runs at memory speed on ASCII text. Anything else is
decoded once, in chunks, into a UTF-8 copy in the work directory, so memory stays flat
whatever the file's size.

Detection order when no ``--encoding`` is given:

1. a UTF-8 or UTF-16 byte-order mark decides; without one, a header whose every other byte
   is NUL is UTF-16 (little- or big-endian by where the NULs are: a header is ASCII);
2. UTF-8, if every byte sequence is valid UTF-8 (Seller Central's usual download);
3. CP932 (Shift_JIS, Japan), if the file decodes as CP932 and at least half of its non-ASCII
   characters are Japanese, with some kana among them (Windows-1252 text read as CP932 turns
   into kanji and half-width katakana, never mostly kana);
4. Windows-1252 (US/EU files from the Selling Partner API), if it decodes;
5. otherwise the file is refused and the seller asked for ``--encoding``.

CP932 must be tried before Windows-1252 because almost any byte string decodes as
Windows-1252, Japanese included. A NUL byte marks a binary file and is refused.

``--encoding`` takes text encodings only: codecs that turn bytes into text (not rot13,
base64, zlib, hex, bz2, uu, quopri, which transform bytes to bytes) and not the ones no
report is written in that turn plain ASCII into other text (UTF-7, IDNA, punycode, Python's
escape codecs): UTF-7 in particular can hide markup in plain letters.

Hostile sizes are refused at memory speed before any parsing: a header of more than
``MAX_COLUMNS`` columns, and a line longer than ``MAX_LINE`` bytes (the widest report
Amazon writes has about a hundred columns and lines of a few kilobytes).
"""

from __future__ import annotations

import codecs
import gzip
import re
import shutil
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ipitui.reports.errors import ReportError, shown

CHUNK = 1 << 22
_GZIP = b"\x1f\x8b"
_ZIP = b"PK\x03\x04"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 (little-endian, no BOM)",
    "utf-16-be": "UTF-16 (big-endian, no BOM)",
    "cp1252": "Windows-1252",
    "cp932": "Shift_JIS (CP932)",
}
_KANA = re.compile("[\u3040-\u30ff]")
_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f\u3000-\u303f\uff01-\uff5e]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# text codecs no report is written in (see the module docstring)
_NOT_REPORT_TEXT = frozenset(
    {"utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"}
)
TEXT_ENCODINGS = (
    "utf-8, utf-16 (utf-16-le, utf-16-be), utf-32, cp1252 (Windows-1252), cp932 (Shift_JIS), "
    "latin-1 and the other iso8859-*, cp*, euc-*, gb*, big5 and mac-* encodings"
)
MAX_COLUMNS = 2000  # ~100 in the widest report: 20x that is no report
MAX_LINE = 1 << 20  # bytes; a report's longest line is a few kilobytes


@dataclass(frozen=True)
class Source:
    """A report file ready to parse: ``text`` is UTF-8 (the file itself or a decoded copy)."""

    path: Path
    text: Path
    encoding: str  # how the file was read, for the import summary
    compressed: bool
    header: list[str]
    # False while non-ASCII text is only taken to be UTF-8: polars checks it while parsing,
    # and ``settle`` decides if polars refuses it.
    checked: bool = True
    codec: str = "utf-8"  # "utf-8-sig" when a BOM or --encoding declared UTF-8, "" if guessed


def _chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def _binary(path: Path) -> ReportError:
    return ReportError(
        path, "this is a binary file, not a tab-delimited report (it contains NUL bytes)"
    )


def _gunzip(path: Path, workdir: Path) -> Path:
    out = workdir / f"{uuid.uuid4().hex}.unzipped"
    try:
        with gzip.open(path, "rb") as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)
    except (OSError, EOFError, zlib.error) as exc:
        raise ReportError(
            path, f"the gzip-compressed file is damaged or cut short ({exc})"
        ) from None
    return out


class _Decoder:
    """Decodes a file chunk by chunk, keeping track of lines so errors can say where."""

    def __init__(self, path: Path, codec: str) -> None:
        self.path = path
        self.codec = codec
        self.decoder = codecs.getincrementaldecoder(codec)("strict")
        self.lines = 1  # the line the next decoded character is on
        self.tail = ""  # decoded text of the current line so far
        self.header: str | None = None

    def feed(self, chunk: bytes, final: bool = False) -> str:
        try:
            text = self.decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            raise self._where(exc) from None
        self._advance(text)
        return text

    def _advance(self, text: str) -> None:
        newlines = text.count("\n")
        if self.header is None and newlines:
            self.header = self.tail + text[: text.index("\n")]
        if newlines:
            self.lines += newlines
            self.tail = text[text.rindex("\n") + 1 :]
        else:
            self.tail += text
        self.tail = self.tail[-100_000:]

    def _where(self, exc: UnicodeDecodeError) -> ReportError:
        before = exc.object[: exc.start].decode(self.codec, errors="replace")
        self._advance(before)
        field = self.tail.count("\t")
        names = (self.header if self.header is not None else self.tail).rstrip("\r").split("\t")
        column = names[field] if field < len(names) and self.header is not None else None
        bad = exc.object[exc.start : exc.end + 8]
        label = _LABELS.get(codecs.lookup(self.codec).name, self.codec)
        return ReportError(
            self.path,
            f"bytes that are not valid {label} text ({bad!r}); give the file's encoding with "
            "--encoding (for example cp1252 or cp932)",
            line=self.lines,
            column=column,
        )


class _LineGuard:
    """Refuses a line longer than ``MAX_LINE`` bytes, chunk by chunk at memory speed (each
    byte is looked at by ``find`` once or twice; Python steps once per ``MAX_LINE`` bytes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.run = 0  # bytes of the current line so far
        self.lines = 0  # newlines in the chunks before this one

    def feed(self, chunk: bytes) -> None:
        first = chunk.find(b"\n")
        if first == -1:
            self.run += len(chunk)
            if self.run > MAX_LINE:
                raise self._long(self.lines + 1)
            return
        if self.run + first > MAX_LINE:
            raise self._long(self.lines + 1)
        pos = first + 1
        while len(chunk) - pos > MAX_LINE:
            newline = chunk.rfind(b"\n", pos, pos + MAX_LINE + 1)
            if newline == -1:
                raise self._long(self.lines + chunk.count(b"\n", 0, pos) + 1)
            pos = newline + 1
        last = chunk.rfind(b"\n")
        self.run = len(chunk) - last - 1
        self.lines += chunk.count(b"\n")

    def _long(self, line: int) -> ReportError:
        return ReportError(
            self.path,
            f"a line longer than {MAX_LINE // (1 << 20)} MB: no Amazon report has lines this "
            "long, so this is not a report or it is damaged",
            line=line,
        )


def _is_ascii(path: Path, raw: Path) -> bool:
    """True if every byte is ASCII; refuses binary files (NUL bytes) and overlong lines.
    Runs at memory speed."""
    ascii_only = True
    guard = _LineGuard(path)
    for chunk in _chunks(raw):
        if b"\x00" in chunk:
            raise _binary(path)
        guard.feed(chunk)
        ascii_only = ascii_only and chunk.isascii()
    return ascii_only


def _is_utf8(raw: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        for chunk in _chunks(raw):
            if not chunk.isascii() or decoder.getstate()[0]:
                decoder.decode(chunk)
        decoder.decode(b"", True)
    except UnicodeDecodeError:
        return False
    return True


def _guess_legacy(raw: Path) -> str:
    """CP932 or Windows-1252 for a file that is not UTF-8 (see the module's rules)."""
    decoder = codecs.getincrementaldecoder("cp932")("strict")
    kana = japanese = non_ascii = 0
    try:
        for chunk in _chunks(raw):
            text = decoder.decode(chunk)
            kana += len(_KANA.findall(text))
            japanese += len(_JAPANESE.findall(text))
            non_ascii += len(_NON_ASCII.findall(text))
        decoder.decode(b"", True)
        if kana and japanese * 2 >= non_ascii:
            return "cp932"
    except UnicodeDecodeError:
        pass
    return "cp1252"


def _transcode(path: Path, raw: Path, codec: str, workdir: Path) -> Path:
    out = workdir / f"{uuid.uuid4().hex}.utf8"
    decoder = _Decoder(path, codec)
    with open(out, "wb") as dst:
        for chunk in _chunks(raw):
            dst.write(decoder.feed(chunk).encode("utf-8"))
        dst.write(decoder.feed(b"", final=True).encode("utf-8"))
    return out


def _header(path: Path, text: Path) -> list[str]:
    with open(text, "rb") as fh:
        head = fh.readline(MAX_LINE + 1)
    columns = head.count(b"\t") + 1
    if columns > MAX_COLUMNS:
        raise ReportError(
            path,
            f"the header has {columns:,} columns: no Amazon report has more than "
            f"a few hundred, so this is not a report or it is damaged",
            line=1,
        )
    return head.decode("utf-8", errors="replace").rstrip("\r\n").lstrip("\ufeff").split("\t")


def _utf16_order(raw: Path) -> str:
    """``utf-16-le`` or ``utf-16-be`` for UTF-16 text without a BOM (ASCII header: its NUL
    bytes are the high halves), or "" if the start of the file is not such text."""
    with open(raw, "rb") as fh:
        sample = fh.read(512)
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 8:
        return ""
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) == len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) == len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return ""


def _text_codec(path: Path, encoding: str) -> str:
    """The codec of ``--encoding``, if it is a text encoding a report can be written in."""
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        info = None
    if info is None or not info._is_text_encoding or info.name in _NOT_REPORT_TEXT:
        what = "unknown encoding" if info is None else "not a text encoding a report is written in:"
        raise ReportError(
            path,
            f"{what} {shown(encoding, 40)!r}; --encoding takes a text encoding: {TEXT_ENCODINGS}",
        )
    return info.name


def open_report(path: str | Path, workdir: Path, encoding: str | None = None) -> Source:
    """Check ``path`` and return a UTF-8 :class:`Source` for it (decoded into ``workdir``).

    Files written into ``workdir`` are removed again if the file is refused."""
    path = Path(path)
    before = set(workdir.iterdir())
    try:
        return _open(path, workdir, encoding)
    except BaseException:
        for made in set(workdir.iterdir()) - before:
            made.unlink(missing_ok=True)
        raise


def _open(path: Path, workdir: Path, encoding: str | None) -> Source:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise ReportError(path, f"cannot read the file ({exc.strerror or exc})") from None
    compressed = head.startswith(_GZIP)
    raw = _gunzip(path, workdir) if compressed else path
    if compressed:
        with open(raw, "rb") as fh:
            head = fh.read(4)
    if head.startswith(_ZIP):
        raise ReportError(
            path,
            "this is a ZIP archive or an Excel workbook, not a tab-delimited report: download "
            "the report as a .txt file, or save the sheet as 'Text (Tab delimited)'",
        )
    if not any(chunk.strip() for chunk in _chunks(raw)):
        raise ReportError(path, "the file is empty")

    bom = next((b for b in _BOMS if head.startswith(b[0])), None)
    if encoding is not None:
        codec, label = _text_codec(path, encoding), encoding
        if codec in ("utf-16", "utf-32") and bom is None:
            # the codec wants a BOM to know the byte order; without one, the header says it
            order = _utf16_order(raw) if codec == "utf-16" else ""
            codec = order or codec + "-le"
    elif bom is not None:
        _, codec, label = bom
    elif order := _utf16_order(raw):
        codec, label = order, _LABELS[order]
    else:
        codec, label = "", ""
    if codec in ("utf-8", "utf-8-sig") or not codec:
        ascii_only = _is_ascii(path, raw)
        return Source(
            path, raw, label or "UTF-8", compressed, _header(path, raw), ascii_only, codec or ""
        )
    return _decoded(path, raw, codec, label, compressed, workdir)


def _decoded(
    path: Path, raw: Path, codec: str, label: str, compressed: bool, workdir: Path
) -> Source:
    text = _transcode(path, raw, codec, workdir)
    if compressed:
        raw.unlink()
    guard = _LineGuard(path)
    with open(text, "rb") as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            if b"\x00" in chunk:
                raise _binary(path)
            guard.feed(chunk)
    return Source(path, text, label, compressed, _header(path, text))


def settle(source: Source, workdir: Path) -> Source:
    """Decide about a source taken to be UTF-8 that polars refused: the same source, now
    checked, if it is valid UTF-8 after all (the refusal had another cause); else a UTF-8
    copy decoded from CP932 or Windows-1252 (see the module's rules). If UTF-8 was declared
    (a BOM or --encoding), the first invalid byte is reported with its line and column."""
    if source.checked:
        return source
    if source.codec:
        decoder = _Decoder(source.path, source.codec)  # raises at the first invalid byte
        for chunk in _chunks(source.text):
            decoder.feed(chunk)
        decoder.feed(b"", final=True)
    elif not _is_utf8(source.text):
        codec = _guess_legacy(source.text)
        return _decoded(source.path, source.text, codec, _LABELS[codec], source.compressed, workdir)
    return replace(source, checked=True)
