from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import render

from core.http import AuthenticatedHttpRequest

from .forms import SignInForm
from .oidc import enabled_providers
from .roles import Role


class SignInView(LoginView):
    template_name = "agencies/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "identity_providers": enabled_providers()}


@login_required
def account(request: AuthenticatedHttpRequest):
    """The signed-in officer's own details: who they are, their agency and their roles."""
    roles = [
        Role(name.removeprefix("role:")).label
        for name in request.user.groups.filter(name__startswith="role:").values_list("name", flat=True)
    ]
    return render(request, "agencies/account.html", {"officer": request.user, "roles": sorted(roles)})
