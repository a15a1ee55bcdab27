"""The cessation workflow's pages: on a case (propose, the proposal and its meetings, signing, letters, further
reports, documents), and on their own for the people who are not on the case (peer reviewers, further report
reviewers) and for the queue."""

from django.urls import path

from . import document_views, further_views, review_views, views

app_name = "cessation"

CASE = "cases/<str:reference>/cessation/"
PROPOSAL = CASE + "<int:number>/"
REVIEW = "cessation/peer-reviews/<int:pk>/"
FURTHER = "cessation/further-reports/<int:pk>/"

urlpatterns = [
    path("cessation/", views.queue, name="queue"),
    path(CASE + "propose/", views.propose, name="propose"),
    path(CASE + "summary/", views.summary, name="summary"),
    path(PROPOSAL, views.proposal_detail, name="proposal"),
    path(PROPOSAL + "withdraw/", views.withdraw, name="withdraw"),
    path(PROPOSAL + "meetings/<int:meeting_pk>/", views.meeting, name="meeting"),
    path(PROPOSAL + "meetings/<int:meeting_pk>/peer-review/", review_views.request_review, name="peer_review_request"),
    path(PROPOSAL + "draft-closure-report.pdf", document_views.draft_report, name="draft_report"),
    path(PROPOSAL + "sign/", views.sign, name="sign"),
    path(PROPOSAL + "closure-reports/new/", views.new_version, name="new_version"),
    path(PROPOSAL + "letters/new/", views.letter_new, name="letter_new"),
    path(CASE + "letters/<int:pk>/visit/", views.visit, name="visit"),
    path(CASE + "further-reports/new/", further_views.further_report_new, name="further_report_new"),
    path(CASE + "case-review-pack.pdf", document_views.case_review_pack, name="case_review_pack"),
    path("cases/<str:reference>/plan/<int:number>/appendix-a.pdf", document_views.appendix_a, name="appendix_a"),
    path(REVIEW, review_views.review, name="review"),
    path(REVIEW + "answer/", review_views.answer, name="review_answer"),
    path(REVIEW + "case-review-pack.pdf", document_views.review_pack, name="review_pack"),
    path(REVIEW + "proposal.pdf", document_views.review_proposal_pdf, name="review_proposal_pdf"),
    path(REVIEW + "appendix-a.pdf", document_views.review_appendix_a, name="review_appendix_a"),
    path(FURTHER, further_views.further_report, name="further_report"),
    path(FURTHER + "review/", further_views.further_report_review, name="further_report_review"),
    path(FURTHER + "case-review-pack.pdf", document_views.further_report_pack, name="further_report_pack"),
]
