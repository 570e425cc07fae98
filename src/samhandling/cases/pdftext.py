"""Extract a PDF's text in a process of its own: ``python -m samhandling.cases.pdftext PATH
MAX_CHARS MAX_BYTES``. pypdf can spend minutes and hundreds of MB on one page that draws
many small pieces of text, and a page cannot be interrupted from inside; a child process can
be killed when its time is up and is held to a memory limit. The text is written to stdout
page by page, so what was read before the end is kept. Exit 2: not a readable PDF.

No Django here: the child starts in a fraction of a second.
"""

import resource
import sys

_STREAM_LIMITS = (
    "maximum_declared_stream_length",
    "array_based_stream_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "zlib_maximum_output_length",
)
# A PDF's streams are packed too; each unpacks to at most this (pypdf's default is 75 MB).
MAX_STREAM_BYTES = 20 * 1024 * 1024


def main(path: str, max_chars: int, max_bytes: int) -> int:
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))
    from pypdf import PdfReader, apply_configuration
    from pypdf.errors import LimitReachedError

    out = sys.stdout
    written = 0
    with apply_configuration(**dict.fromkeys(_STREAM_LIMITS, MAX_STREAM_BYTES)):
        try:
            reader = PdfReader(path)
            pages = reader.pages
            count = len(pages)
        except Exception:  # pypdf raises many kinds of errors on damaged files
            return 2
        for number in range(count):
            try:
                text = (pages[number].extract_text() or "") + "\n"
            except (LimitReachedError, MemoryError):
                continue  # a page beyond the limits keeps the file, not its text
            except Exception:
                continue
            text = text[: max_chars - written]
            out.write(text)
            out.flush()
            written += len(text)
            if written >= max_chars:
                break
    return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8", errors="replace")
    sys.exit(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
