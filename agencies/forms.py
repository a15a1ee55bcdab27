from typing import cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account is not active",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        # AuthenticationForm sets the username's max_length after the field is made, so nothing enforces it: a longer
        # one would reach the lockout's record of failed attempts, whose column is shorter than what may be posted.
        limit = cast(forms.CharField, self.fields["username"]).max_length or 150
        self.fields["username"].validators.append(
            MaxLengthValidator(limit, message=f"Enter a username of {limit} characters or fewer")
        )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.text("username", field_width=20, autocomplete="username", spellcheck="false"),
            Field.text("password", field_width=20, autocomplete="current-password"),
            Button("submit", "Sign in"),
        )
        self.fields["password"].widget = forms.PasswordInput()
        self.helper.label_size = Size.SMALL


class OfficerChoiceField(forms.ModelChoiceField):
    """Officers by name and agency (select them with their agency)."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.display_name} ({obj.agency.short_name})" if obj.agency_id else obj.display_name
