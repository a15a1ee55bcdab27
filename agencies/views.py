from django.contrib.auth.views import LoginView

from .forms import SignInForm


class SignInView(LoginView):
    template_name = "agencies/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
