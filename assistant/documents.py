"""Loading source documents: TXT, Markdown, PDF, DOCX and HTML, with metadata.

Every loader returns plain text whose line numbers and character offsets are
what citations point at. Structure that matters to the chunker (headings,
table rows, list items) is rendered in the Markdown-like form the corpus uses:
`#` headings, tab-separated table rows, `- ` bullets.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SUPPORTED_SUFFIXES = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}
METADATA_FILE = "documents.yaml"


class DocumentError(Exception):
    """A file that cannot be ingested; the message names the file and says why."""


@dataclass
class SourceDocument:
    doc_id: str
    path: Path
    text: str
    sha256: str
    metadata: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.metadata.get("title") or self.path.name


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def readable_name(name: str) -> str:
    """A file name as people read it. Bytes that are not UTF-8 (an Arabic name from a
    Windows zip, say) are read as Windows-1256 when that gives Arabic, else replaced;
    control characters are replaced too, so messages and titles print safely."""
    if re.search(r"[\udc80-\udcff]", name):
        raw = os.fsencode(name)
        try:
            arabic = raw.decode("cp1256")
        except UnicodeDecodeError:
            arabic = ""
        name = arabic if re.search(r"[\u0600-\u06ff]", arabic) else raw.decode("utf-8", "replace")
    return re.sub(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]", "\ufffd", name)


def slug(name: str) -> str:
    s = re.sub(r"[^\w.-]+", "-", name, flags=re.UNICODE).strip("-.")
    return s[:80] or "document"


# --- text decoding --------------------------------------------------------------


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > max(8, len(head) // 50)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 first; then Windows-1256 (common for Arabic here); then best guess."""
    if not data.strip():
        raise DocumentError(f"{name}: the file is empty")
    if _looks_binary(data):
        raise DocumentError(f"{name}: this looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1256")
        arabic = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
        if arabic >= max(3, len(text) // 20):
            return text
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError(f"{name}: could not detect the text encoding")
    return str(best)


# --- loaders ---------------------------------------------------------------------


def _load_text(data: bytes, name: str) -> str:
    return decode_text(data, name)


def _load_pdf(data: bytes, name: str) -> str:
    from pypdf import PdfReader

    # pypdf logs its repairs ("EOF marker not found", ...) as warnings on stderr; a file
    # that cannot be read is reported once, as a DocumentError, instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise DocumentError(f"{name}: the PDF is password-protected")
            except DocumentError:
                raise
            except Exception as exc:  # unsupported crypto, etc.
                raise DocumentError(f"{name}: the PDF is encrypted and cannot be opened ({exc})") from exc
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except Exception as exc:  # damaged files raise many kinds (PdfReadError, LimitReachedError, ...)
        raise DocumentError(f"{name}: not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text.strip():
        raise DocumentError(f"{name}: the PDF has no extractable text (scanned images need OCR first)")
    return text


def _check_zip(data: bytes, name: str, max_unzipped: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"{name}: not a valid DOCX file (damaged zip container)") from exc
    if total > max_unzipped:
        raise DocumentError(
            f"{name}: the DOCX expands to {total / 1e6:.0f} MB, over the {max_unzipped / 1e6:.0f} MB limit "
            "(possible zip bomb)"
        )


def _load_docx(data: bytes, name: str, max_unzipped: int = 200_000_000) -> str:
    _check_zip(data, name, max_unzipped)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise DocumentError(f"{name}: not a readable DOCX file ({exc.__class__.__name__})") from exc
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if not text:
                continue
            style = (block.style.name or "").lower() if block.style is not None else ""
            m = re.match(r"heading (\d)", style)
            if m or style == "title":
                level = int(m.group(1)) if m else 1
                lines += ["#" * level + " " + text, ""]
            elif "list" in style:
                lines.append("- " + text)
            else:
                lines += [text, ""]
        elif isinstance(block, Table):
            for row in block.rows:
                lines.append("\t".join(c.text.strip().replace("\n", " ") for c in row.cells))
            lines.append("")
    text = "\n".join(lines).strip()
    if not text:
        raise DocumentError(f"{name}: the DOCX contains no text")
    return text


_PAGE_CHROME_ROLES = ["navigation", "complementary", "contentinfo", "banner", "search"]


def _load_html(data: bytes, name: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode_text(data, name), "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "svg"]):
        tag.decompose()
    # a news page's menus, "read also" boxes and footer are the site's, not the article's: quoted,
    # they outrank its own passages ("Prima pagina – Comuni – Turismo"). HTML says which they are.
    for tag in soup(["nav", "aside", "footer"]) + soup(attrs={"role": _PAGE_CHROME_ROLES}):
        tag.decompose()
    lines: list[str] = []
    body = soup.body or soup
    for el in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "tr", "pre", "blockquote"]):
        if el.name == "tr":
            cells = [c.get_text(" ", strip=True) for c in el.find_all(["td", "th"])]
            if any(cells):
                lines.append("\t".join(cells))
            continue
        if el.find_parent(["li", "p", "tr"]) is not None:
            continue  # nested; the outer element already carries this text
        text = el.get_text(" ", strip=True)
        if not text:
            continue
        if el.name[0] == "h":
            lines += ["", "#" * int(el.name[1]) + " " + text, ""]
        elif el.name == "li":
            lines.append("- " + text)
        else:
            lines += ["", text, ""]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if not text:
        text = body.get_text("\n", strip=True)
    if not text.strip():
        raise DocumentError(f"{name}: the HTML page contains no text")
    return text


_LOADERS = {"text": _load_text, "pdf": _load_pdf, "html": _load_html}


def load_metadata(directory: Path) -> dict[str, dict]:
    """Per-file metadata from `documents.yaml` next to the documents, keyed by file name."""
    meta_path = directory / METADATA_FILE
    if not meta_path.exists():
        return {}
    data = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    return {entry["file"]: entry for entry in data.get("documents", [])}


def load_document(
    path: Path,
    metadata: dict | None = None,
    *,
    max_bytes: int | None = None,
    max_unzipped: int = 200_000_000,
    display_name: str | None = None,
) -> SourceDocument:
    """Read one file into a SourceDocument, or raise DocumentError with a clear reason."""
    path = Path(path)
    name = display_name or readable_name(path.name)
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise DocumentError(
            f"{name}: unsupported file type '{path.suffix or '(none)'}' "
            f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})"
        )
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise DocumentError(f"{name}: {size / 1e6:.1f} MB is over the {max_bytes / 1e6:g} MB limit")
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    if not data:
        raise DocumentError(f"{name}: the file is empty")
    if kind == "docx":
        text = _load_docx(data, name, max_unzipped)
    else:
        text = _LOADERS[kind](data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta = dict(metadata or {})
    doc_id = meta.pop("id", None) or slug(readable_name(path.stem))
    meta.setdefault("title", readable_name(path.stem))
    meta.setdefault("source_file", name)
    return SourceDocument(doc_id=doc_id, path=path, text=text, sha256=file_sha256(data), metadata=meta)


def discover(paths: list[Path]) -> list[Path]:
    """Files to ingest under the given paths (recursive), supported types only, sorted.

    A file reached twice (a folder and a file inside it, as `ingest --rebuild` passes)
    is listed once."""
    found: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        p = Path(p)
        if p.is_dir():
            files = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            files = [p]
        for f in files:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                found.append(f)
    return found
