"""The fast XES reader (polars tokenises the document) against lxml's, which is the
reference: same frame on generated and on tricky hand-written documents, and a decline —
so lxml reads it — for everything the fast reader does not understand."""

import gzip

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from samhandling.pathways.engine import LogImportError, read_log, xes
from samhandling.pathways.engine.generate import generate, write_generated
from samhandling.pathways.engine.reading import read_xes, read_xes_lxml

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n'


def same(fast: pl.DataFrame, reference: pl.DataFrame) -> None:
    assert_frame_equal(fast, reference, check_column_order=False)


def both(tmp_path, text: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    path = tmp_path / "log.xes"
    path.write_bytes(text.encode("utf-8"))
    return xes.read(path.read_bytes()), read_xes_lxml(path)


def test_a_generated_log_reads_the_same_as_with_lxml(tmp_path):
    path = tmp_path / "log.xes"
    write_generated(generate(300, seed=11), path)
    fast, reference = xes.read(path.read_bytes()), read_xes_lxml(path)
    assert fast.height > 1000
    same(fast, reference)
    assert fast.columns == reference.columns


def test_a_gzipped_log_reads_the_same_as_the_plain_one(tmp_path):
    frame = generate(50, seed=12)
    write_generated(frame, tmp_path / "log.xes")
    write_generated(frame, tmp_path / "log.xes.gz")
    same(read_xes(tmp_path / "log.xes.gz"), read_xes(tmp_path / "log.xes"))
    same(read_xes(tmp_path / "log.xes.gz"), read_xes_lxml(tmp_path / "log.xes.gz"))


UNDERSTOOD = {
    "entities": HEAD
    + '<trace><string key="concept:name" value="A &amp; B &lt;1&gt; &quot;x&quot; &apos;y&apos; &amp;lt;"/>\n'
    + '<event><string key="concept:name" value="Ut&amp;inn"/><date key="time:timestamp" value="2024-01-01T10:00:00"/></event>\n'
    + "</trace>\n</log>\n",
    "value before key, spaces around =, tabs and newlines between attributes": HEAD
    + '<trace>\n  <string value="C1" key="concept:name" />\n'
    + '  <event>\n\t<string\tvalue = "Inn"\n\t\tkey = "concept:name"/>\n'
    + '    <date key="time:timestamp"   value="2024-01-01T10:00:00"  />\n  </event >\n</trace >\n</log>',
    "empty traces and a trace with attributes only": HEAD
    + "<trace></trace>\n<trace>\n</trace>\n"
    + '<trace><string key="concept:name" value="lonely"/></trace>\n'
    + '<trace><string key="concept:name" value="C2"/><event><string key="concept:name" value="Inn"/></event></trace>\n'
    + "</log>\n",
    "trace attributes after and between events": HEAD
    + '<trace><event><string key="concept:name" value="Inn"/></event>\n'
    + '<string key="concept:name" value="C3"/>\n'
    + '<event><string key="concept:name" value="Ut"/></event>\n'
    + '<int key="age" value="80"/></trace>\n</log>\n',
    "events with different attributes, a key given twice, an empty value": HEAD
    + '<trace><string key="concept:name" value="C4"/>\n'
    + '<event><string key="concept:name" value="Inn"/><string key="org:group" value="HUS"/></event>\n'
    + '<event><string key="concept:name" value="Ut"/><string key="concept:name" value="Ut2"/>'
    + '<boolean key="flag" value="true"/><float key="score" value=""/></event>\n'
    + '<event><id key="id" value="x-1"/></event>\n'
    + "</trace>\n</log>\n",
    "log attributes, extensions, globals and classifiers": HEAD
    + '<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n'
    + '<global scope="trace"><string key="concept:name" value="__INVALID__"/></global>\n'
    + '<global scope="event">\n<string key="concept:name" value="__INVALID__"/>\n</global>\n'
    + '<classifier name="Activity" keys="concept:name"/>\n'
    + '<string key="concept:name" value="the log itself"/>\n'
    + '<trace><string key="concept:name" value="C5"/><event><string key="concept:name" value="Inn"/></event></trace>\n'
    + "</log>\n",
    "no XML declaration, Windows line ends, non-ASCII text": (
        '<log xes.version="1.0">\r\n<trace><string key="concept:name" value="Pasient ø"/>\r\n'
        + '<event><string key="concept:name" value="Utskrivningsklar æ"/>\r\n'
        + '<string key="note" value="two\r\nlines\ttab"/></event>\r\n</trace>\r\n</log>\r\n'
    ),
    "a greater-than sign inside a value": HEAD
    + '<trace><string key="concept:name" value="a>b"/><event><string key="k" value="1 > 0"/></event></trace></log>',
}


@pytest.mark.parametrize("name", list(UNDERSTOOD))
def test_tricky_documents_read_the_same_as_with_lxml(tmp_path, name):
    fast, reference = both(tmp_path, UNDERSTOOD[name])
    same(fast, reference)


def test_values_are_unescaped_and_lines_point_at_each_event(tmp_path):
    fast, _ = both(tmp_path, UNDERSTOOD["entities"])
    assert fast["case:concept:name"].to_list() == ["A & B <1> \"x\" 'y' &lt;"]
    assert fast["concept:name"].to_list() == ["Ut&inn"]
    assert fast["_line"].to_list() == [4]


def test_trace_attributes_reach_events_before_them(tmp_path):
    fast, reference = both(tmp_path, UNDERSTOOD["trace attributes after and between events"])
    assert fast["case:concept:name"].to_list() == ["C3", "C3"]
    assert reference["case:age"].to_list() == ["80", "80"]


DECLINED = {
    "comment": HEAD
    + '<!-- <trace> --><trace><string key="concept:name" value="C"/><event><string key="concept:name" value="A"/></event></trace></log>',
    "CDATA": HEAD
    + '<trace><string key="concept:name" value="C"/><event><string key="concept:name" value="A"/>'
    + "<![CDATA[ <event> ]]></event></trace></log>",
    "processing instruction": HEAD
    + '<?pi data?><trace><string key="concept:name" value="C"/><event><string key="concept:name" value="A"/></event></trace></log>',
    "nested attribute": HEAD
    + '<trace><string key="concept:name" value="C"/><event><string key="concept:name" value="A">'
    + '<string key="inner" value="x"/></string></event></trace></log>',
    "list attribute": HEAD
    + '<trace><string key="concept:name" value="C"/><event><string key="concept:name" value="A"/>'
    + '<list key="l"><values><string key="v" value="1"/></values></list></event></trace></log>',
    "single quotes": HEAD
    + "<trace><string key='concept:name' value='C'/><event><string key=\"concept:name\" value=\"A\"/></event></trace></log>",
    "character reference": HEAD
    + '<trace><string key="concept:name" value="C&#248;"/><event><string key="concept:name" value="A"/></event></trace></log>',
    "namespace prefix": HEAD.replace("xmlns=", "xmlns:xes=")
    + '<xes:trace><string key="concept:name" value="C"/><event><string key="concept:name" value="A"/></event></xes:trace></log>',
    "text content": HEAD
    + '<trace><string key="concept:name" value="C"/><event>stray<string key="concept:name" value="A"/></event></trace></log>',
}


@pytest.mark.parametrize("name", list(DECLINED))
def test_what_the_fast_reader_does_not_understand_goes_to_lxml(tmp_path, name):
    path = tmp_path / "log.xes"
    path.write_text(DECLINED[name], encoding="utf-8")
    with pytest.raises(xes.UnsupportedError):
        xes.read(path.read_bytes())
    same(read_xes(path), read_xes_lxml(path))
    assert read_xes(path).height == 1


def test_another_declared_encoding_goes_to_lxml(tmp_path):
    path = tmp_path / "log.xes"
    text = HEAD.replace("UTF-8", "ISO-8859-1") + (
        '<trace><string key="concept:name" value="Bjørn"/><event><string key="concept:name" value="Inn"/></event></trace></log>'
    )
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(xes.UnsupportedError):
        xes.read(path.read_bytes())
    assert read_xes(path)["case:concept:name"].to_list() == ["Bjørn"]


# Well-formed XML, but not the shape of XES: lxml's reading stands.
ODD_SHAPES = {
    "event outside a trace": HEAD + "<event>\n</event>\n</log>\n",
    "trace in a trace": HEAD
    + '<trace><string key="concept:name" value="C"/><trace><event/></trace></trace>\n</log>\n',
    "self-closing event": HEAD
    + '<trace><string key="concept:name" value="C"/><event/></trace></log>',
}


@pytest.mark.parametrize("name", list(ODD_SHAPES))
def test_odd_shapes_are_declined_and_read_as_lxml_reads_them(tmp_path, name):
    path = tmp_path / "log.xes"
    path.write_text(ODD_SHAPES[name], encoding="utf-8")
    with pytest.raises(xes.UnsupportedError):
        xes.read(path.read_bytes())
    same(read_xes(path), read_xes_lxml(path))


MALFORMED = {
    "unclosed event": HEAD + "<trace>\n<event>\n</trace>\n</log>\n",
    "no closing log": HEAD + "<trace>\n</trace>\n",
    "text after the root": HEAD + "<trace>\n</trace>\n</log>\n<",
    "two roots": HEAD + "</log>\n<log>\n</log>\n",
    "unquoted attribute": HEAD + "<trace><string key=concept:name value=C/></trace></log>",
    "stray ampersand": HEAD + '<trace><string key="concept:name" value="A & B"/></trace></log>',
    "empty tag": HEAD + "<trace><></trace></log>",
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_document_is_declined_and_reported_with_its_line(tmp_path, name):
    path = tmp_path / "broken.xes"
    path.write_text(MALFORMED[name], encoding="utf-8")
    with pytest.raises(xes.UnsupportedError):
        xes.read(path.read_bytes())
    with pytest.raises(LogImportError) as caught:
        read_log(path)
    assert "line" in str(caught.value)


def test_a_gzipped_malformed_document_is_reported_too(tmp_path):
    path = tmp_path / "broken.xes.gz"
    path.write_bytes(gzip.compress(MALFORMED["unclosed event"].encode()))
    with pytest.raises(LogImportError) as caught:
        read_log(path)
    assert "line" in str(caught.value)


def test_a_second_xml_declaration_is_not_overlooked(tmp_path):
    text = HEAD + '<?xml version="1.0" encoding="UTF-8"?>\n</log>\n'
    path = tmp_path / "broken.xes"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(xes.UnsupportedError):
        xes.read(path.read_bytes())
    with pytest.raises(LogImportError):
        read_log(path)


def test_an_attribute_with_a_third_attribute_is_declined(tmp_path):
    text = HEAD + (
        '<trace><string key="concept:name" value="C" extra="1"/>'
        '<event><string key="concept:name" value="A"/></event></trace></log>'
    )
    path = tmp_path / "log.xes"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(xes.UnsupportedError):
        xes.read(path.read_bytes())
    same(read_xes(path), read_xes_lxml(path))


@pytest.mark.parametrize("text", ["<", "<log>", "   ", "<?xml version='1.0'?>"])
def test_scraps_of_documents_are_declined_without_a_crash(text):
    with pytest.raises(xes.UnsupportedError):
        xes.read(text.encode())
