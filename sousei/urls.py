"""URL map: pages (Japanese at /, English under /en/) and the JSON API at /api/v1/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import path

from sousei.api.urls import api
from sousei.web import views

urlpatterns = [
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("orgs/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("regions/", views.region_list, name="regions"),
    path("regions/<slug:slug>/", views.region_detail, name="region"),
    path("areas/", views.area_list, name="areas"),
    path("areas/<str:code>/", views.area_detail, name="area"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    prefix_default_language=False,
)

handler400 = "sousei.web.views.bad_request"
handler403 = "sousei.web.views.permission_denied"
handler404 = "sousei.web.views.page_not_found"
handler500 = "sousei.web.views.server_error"
