from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from agencies.oidc import SignOnCallbackView, SignOnStartView
from agencies.views import SignInView, account

from .health import health

admin.site.site_header = "LLR ASB Case Management: administration"
admin.site.site_title = "LLR ASB Case Management"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="cases:my_cases", permanent=False), name="home"),
    path("sign-in/", SignInView.as_view(), name="login"),
    path("sign-in/sso/callback/", SignOnCallbackView.as_view(), name="sso_callback"),
    path("sign-in/sso/<slug:slug>/", SignOnStartView.as_view(), name="sso_start"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", account, name="account"),
    path("", include("agencies.security_urls")),
    path("admin/", admin.site.urls),
    # The load balancer's probe: no sign-in, "ok" or "unavailable" and nothing more (config/health.py).
    path("health/", health, name="health"),
    path("", include("cases.urls")),
    path("", include("cases.jag_management.urls")),
    path("", include("agencies.notification_urls")),
    path("", include("cases.meetings.urls")),
    path("", include("cases.case_reviews.urls")),
    path("", include("cases.closure.urls")),
    path("", include("cases.victims.urls")),
    path("", include("cases.support.urls")),
    path("", include("cases.exploitation.urls")),
    path("dashboard/", include("cases.dashboard.urls")),
    path("search/", include("cases.search.urls")),
    path("", include("incremental.urls")),
    path("", include("cessation.urls")),
    path("", include("orders.urls")),
]
