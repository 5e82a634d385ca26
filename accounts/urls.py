from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("new/", views.user_create, name="user_create"),
    path("<int:pk>/", views.user_detail, name="user_detail"),
    path("<int:pk>/active/", views.user_active, name="user_active"),
    path("<int:pk>/assignments/", views.assignment_add, name="assignment_add"),
    path("<int:pk>/assignments/<int:assignment_pk>/end/", views.assignment_end, name="assignment_end"),
    path("<int:pk>/password-link/", views.password_link_send, name="password_link_send"),
]
