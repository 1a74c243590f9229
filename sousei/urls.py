"""URL map: pages (Japanese at /, English under /en/) and the JSON API at /api/v1/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.urls import path

from sousei.api import ckan, metadata
from sousei.api.urls import api
from sousei.web import datasets, login, mapping, publish, residents, stats, strategy, views, vision

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/3/action/<str:name>", ckan.action, name="ckan_action"),
    path("api/action/<str:name>", ckan.action),  # the unversioned form ckanapi uses
    path("catalog.ttl", metadata.catalog_turtle, name="catalog_ttl"),
    path("catalog.jsonld", metadata.catalog_jsonld, name="catalog_jsonld"),
    path(
        "datasets/<slug:name>/datapackage.json",
        metadata.dataset_datapackage,
        name="datapackage",
    ),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("orgs/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("regions/", views.region_list, name="regions"),
    path("regions/<slug:slug>/", views.region_detail, name="region"),
    path("regions/<slug:slug>/map.csv", views.region_map_csv, name="region_map_csv"),
    path("datasets/", datasets.dataset_list, name="datasets"),
    path("datasets/new/", publish.dataset_new, name="dataset_new"),
    path("datasets/<slug:name>/", datasets.dataset_detail, name="dataset"),
    path("datasets/<slug:name>/upload/", publish.dataset_upload, name="dataset_upload"),
    path("datasets/<slug:name>/edit/", publish.dataset_edit, name="dataset_edit"),
    path("jobs/<uuid:job_id>/", publish.job_detail, name="job"),
    path(
        "datasets/<slug:name>/resources/<str:resource_id>/download/<str:fmt>/",
        datasets.resource_download,
        name="resource_download",
    ),
    path(
        "datasets/<slug:name>/resources/<str:resource_id>/statistics/",
        mapping.resource_statistics,
        name="resource_statistics",
    ),
    path("areas/", views.area_list, name="areas"),
    path("areas/<str:code>/", views.area_detail, name="area"),
    path("areas/<str:code>/stats/", stats.area_dashboard, name="area_stats"),
    path("areas/<str:code>/projection/", vision.area_projection, name="area_projection"),
    path(
        "areas/<str:code>/projection.<slug:fmt>",
        vision.area_projection_download,
        name="area_projection_download",
    ),
    path("areas/<str:code>/stats/<slug:name>.csv", stats.area_stats_csv, name="area_stats_csv"),
    path("rankings/", stats.ranking, name="ranking"),
    path("stories/", residents.story_list, name="stories"),
    path("stories/new/", residents.story_edit, name="story_new"),
    path("stories/<slug:slug>/", residents.story_detail, name="story"),
    path("stories/<slug:slug>/edit/", residents.story_edit, name="story_edit"),
    path("stories/<slug:slug>/state/", residents.story_state, name="story_state"),
    path("comments/<str:kind>/<str:key>/", residents.comment_post, name="comment_post"),
    path("requests/", residents.request_list, name="data_requests"),
    path("requests/new/", residents.request_new, name="data_request_new"),
    path("requests/<int:request_id>/", residents.request_detail, name="data_request"),
    path("moderation/", residents.moderation, name="moderation"),
    path(
        "moderation/comments/<int:comment_id>/",
        residents.moderate_comment,
        name="moderate_comment",
    ),
    path(
        "moderation/requests/<int:request_id>/",
        residents.moderate_request,
        name="moderate_request",
    ),
    path("feeds/atom.xml", residents.UpdatesFeed(), name="feed"),
    path("strategies/", strategy.strategy_list, name="strategies"),
    path("strategies/import/", strategy.strategy_import, name="strategy_import"),
    path("strategies/template.xlsx", strategy.strategy_template, name="strategy_template"),
    path("strategies/<int:strategy_id>/", strategy.strategy_detail, name="strategy"),
    path(
        "strategies/<int:strategy_id>/export.xlsx", strategy.strategy_export, name="strategy_export"
    ),
    path(
        "strategies/<int:strategy_id>/publish/", strategy.strategy_publish, name="strategy_publish"
    ),
    path(
        "strategies/<int:strategy_id>/measures/<int:measure_id>/",
        strategy.measure_detail,
        name="strategy_measure",
    ),
    path(
        "strategies/<int:strategy_id>/history/", strategy.strategy_history, name="strategy_history"
    ),
    path(
        "strategies/<int:strategy_id>/kpis/<int:kpi_id>/", strategy.kpi_detail, name="strategy_kpi"
    ),
    path(
        "strategies/<int:strategy_id>/kpis/<int:kpi_id>/edit/",
        strategy.kpi_edit,
        name="strategy_kpi_edit",
    ),
    path(
        "strategies/<int:strategy_id>/kpis/<int:kpi_id>.csv",
        strategy.kpi_csv,
        name="strategy_kpi_csv",
    ),
    path(
        "strategies/<int:strategy_id>/report/<int:year>/",
        strategy.report_page,
        name="strategy_report",
    ),
    path(
        "strategies/<int:strategy_id>/report/<int:year>.<str:fmt>",
        strategy.report_download,
        name="strategy_report_download",
    ),
    path(
        "strategies/<int:strategy_id>/report/<int:year>/publish/",
        strategy.report_publish,
        name="strategy_report_publish",
    ),
    path(
        "strategies/<int:strategy_id>/reports/<int:report_id>/",
        strategy.published_report,
        name="strategy_published_report",
    ),
    path(
        "strategies/<int:strategy_id>/reports/<int:report_id>.<str:fmt>",
        strategy.published_report_download,
        name="strategy_published_report_download",
    ),
    path("accounts/login/", login.ThrottledLoginView.as_view(), name="login"),
    path("accounts/signup/", residents.signup, name="signup"),
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
