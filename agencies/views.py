from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import render
from django.urls import reverse

from core.http import AuthenticatedHttpRequest

from . import second_factor
from .forms import SignInForm
from .oidc import enabled_providers
from .roles import Role


class SignInView(LoginView):
    template_name = "agencies/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "identity_providers": enabled_providers()}

    def get_success_url(self) -> str:
        # An officer who owes a second factor goes on to give it (or to set up an authenticator app first).
        url = super().get_success_url()
        if not second_factor.pending(self.request):
            return url
        name = "security:code" if second_factor.authenticator(self.request.user) else "security:set_up"
        return f"{reverse(name)}?{urlencode({self.redirect_field_name: url})}"


@login_required
def account(request: AuthenticatedHttpRequest):
    """The signed-in officer's own details: who they are, their agency and their roles; their password and second
    factor."""
    officer = request.user
    roles = [
        Role(name.removeprefix("role:")).label
        for name in officer.groups.filter(name__startswith="role:").values_list("name", flat=True)
    ]
    authenticator = second_factor.authenticator(officer)
    return render(
        request,
        "agencies/account.html",
        {
            "officer": officer,
            "roles": sorted(roles),
            "authenticator": authenticator,
            "second_factor_required": second_factor.required_for(officer),
            "recovery_codes_left": second_factor.recovery_codes_left(officer) if authenticator else 0,
            "recovery_code_count": second_factor.RECOVERY_CODE_COUNT,
        },
    )
