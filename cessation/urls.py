"""The cessation workflow's pages: on a case (propose, the proposal and its meetings, signing, letters, further
reports, documents), and on their own for the people who are not on the case (peer reviewers, further report
reviewers) and for the queue. Each step's pages are in their own module of cessation/views/."""

from django.urls import path

from .views import closure_report, decision, documents, further_reports, letters, pack, peer_review, proposal, queue

app_name = "cessation"

CASE = "cases/<str:reference>/cessation/"
PROPOSAL = CASE + "<int:number>/"
REVIEW = "cessation/peer-reviews/<int:pk>/"
FURTHER = "cessation/further-reports/<int:pk>/"
PACK = "cessation/case-review-packs/<int:pk>/"

urlpatterns = [
    path("cessation/", queue.queue, name="queue"),
    path(CASE + "propose/", proposal.propose, name="propose"),
    path(CASE + "summary/", proposal.summary, name="summary"),
    path(PROPOSAL, proposal.proposal_detail, name="proposal"),
    path(PROPOSAL + "withdraw/", proposal.withdraw, name="withdraw"),
    path(PROPOSAL + "meetings/<int:meeting_pk>/", decision.meeting, name="meeting"),
    path(PROPOSAL + "meetings/<int:meeting_pk>/peer-review/", peer_review.request_review, name="peer_review_request"),
    path(PROPOSAL + "written-decision/", decision.written_decision, name="written_decision"),
    path(PROPOSAL + "draft-closure-report.pdf", documents.draft_report, name="draft_report"),
    path(PROPOSAL + "sign/", closure_report.sign, name="sign"),
    path(PROPOSAL + "closure-reports/new/", closure_report.new_version, name="new_version"),
    path(PROPOSAL + "letters/new/", letters.letter_new, name="letter_new"),
    path(CASE + "letters/<int:pk>/visit/", letters.visit, name="visit"),
    path(CASE + "further-reports/new/", further_reports.further_report_new, name="further_report_new"),
    path(CASE + "case-review-pack/", pack.case_review_pack, name="case_review_pack"),
    path("cases/<str:reference>/plan/<int:number>/appendix-a.pdf", documents.appendix_a, name="appendix_a"),
    path(REVIEW, peer_review.review, name="review"),
    path(REVIEW + "answer/", peer_review.answer, name="review_answer"),
    path(REVIEW + "case-review-pack/", pack.review_pack, name="review_pack"),
    path(REVIEW + "proposal.pdf", documents.review_proposal_pdf, name="review_proposal_pdf"),
    path(REVIEW + "appendix-a.pdf", documents.review_appendix_a, name="review_appendix_a"),
    path(FURTHER, further_reports.further_report, name="further_report"),
    path(FURTHER + "review/", further_reports.further_report_review, name="further_report_review"),
    path(FURTHER + "letter/", further_reports.further_letter, name="further_letter"),
    path(FURTHER + "case-review-pack/", pack.further_report_pack, name="further_report_pack"),
    path(PACK, pack.pack_job, name="pack_job"),
    path(PACK + "status/", pack.pack_job_status, name="pack_job_status"),
    path(PACK + "case-review-pack.pdf", pack.pack_download, name="pack_download"),
]
