import re
from typing import cast

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from . import second_factor


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


# --- The second factor, and passwords -------------------------------------------------------------------------

SIX_DIGITS = re.compile(r"[0-9]{6}", re.ASCII)
RECOVERY_CODE = re.compile(r"[a-z0-9]{6,16}", re.ASCII)


class SecurityCodeForm(forms.Form):
    """The 6-digit code from the officer's authenticator app (GOV.UK "security code" pattern: one field)."""

    code = forms.CharField(
        label="Security code",
        help_text="Enter the 6-digit code shown in your authenticator app.",
        max_length=20,
        error_messages={"required": "Enter the security code", "max_length": "Enter the 6-digit security code"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("code", field_width=5, autocomplete="one-time-code", inputmode="numeric", spellcheck="false"),
            Button("submit", "Continue"),
        )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not SIX_DIGITS.fullmatch(code):
            raise ValidationError("Enter the 6-digit security code", code="format")
        return code

    def wrong(self) -> None:
        self.add_error("code", "The security code is not correct: enter the code your authenticator app shows now")

    def throttled(self) -> None:
        self.add_error("code", "You entered a wrong code: wait a few seconds, then enter the code shown now")


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        help_text="One of the 10 codes you were given when you set up your authenticator app. Each code works once.",
        max_length=40,
        error_messages={"required": "Enter a recovery code", "max_length": "Enter a recovery code"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("code", field_width=10, autocomplete="off", spellcheck="false"),
            Button("submit", "Continue"),
        )

    def clean_code(self) -> str:
        code = second_factor.recovery_code_normalised(self.cleaned_data["code"])
        if not RECOVERY_CODE.fullmatch(code):
            raise ValidationError("Enter a recovery code, like abcd2efg", code="format")
        return code

    def wrong(self) -> None:
        self.add_error("code", "The recovery code is not correct, or has been used: enter another of your codes")

    def throttled(self) -> None:
        self.add_error("code", "You entered a wrong code: wait a few seconds, then try again")


def password_hint() -> str:
    minimum = next(
        (v.min_length for v in password_validation.get_default_password_validators() if hasattr(v, "min_length")),
        None,
    )
    length = f"at least {minimum} characters" if minimum else "a long password"
    return f"Use {length}. Do not use a common password, only numbers, or something like your name or username."


class NewPasswordForm(SetPasswordForm):
    """A new password, checked against AUTH_PASSWORD_VALIDATORS, its problems shown next to the field."""

    error_messages = {"password_mismatch": "Enter the same password in both fields"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label, first.help_text = "New password", password_hint()
        first.error_messages["required"] = "Enter a new password"
        second.label, second.help_text = "Confirm new password", ""
        second.error_messages["required"] = "Enter the new password again"
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(*self.password_fields(), Button("submit", self.submit_label))

    submit_label = "Set password"

    def password_fields(self) -> list:
        return [
            Field.text("new_password1", field_width=20, autocomplete="new-password"),
            Field.text("new_password2", field_width=20, autocomplete="new-password"),
        ]

    def clean(self):
        # Django's form puts the validators' verdict on the confirmation; it belongs next to the new password.
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class ChangePasswordForm(NewPasswordForm):
    old_password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your current password"},
    )
    field_order = ["old_password", "new_password1", "new_password2"]
    submit_label = "Change password"

    def password_fields(self) -> list:
        return [Field.text("old_password", field_width=20, autocomplete="current-password"), *super().password_fields()]

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        if not self.user.check_password(old_password):
            raise ValidationError("Your current password is not correct", code="password_incorrect")
        return old_password


class ResetPasswordForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        help_text="The email address your agency gave the service for you.",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "Enter an email address in the correct format, like name@example.com",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.label_size = Size.SMALL
        self.helper.layout = Layout(
            Field.text("email", field_width=30, autocomplete="email", spellcheck="false"),
            Button("submit", "Send link"),
        )
