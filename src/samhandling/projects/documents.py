"""The project directive as a file, laid out like seed 000: a header table (owner and
steering-group leader, project leader, approval date), the title «Prosjektdirektiv
«name»», then the numbered sections, the benefits as a table with a column per beneficiary
and «Nytte for alle ledd» under it, and the roles and milestones as tables. PDF through
WeasyPrint from an HTML print template, DOCX through python-docx (as meetings does)."""

from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import gettext as _

from samhandling.core.documents import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    DocumentInfo,
    new_document,
    pdf_from_template,
    save_document,
)

from . import directive
from .models import DirectiveVersion, Role

__all__ = ["DOCX_CONTENT_TYPE", "PDF_CONTENT_TYPE", "directive_docx", "directive_pdf"]


def filename(version: DirectiveVersion) -> str:
    return f"prosjektdirektiv-{slugify(version.project.slug)}-{version.version}"


def header_facts(version: DirectiveVersion) -> list[tuple[str, str]]:
    project = version.project
    roles = list(project.roles.all())

    def holders(kind: str) -> str:
        return ", ".join(r.holder for r in roles if r.kind == kind)

    owner = holders(Role.Kind.OWNER) or project.owner_as_written
    leader = holders(Role.Kind.STEERING_GROUP_LEADER)
    return [
        (
            _("Project owner / steering group leader"),
            ". ".join(part for part in (owner, leader) if part) or "–",
        ),
        (_("Project leader"), holders(Role.Kind.PROJECT_LEADER) or "–"),
        (_("Version"), version.version),
        (
            _("Approved on"),
            version.approved_on.strftime("%d.%m.%Y") if version.approved_on else _("not approved"),
        ),
    ]


@dataclass(frozen=True)
class PrintedSection:
    spec: directive.SectionSpec
    section: dict


def printed_sections(version: DirectiveVersion) -> list[PrintedSection]:
    sections = directive.normalise(version.sections)
    return [PrintedSection(spec, sections[spec.key]) for spec in directive.SECTIONS]


def directive_info(version: DirectiveVersion) -> DocumentInfo:
    project = version.project
    kind = _("Project directive")
    return DocumentInfo(
        kind=kind,
        title=f"{kind} «{project.name}» {version.version}",
        reference=f"{_('Version')} {version.version}",
        author=project.owner_as_written or _("The secretariat"),
        sender=f"«{project.name}»",
        subject=project.name,
        keywords=(kind, project.name),
    )


def directive_pdf(version: DirectiveVersion) -> bytes:
    return pdf_from_template(
        "projects/documents/directive.html",
        {
            "version": version,
            "project": version.project,
            "facts": header_facts(version),
            "sections": directive.display_sections(version.sections),
            "beneficiaries": directive.BENEFICIARIES,
        },
        directive_info(version),
    )


def directive_docx(version: DirectiveVersion) -> bytes:
    document = new_document(directive_info(version))
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in header_facts(version):
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(f"{label}:").bold = True
        cells[1].text = value
    document.add_paragraph()
    document.add_heading(_("Project directive"), level=1)
    document.add_paragraph(f"{_('Project name')}: «{version.project.name}»")
    for printed in printed_sections(version):
        spec, section = printed.spec, printed.section
        document.add_heading(f"{spec.number} {spec.title}", level=2)
        if section["not_defined"]:
            document.add_paragraph(_("Not defined yet."))
            continue
        for block in section["text"].split("\n\n"):
            if block.strip():
                document.add_paragraph(block.strip())
        for item in section["items"]:
            document.add_paragraph(item, style="List Bullet")
        if spec.shape == directive.BENEFITS:
            columns = directive.BENEFICIARIES
            benefits = document.add_table(rows=1, cols=len(columns))
            benefits.style = "Table Grid"
            for cell, (_key, label) in zip(benefits.rows[0].cells, columns, strict=True):
                cell.paragraphs[0].add_run(str(label)).bold = True
            depth = max((len(section[key]) for key, _label in columns), default=0)
            for index in range(depth):
                cells = benefits.add_row().cells
                for cell, (key, _label) in zip(cells, columns, strict=True):
                    cell.text = section[key][index] if index < len(section[key]) else ""
            if section["all_levels"]:
                row = benefits.add_row().cells
                merged = row[0].merge(row[-1])
                merged.text = ""
                merged.paragraphs[0].add_run(f"{_('Benefit for all levels')}: ").bold = True
                merged.paragraphs[0].add_run(section["all_levels"])
        if spec.shape == directive.ROWS and section["rows"]:
            headings = directive.ROW_HEADINGS[spec.key]
            rows = document.add_table(rows=1, cols=len(headings))
            rows.style = "Table Grid"
            for cell, heading in zip(rows.rows[0].cells, headings, strict=True):
                cell.paragraphs[0].add_run(str(heading)).bold = True
            for row in section["rows"]:
                cells = rows.add_row().cells
                for cell, value in zip(cells, row, strict=False):
                    cell.text = str(value)
    return save_document(document)
