from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models

from .models import Agency, Department, IdentityProvider, Officer
from .oidc import DiscoveryError, discover


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "require_second_factor", "is_active"]
    list_filter = ["kind", "require_second_factor", "is_active"]
    search_fields = ["name", "short_name"]
    inlines = [DepartmentInline]


@admin.register(Officer)
class OfficerAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "department", "is_active"]
    list_filter = ["agency", "groups", "is_active"]
    list_select_related = ["agency", "department"]
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Agency", {"fields": ("agency", "department", "job_title", "telephone")}),
        ("Single sign-on", {"fields": ("oidc_provider", "oidc_subject")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Agency", {"fields": ("agency", "department", "first_name", "last_name", "email")}),
    )


def _https_by_default(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class IdentityProviderForm(forms.ModelForm):
    # The secret is written, never shown back: the page and its history would otherwise carry it.
    client_secret = forms.CharField(
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text="Never shown again once saved. Leave blank to keep the secret already saved.",
    )
    discover = forms.BooleanField(
        required=False,
        initial=True,
        label="Fill the endpoints from the issuer's discovery document",
        help_text="Reads <issuer>/.well-known/openid-configuration when saving, replacing the endpoints below.",
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "agency",
            "display_name",
            "slug",
            "enabled",
            "issuer",
            "client_id",
            "client_secret",
            *IdentityProvider.ENDPOINTS,
            "signing_algorithm",
            "match_by",
        ]
        formfield_callback = _https_by_default

    def clean_client_secret(self) -> str:
        secret = self.cleaned_data["client_secret"]
        if secret:
            return secret
        if self.instance.pk and self.instance.client_secret:
            return self.instance.client_secret
        raise forms.ValidationError("Enter the client secret the provider gave for this service")

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        issuer = cleaned.get("issuer")
        if cleaned.get("discover") and issuer:
            try:
                cleaned.update(discover(issuer))
            except DiscoveryError as error:
                self.add_error("issuer", str(error))
        return cleaned


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    form = IdentityProviderForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["display_name", "agency", "issuer", "match_by", "enabled"]
    list_filter = ["enabled", "match_by"]
    list_select_related = ["agency"]
    search_fields = ["display_name", "slug", "issuer", "agency__name"]
    prepopulated_fields = {"slug": ["display_name"]}
    fieldsets = (
        (None, {"fields": ("agency", "display_name", "slug", "enabled")}),
        (
            "Registration at the provider",
            {
                "fields": ("issuer", "client_id", "client_secret"),
                "description": "Register this service at the provider with the redirect URI "
                "https://<this service's address>/sign-in/sso/callback/ and the scopes openid, email and profile.",
            },
        ),
        (
            "Endpoints",
            {
                "fields": (
                    "discover",
                    "authorization_endpoint",
                    "token_endpoint",
                    "userinfo_endpoint",
                    "jwks_uri",
                )
            },
        ),
        ("Tokens", {"fields": ("signing_algorithm", "match_by")}),
    )


# The audit trail's admin is in cases/admin.py: what it shows of each event depends on the cases the
# administrator may see.
