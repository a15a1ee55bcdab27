"""The cessation workflow's documents as PDFs, rendered by WeasyPrint from templates/pdf/cessation/, one module each:
the proposal with its collated summary, the closure report (draft or signed), the letters to the complainant on the
lead agency's letterhead, the Appendix A form of any plan version, and the case review pack (pack.py)."""

from .appendix_a import render_appendix_a_pdf
from .closure_report import render_closure_report_pdf
from .letters import cessation_letter_html, further_letter_html, render_cessation_letter_pdf, render_further_letter_pdf
from .pack import render_case_review_pack_pdf
from .proposal import render_proposal_pdf

__all__ = [
    "render_appendix_a_pdf",
    "render_case_review_pack_pdf",
    "cessation_letter_html",
    "render_cessation_letter_pdf",
    "render_closure_report_pdf",
    "render_further_letter_pdf",
    "further_letter_html",
    "render_proposal_pdf",
]
