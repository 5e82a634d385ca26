from django.urls import path

from reports import api, views

app_name = "reports"
urlpatterns = [
    path("", views.national_summary, name="summary"),
    path("provinces/<int:pk>/", views.province_detail, name="province"),
    path("post-offices/<int:pk>/", views.post_office_detail, name="post_office"),
    path("staff/<int:pk>/", views.staff_detail, name="staff"),
    path("api/v1/summary/", api.summary, name="api_summary"),
    path("api/v1/plans/", api.plans, name="api_plans"),
]
