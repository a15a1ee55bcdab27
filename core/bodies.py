"""Requests refused before anything reads them."""

from django.http import HttpRequest, HttpResponseBadRequest
from django.template.loader import render_to_string

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


class RefuseUndecodableForms:
    """A form posted in a character set other than UTF-8 is answered with the product's 400 page.

    Django refuses such a form (BadRequest) when request.POST is first read, but leaves the body readable, so the CSRF
    check of the error page reads it again and the 400 becomes a 500; with DEBUG on, the debug page does the same.
    Placed before the CSRF middleware, this answers first, without reading the body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        encoding = request.encoding
        if (
            request.method == "POST"
            and request.content_type == FORM_CONTENT_TYPE
            and encoding is not None
            and encoding.lower() != "utf-8"
        ):
            return HttpResponseBadRequest(render_to_string("400.html"))
        return self.get_response(request)
